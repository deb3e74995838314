package params

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzServer sends arbitrary methods, targets, cookies, content types and
// bodies to the generated server in front of a working handler: every
// request gets an answer below 500 (a panic would be answered 500 by the
// server's own recovery, and fail here too). Crashers found by
// `go test -fuzz` are kept in testdata/fuzz/FuzzServer and replayed by
// every go test.
func FuzzServer(f *testing.F) {
	for _, s := range [][5]string{
		{"GET", "/stores/1/items?category=x&limit=5&tag=a&tag=b&ids=1,2&names=a%2Cb,c&filter[color]=red&from=1&words=a%20b&codes=1|2", "", "", ""},
		{"GET", "/stores/1/items/a%2Fb?fields=x", "", "", ""},
		{"DELETE", "/stores/1/items/x", "session=s; theme=t; flags=a,b", "", ""},
		{"GET", "/shelves/.5/bins/;bins=1;bins=2/tags/;tags=a,b", "", "", ""},
		{"GET", "/palettes/a,b/.c.d", "", "", ""},
		{"GET", "/labels?label=a&under=/x/y", "", "", ""},
		{"GET", "/stores/1/items?category=%zz&limit=1e2", "session", "", ""},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	h := NewServer(&received{})
	f.Fuzz(func(t *testing.T, method, target, cookie, ct, body string) {
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		req := httptest.NewRequest("GET", "/", strings.NewReader(body))
		req.Method = method
		if u, err := req.URL.Parse(target); err == nil {
			req.URL = u
		} else {
			req.URL.Path = target
		}
		req.Header.Set("Cookie", cookie)
		req.Header.Set("Content-Type", ct)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%s %q (cookie %q, %q, %q) answered %d: %s", method, target, cookie, ct, body, w.Code, w.Body)
		}
	})
}
