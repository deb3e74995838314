package params

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Suspected generator bug: the client joins a non-exploded (explode: false)
// form-style array with "," and then lets url.Values.Encode escape the
// whole value, so the delimiters go out as %2C. The OpenAPI style examples
// (3.0.3/3.1.1, style form, explode false) spell the array
// color=blue,black,brown: the separating commas stay literal and only the
// items are percent-encoded. A server that splits before percent-decoding
// (as RFC 6570 intends: %2C is a data comma) reads one item "3,1,2".
// The generated server decodes first, so a round trip through it passes.
// Uses start and rawRequest from behaviour_test.go.
func TestNonExplodedArrayKeepsLiteralCommas(t *testing.T) {
	_, c, _, raw := start(t)
	if _, err := c.ListItems(context.Background(), 1, &ListItemsParams{Category: "x", IDs: []int64{3, 1, 2}}); err != nil {
		t.Fatal(err)
	}
	if q := raw().query; !strings.Contains(q, "ids=3,1,2") {
		t.Fatalf("raw query %q, want ids=3,1,2 with literal commas", q)
	}
}

// An operation that declares no response body reads none, whatever the
// server sends: the answer cap (WithMaxResponseBytes) is for answers the
// client decodes.
func TestBodilessAnswerIgnoresTheCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"note": "`+strings.Repeat("x", 4096)+`"}`)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()), WithMaxResponseBytes(16))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteItem(context.Background(), 1, "c1", &DeleteItemParams{Session: "s"}); err != nil {
		t.Fatalf("got %v, want no error", err)
	}
}
