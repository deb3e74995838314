package lookaround

import (
	"regexp"
	"slices"
	"testing"
)

// matches is what generated code does with a split pattern.
func matches(t *testing.T, main string, conds []Cond, s string) bool {
	if !regexp.MustCompile(main).MatchString(s) {
		return false
	}
	for _, c := range conds {
		if regexp.MustCompile(c.Expr).MatchString(s) == c.Not {
			return false
		}
	}
	return true
}

// Split patterns match what ECMAScript's RegExp (with the u flag, as JSON
// Schema validators use it) matches: the table below was written by
// running each pattern over the inputs in Node.js.
func TestSplitMatchesLikeECMAScript(t *testing.T) {
	for _, c := range ecma {
		if _, err := regexp.Compile(c.pattern); err == nil {
			t.Fatalf("%s: Go's regexp compiles it; the test is for patterns it cannot", c.pattern)
		}
		main, conds, ok := Split(c.pattern)
		if !ok {
			t.Errorf("%s: not split", c.pattern)
			continue
		}
		var got []string
		for _, s := range inputs {
			if matches(t, main, conds, s) {
				got = append(got, s)
			}
		}
		if !slices.Equal(got, c.match) {
			t.Errorf("%s (split into %q %+v):\n got %q\nwant %q", c.pattern, main, conds, got, c.match)
		}
	}
}

// Lookarounds anywhere else are not split: the pattern stays unchecked
// (with a warning) rather than checked wrongly.
func TestSplitRefusesOtherPlaces(t *testing.T) {
	for _, p := range []string{
		`a(?=b)`,         // a lookahead in the middle
		`(?<=a)b$`,       // a lookbehind at the start
		`(?!a)b`,         // a lookahead not at the text's start
		`^(?!a)b|c`,      // a | at the top: the lookahead binds one branch
		`^a(?<!b)$|c`,    // likewise a lookbehind
		`^(?=a)+b$`,      // a quantified lookahead
		`^a(?<!b)*$`,     // a quantified lookbehind
		`^(?!a(?<=b))c$`, // a lookaround inside one
		`^(?!a)b(?=c)d$`, // and one left in the middle
		`^a(?<!b)c$`,     // a lookbehind not before the final $
		`^(?!(a)b$`,      // brackets that do not balance
		`^[a-z]+$`,       // nothing to split
		`^(?!\p{Foo})a$`, // a part Go's regexp does not compile
	} {
		if main, conds, ok := Split(p); ok {
			t.Errorf("%s: split into %q %+v", p, main, conds)
		}
	}
	// A ) inside a character class does not close a group.
	main, conds, ok := Split(`^(?![)a]$)[ab)]+$`)
	if !ok || main != `^[ab)]+$` || len(conds) != 1 || conds[0] != (Cond{Expr: `^(?:[)a]$)`, Not: true}) {
		t.Errorf("split into %q %+v, %v", main, conds, ok)
	}
}

var inputs = []string{
	"",
	"a",
	"space",
	"spaces",
	"cdf",
	"Cdf",
	"system1",
	"node-x",
	"a-",
	"-a",
	"abc.def",
	"abc.",
	"Password1",
	"password1",
	"PASSWORD1",
	"Pass word1",
	"Abcdefg1",
	"ab--c",
	"a1",
	"ab",
	"abc",
	"cd",
	"xyz",
	"x",
	"a_b",
	"1abc",
	"a b",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"é",
	"aé1",
	"abc\n",
	"q-r-s",
	"Ab1éxyzw",
}

var ecma = []struct {
	pattern string
	match   []string
}{
	{`(?!^(space|cdf|dms|pg3|shared|system|node|edge)$)(^[a-zA-Z][a-zA-Z0-9_-]{0,41}[a-zA-Z0-9]?$)`, []string{"a", "spaces", "Cdf", "system1", "node-x", "a-", "Password1", "password1", "PASSWORD1", "Abcdefg1", "ab--c", "a1", "ab", "abc", "cd", "xyz", "x", "a_b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "q-r-s"}},
	{`^[a-z0-9][a-z0-9_\-./:]{0,31}(?<![^a-z0-9])$`, []string{"a", "space", "spaces", "cdf", "system1", "node-x", "abc.def", "password1", "ab--c", "a1", "ab", "abc", "cd", "xyz", "x", "a_b", "1abc", "q-r-s"}},
	{`^(?=.*[A-Z])(?=.*[0-9])(?!.*\s).{8,}$`, []string{"Password1", "PASSWORD1", "Abcdefg1", "Ab1éxyzw"}},
	{`^(?!-)[a-z0-9-]{1,63}(?<!-)$`, []string{"a", "space", "spaces", "cdf", "system1", "node-x", "password1", "ab--c", "a1", "ab", "abc", "cd", "xyz", "x", "1abc", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "q-r-s"}},
	{`^(?=[a-z])\w*(?<=\d)$`, []string{"system1", "password1", "a1"}},
	{`^(?!.*--)[a-z-]*$`, []string{"", "a", "space", "spaces", "cdf", "node-x", "a-", "-a", "ab", "abc", "cd", "xyz", "x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "q-r-s"}},
	{`(?=^[a-z])(?!^x)(^[a-z]{2,4}$)`, []string{"cdf", "ab", "abc", "cd"}},
	{`^[a-z]+(?<!ab)(?<!cd)$`, []string{"a", "space", "spaces", "cdf", "abc", "xyz", "x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}},
}

// FuzzSplit: Split never panics, and what it splits compiles.
func FuzzSplit(f *testing.F) {
	for _, c := range ecma {
		f.Add(c.pattern)
	}
	for _, p := range []string{`^(?=)`, `(?<!)$`, `^(?![`, `(?=a{2,`, `^a(?<=b)?$`, `\`, `(?!^a$)(`, `^(?=a)|`} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, src string) {
		main, conds, ok := Split(src)
		if !ok {
			return
		}
		if _, err := regexp.Compile(main); err != nil {
			t.Fatalf("%q: main %q does not compile: %v", src, main, err)
		}
		for _, c := range conds {
			if _, err := regexp.Compile(c.Expr); err != nil {
				t.Fatalf("%q: condition %q does not compile: %v", src, c.Expr, err)
			}
		}
		if len(conds) == 0 {
			t.Fatalf("%q: split with no conditions", src)
		}
	})
}
