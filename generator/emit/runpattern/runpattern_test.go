package runpattern

import "testing"

// The matching itself is checked against regexp in the runtime's tests;
// here, what Parse reads from a pattern.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		src      string
		ok       bool
		min, max int
		ascii    [2]uint64
		ranges   []rune
	}{
		{`^[a-z0-9-]{1,15}$`, true, 1, 15, [2]uint64{0x3ff200000000000, 0x7fffffe00000000}, nil},
		{`^[0-9]*$`, true, 0, -1, [2]uint64{0x3ff000000000000, 0}, nil},
		{`^[_a]?$`, true, 0, 1, [2]uint64{0, 1<<('_'-64) | 1<<('a'-64)}, nil},
		{`^[a-cα-ω]{2,}$`, true, 2, -1, [2]uint64{0, 0x7 << ('a' - 64)}, []rune{'α', 'ω'}},
		{`^[a-z]+[0-9]$`, false, 0, 0, [2]uint64{}, nil},
		{`[a-z]+`, false, 0, 0, [2]uint64{}, nil},
		{`^(a|b)+$`, false, 0, 0, [2]uint64{}, nil},
		{`^[a-z`, false, 0, 0, [2]uint64{}, nil},
	} {
		r, ok := Parse(tc.src)
		if ok != tc.ok {
			t.Errorf("%s: run %v, want %v", tc.src, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		if r.Min != tc.min || r.Max != tc.max || r.ASCII != tc.ascii || string(r.Ranges) != string(tc.ranges) {
			t.Errorf("%s: got %d..%d %#x %q, want %d..%d %#x %q", tc.src, r.Min, r.Max, r.ASCII, r.Ranges, tc.min, tc.max, tc.ascii, tc.ranges)
		}
	}
}
