// Package lookaround lets generated code check the schema patterns that use
// lookarounds, which JSON Schema's regular expressions (ECMA-262) have and
// Go's regexp does not, where they stand at the places specs put them: one
// or more lookaheads at the start of a pattern, such as a password rule
// ("^(?=.*[A-Z])(?=.*[0-9]).{8,}$") or a list of reserved names
// ("(?!^(cdf|system)$)(^[a-z]+$)"), and lookbehinds right before its final
// $ ("^[a-z0-9_.-]{1,32}(?<![._-])$"). Such a pattern is split into one
// without them and a regular expression for each, which must match, or must
// not, the whole text:
//
//   - a lookahead (?=X) or (?!X) at the start looks at the text from its
//     first character, when the rest of the pattern can match there only
//     (it starts with ^): ^(?:X) must match, or must not;
//   - a lookbehind (?<=Z) or (?<!Z) before the final $ looks back from the
//     end of the text: (?:Z)$ must match, or must not.
package lookaround

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// Cond is a condition a lookaround stands for: the text must match Expr,
// or with Not must not.
type Cond struct {
	Expr string
	Not  bool
}

// Split splits src into a pattern without its lookarounds and the
// conditions they stand for. ok is false when src has no lookaround at
// such a place, has one anywhere else, or does not compile once split.
func Split(src string) (main string, conds []Cond, ok bool) {
	i, prefix := 0, ""
	if strings.HasPrefix(src, "^") {
		i, prefix = 1, "^"
	}
	for strings.HasPrefix(src[i:], "(?=") || strings.HasPrefix(src[i:], "(?!") {
		end := groupEnd(src, i)
		if end < 0 || quantified(src, end) {
			return "", nil, false
		}
		conds = append(conds, Cond{Expr: "^(?:" + src[i+3:end-1] + ")", Not: src[i+2] == '!'})
		i = end
	}
	ahead := len(conds) > 0
	rest := src[i:]
	items, ok := topLevel(rest)
	if !ok {
		return "", nil, false
	}
	// Lookbehinds right before a final $.
	n := len(items)
	if n > 0 && rest[items[n-1].start:] == "$" {
		last := n - 1
		for last > 0 && items[last-1].behind {
			it := items[last-1]
			conds = append(conds, Cond{Expr: "(?:" + rest[it.start+4:it.end-1] + ")$", Not: rest[it.start+3] == '!'})
			last--
		}
		if last < n-1 {
			rest = rest[:items[last].start] + "$"
		}
	}
	if len(conds) == 0 {
		return "", nil, false
	}
	for _, it := range items {
		if it.alt {
			return "", nil, false // a | at the top: a lookaround binds one branch only
		}
	}
	main = prefix + rest
	if ahead && prefix == "" && !startAnchored(main) {
		return "", nil, false
	}
	if _, err := regexp.Compile(main); err != nil {
		return "", nil, false
	}
	for _, c := range conds {
		if _, err := regexp.Compile(c.Expr); err != nil {
			return "", nil, false
		}
	}
	return main, conds, true
}

// item is a top-level element of a pattern: a group (behind: a
// lookbehind), a character class, an escape, one character, or a | (alt).
type item struct {
	start, end  int
	behind, alt bool
}

// topLevel cuts src into its top-level items; ok is false when its
// brackets do not balance or a lookbehind is quantified.
func topLevel(src string) ([]item, bool) {
	var items []item
	for i := 0; i < len(src); {
		it := item{start: i}
		switch c := src[i]; {
		case c == '(':
			it.end = groupEnd(src, i)
			if it.end < 0 {
				return nil, false
			}
			it.behind = strings.HasPrefix(src[i:], "(?<=") || strings.HasPrefix(src[i:], "(?<!")
			if it.behind && quantified(src, it.end) {
				return nil, false
			}
		case c == '[':
			it.end = classEnd(src, i)
			if it.end < 0 {
				return nil, false
			}
		case c == '\\' && i+1 < len(src):
			it.end = i + 2
		case c == '|':
			it.end, it.alt = i+1, true
		case strings.IndexByte("*+?{", c) >= 0 && len(items) > 0:
			// A quantifier belongs to the item before it.
			items[len(items)-1].end = quantEnd(src, i)
			i = items[len(items)-1].end
			continue
		default:
			it.end = i + 1
		}
		items = append(items, it)
		i = it.end
	}
	return items, true
}

// groupEnd returns the index after the ) that closes the group opening at
// src[i], or -1.
func groupEnd(src string, i int) int {
	depth := 0
	for ; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '[':
			if i = classEnd(src, i); i < 0 {
				return -1
			}
			i--
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// classEnd returns the index after the ] that closes the character class
// opening at src[i], or -1. As in ECMA-262, the first ] closes it.
func classEnd(src string, i int) int {
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case ']':
			return i + 1
		}
	}
	return -1
}

// quantified reports whether a quantifier follows the item ending at i.
func quantified(src string, i int) bool {
	return i < len(src) && strings.IndexByte("*+?{", src[i]) >= 0
}

// quantEnd returns the index after the quantifier starting at src[i]
// (and its lazy ?).
func quantEnd(src string, i int) int {
	if src[i] == '{' {
		if j := strings.IndexByte(src[i:], '}'); j > 0 {
			i += j
		}
	}
	i++
	if i < len(src) && src[i] == '?' {
		i++
	}
	return i
}

// startAnchored reports whether the pattern src can match only at the start
// of a text.
func startAnchored(src string) bool {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return false
	}
	var anchored func(re *syntax.Regexp) bool
	anchored = func(re *syntax.Regexp) bool {
		switch re.Op {
		case syntax.OpBeginText:
			return true
		case syntax.OpConcat, syntax.OpCapture:
			return len(re.Sub) > 0 && anchored(re.Sub[0])
		case syntax.OpAlternate:
			for _, s := range re.Sub {
				if !anchored(s) {
					return false
				}
			}
			return true
		}
		return false
	}
	return anchored(re)
}
