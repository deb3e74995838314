package externalref

import (
	"errors"
	"strings"
	"testing"
)

// Keywords beside a $ref into another file hold there, on top of the
// target's own rules: quota is an Id (at least 1) of at most 5, skus are
// Skus (at most 10 non-empty strings) of at most 3, all different. Both
// are written in place, so the rules join: the tighter bound holds.
func TestRulesBesideARefToAnotherFile(t *testing.T) {
	const base = `"id":1,"customer":{"name":"n"}`
	for _, tc := range []struct {
		extra string
		want  []string // path rule, in order
	}{
		{`"quota":5,"skus":["a","b","c"]`, nil},
		{`"quota":0`, []string{"quota minimum"}},
		{`"quota":6`, []string{"quota maximum"}},
		{`"skus":["a","b","c","d"]`, []string{"skus maxItems"}},
		{`"skus":["a","a"]`, []string{"skus[1] uniqueItems"}}, // the repeat
		{`"skus":[""]`, []string{"skus[0] minLength"}},
		{`"skus":["1","2","3","4","5","6","7","8","9","10","11"]`, []string{"skus maxItems"}}, // the tighter of 10 and 3
	} {
		var o Order
		if err := o.UnmarshalJSON([]byte("{" + base + "," + tc.extra + "}")); err != nil {
			t.Fatalf("%s: %v", tc.extra, err)
		}
		err := o.Validate()
		var got []string
		var ve *ValidationError
		if errors.As(err, &ve) {
			for _, v := range ve.Violations {
				got = append(got, v.Path+" "+v.Rule)
			}
		} else if err != nil {
			t.Fatalf("%s: %v", tc.extra, err)
		}
		if strings.Join(got, ", ") != strings.Join(tc.want, ", ") {
			t.Errorf("%s: got %q, want %q", tc.extra, got, tc.want)
		}
	}
	// quota is the id's Go type, skus the list's.
	o := Order{ID: 1, Customer: Customer{Name: "n"}, Quota: Ptr(int64(2)), Skus: []string{"a"}}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
}
