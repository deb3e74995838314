// Package runpattern recognises the most common shape of a schema pattern,
// a run of characters from one set ("^[a-z0-9-]{1,15}$"), so that generated
// code can match it with a loop over the runes instead of a regular
// expression, and need not import regexp at all when every pattern of a
// spec has this shape.
package runpattern

import (
	"regexp/syntax"
	"unicode"
)

// Run is a pattern of the form ^[set]{Min,Max}$ (or *, +, ? or a single
// character in place of the bounds).
type Run struct {
	ASCII    [2]uint64 // the set's characters below 128, one bit each
	Ranges   []rune    // and its others, as lo, hi pairs
	Min, Max int       // the run's length in runes; Max -1: no limit
}

// Parse reports whether src, a pattern in Go's regexp syntax, is a run, and
// describes the run if so.
func Parse(src string) (Run, bool) {
	var p Run
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) != 3 ||
		re.Sub[0].Op != syntax.OpBeginText || re.Sub[2].Op != syntax.OpEndText {
		return p, false
	}
	x := re.Sub[1]
	p.Min, p.Max = 1, 1
	switch x.Op {
	case syntax.OpStar:
		p.Min, p.Max = 0, -1
	case syntax.OpPlus:
		p.Min, p.Max = 1, -1
	case syntax.OpQuest:
		p.Min, p.Max = 0, 1
	case syntax.OpRepeat:
		p.Min, p.Max = x.Min, x.Max
	}
	switch x.Op {
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		x = x.Sub[0]
	}
	var set []rune
	switch x.Op {
	case syntax.OpCharClass:
		set = x.Rune
	case syntax.OpAnyCharNotNL:
		set = []rune{0, '\n' - 1, '\n' + 1, unicode.MaxRune}
	case syntax.OpAnyChar:
		set = []rune{0, unicode.MaxRune}
	default:
		return p, false
	}
	for i := 0; i < len(set); i += 2 {
		lo, hi := set[i], set[i+1]
		for ; lo <= hi && lo < 128; lo++ {
			p.ASCII[lo>>6] |= 1 << (lo & 63)
		}
		if lo <= hi {
			p.Ranges = append(p.Ranges, lo, hi)
		}
	}
	return p, true
}
