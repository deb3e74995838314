package forms

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
		{"POST", "/pets", "", "application/x-www-form-urlencoded", "name=Rex&age=3&tags=a&tags=b&ids=1,2&kind=dog&weight=1.5&vaccinated=true"},
		{"POST", "/pets/search", "", "application/json", `{"name":"x"}`},
		{"POST", "/pets/search", "", "application/x-www-form-urlencoded", "name=x"},
		{"POST", "/pets/7/photo", "", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\nxyz\r\n--b\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nc\r\n--b--\r\n"},
		{"POST", "/documents", "", "multipart/form-data; boundary=b", "--b\r\n\r\n--b--"},
		{"POST", "/notes", "", "text/plain", "hello"},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	h := NewServer(&petShop{})
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
