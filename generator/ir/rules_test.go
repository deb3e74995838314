package ir

import (
	"reflect"
	"testing"
)

func f(x float64) *float64 { return &x }
func u(x uint64) *uint64   { return &x }

// JoinRules is what holds where both sides do: the tighter bound, the
// shared enum values; what cannot be one rule is named and a's is kept.
func TestJoinRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		a, b  Rules
		want  Rules
		clash []string
	}{
		{"disjoint", Rules{Min: f(1)}, Rules{Max: f(5)}, Rules{Min: f(1), Max: f(5)}, nil},
		{"tighter maximum", Rules{Max: f(10)}, Rules{Max: f(5)}, Rules{Max: f(5)}, nil},
		{"looser maximum", Rules{Max: f(5)}, Rules{Max: f(10)}, Rules{Max: f(5)}, nil},
		{"equal bound, one exclusive", Rules{Min: f(0)}, Rules{Min: f(0), ExclusiveMin: true}, Rules{Min: f(0), ExclusiveMin: true}, nil},
		{"exclusive lower below an inclusive one", Rules{Min: f(2)}, Rules{Min: f(1), ExclusiveMin: true}, Rules{Min: f(2)}, nil},
		{"lengths and counts", Rules{MinLength: u(1), MaxItems: u(10)}, Rules{MinLength: u(3), MaxItems: u(3), UniqueItems: true},
			Rules{MinLength: u(3), MaxItems: u(3), UniqueItems: true}, nil},
		{"enums share", Rules{Enum: []any{"a", "b", 1.0}}, Rules{Enum: []any{"b", int64(1), "c"}}, Rules{Enum: []any{"b", 1.0}}, nil},
		{"enums share nothing", Rules{Enum: []any{"a"}}, Rules{Enum: []any{"b"}}, Rules{Enum: []any{"a"}}, []string{"enum"}},
		{"two patterns", Rules{Pattern: "^a"}, Rules{Pattern: "^b", Max: f(3)}, Rules{Pattern: "^a", Max: f(3)}, []string{"pattern"}},
		{"same pattern", Rules{Pattern: "^a"}, Rules{Pattern: "^a"}, Rules{Pattern: "^a"}, nil},
		{"consts", Rules{Const: 1.0, HasConst: true}, Rules{Const: 2.0, HasConst: true}, Rules{Const: 1.0, HasConst: true}, []string{"const"}},
	} {
		got, clash := JoinRules(tc.a, tc.b)
		if !reflect.DeepEqual(got, tc.want) || !reflect.DeepEqual(clash, tc.clash) {
			t.Errorf("%s: got %+v %v, want %+v %v", tc.name, got, clash, tc.want, tc.clash)
		}
	}
}

// Unimplied drops a use's rule the type's own already makes at least as
// tight, and keeps the rest.
func TestUnimplied(t *testing.T) {
	for _, tc := range []struct {
		name   string
		r, own Rules
		want   Rules
	}{
		{"looser maximum", Rules{Max: f(20)}, Rules{Max: f(10)}, Rules{}},
		{"tighter maximum", Rules{Max: f(5)}, Rules{Max: f(10)}, Rules{Max: f(5)}},
		{"equal, the use's exclusive", Rules{Max: f(10), ExclusiveMax: true}, Rules{Max: f(10)}, Rules{Max: f(10), ExclusiveMax: true}},
		{"equal, the type's exclusive", Rules{Min: f(0)}, Rules{Min: f(0), ExclusiveMin: true}, Rules{}},
		{"enum wider than the type's", Rules{Enum: []any{"a", "b", "c"}}, Rules{Enum: []any{"a", "b"}}, Rules{}},
		{"enum narrower", Rules{Enum: []any{"a"}}, Rules{Enum: []any{"a", "b"}}, Rules{Enum: []any{"a"}}},
		{"counts", Rules{MinItems: u(1), MaxItems: u(3)}, Rules{MinItems: u(2), MaxItems: u(10)}, Rules{MaxItems: u(3)}},
		{"same pattern, other length", Rules{Pattern: "^a", MaxLength: u(3)}, Rules{Pattern: "^a"}, Rules{MaxLength: u(3)}},
		{"no rules of its own", Rules{Min: f(1)}, Rules{}, Rules{Min: f(1)}},
	} {
		if got := Unimplied(tc.r, tc.own); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
