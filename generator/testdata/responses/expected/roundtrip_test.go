package responses

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

// FuzzResponseHeadersRoundTrip has a handler answer arbitrary text in the
// typed headers of its results: the client receives exactly what the
// handler returned, or the server, unable to send it as it is, answers
// 500 (a handler's mistake, logged) rather than send it altered.
// Crashers found by `go test -fuzz` are kept in
// testdata/fuzz/FuzzResponseHeadersRoundTrip and replayed by every go test.
func FuzzResponseHeadersRoundTrip(f *testing.F) {
	for _, s := range [][2]string{
		{"abc", "/things/1"},
		{`"v5"`, "a,b"},
		{" lead", "trail "},
		{"x\ny", "é€"},
		{"", "\x7f"},
	} {
		f.Add(s[0], s[1])
	}
	h := &api{}
	c, _, _ := serve(f, h)
	f.Fuzz(func(t *testing.T, a, b string) {
		ctx := context.Background()
		// refusedBy500 reports whether the call failed with the server's 500,
		// and fails the test when it failed otherwise.
		refusedBy500 := func(op string, err error) bool {
			t.Helper()
			var ae *APIError
			if err != nil && !(errors.As(err, &ae) && ae.StatusCode == 500) {
				t.Fatalf("%s(%q, %q): %v", op, a, b, err)
			}
			return err != nil
		}

		h.get = &GetThingResult{OK: &Thing{ID: 5, Name: "n"}, ETag: a, XRateRemaining: 1, XTags: []string{a, b}}
		got, err := c.GetThing(ctx, 5)
		if !refusedBy500("GetThing", err) {
			if g, w := [2]any{got.ETag, got.XTags}, [2]any{a, []string{a, b}}; !reflect.DeepEqual(g, w) {
				t.Fatalf("GetThing: the handler returned %#v, the client got %#v", w, g)
			}
		}

		h.create = &CreateThingResult{StatusCode: 202, Location: &b}
		created, err := c.CreateThing(ctx, &NewThing{Name: "n"})
		if !refusedBy500("CreateThing", err) && *created.Location != b {
			t.Fatalf("CreateThing: the handler returned Location %q, the client got %q", b, *created.Location)
		}
	})
}
