package functions_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	fn "github.com/specgen/specgen/generated/functions"
)

// FuzzServer sends arbitrary methods, paths, headers and bodies to the
// generated server in front of a working handler: every request must get
// an answer below 500 (a panic would be answered 500 by the server's own
// recovery, and fail here too). Crashers found by `go test -fuzz` are kept
// in testdata/fuzz/FuzzServer and replayed by every go test.
func FuzzServer(f *testing.F) {
	seeds := []struct{ method, path, ct, enc, body string }{
		{"POST", "/functions/1/call", "application/json", "", `{"nonce":"n","data":{"a":1}}`},
		{"POST", "/functions", "application/json", "", `{"items":[{"name":"f","fileId":1,"secrets":{"k":"v"}}]}`},
		{"POST", "/functions/byids", "application/json", "", `{"items":[{"id":1},{"externalId":"x"}],"ignoreUnknownIds":true}`},
		{"POST", "/functions/7/calls/list", "application/json", "", `{"filter":{"status":"Running","startTime":{"min":0}},"limit":10,"cursor":"c"}`},
		{"POST", "/functions/schedules", "application/json", "", `{"items":[{"name":"s","cronExpression":"* * * * *","functionId":1,"nonce":"n"}]}`},
		{"POST", "/functions/7/calls/byids", "application/json", "", `{"items":[{"id":1},{"id":1}]}`},
		{"GET", "/functions?limit=5", "", "", ""},
		{"GET", "/functions/7/calls?limit=2&cursor=x", "", "", ""},
		{"GET", "/functions/schedules/3/input_data", "", "", ""},
		{"DELETE", "/functions/1", "", "", ""},
		{"POST", "/functions/1/call", "application/json", "gzip", "\x1f\x8b\x08\x00garbage"},
		{"POST", "/functions/1/call", "application/json; charset=utf-8", "", `{"nonce":` + strings.Repeat("[", 100)},
		{"GET", "/functions/%ff/calls/..%2f", "", "", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.ct, s.enc, s.body)
	}
	h := fn.NewServer(&fake{}, fn.WithoutSecurity(), fn.WithMaxBodyBytes(1<<16))
	f.Fuzz(func(t *testing.T, method, path, ct, enc, body string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		req := httptest.NewRequest("GET", "/", strings.NewReader(body))
		req.Method = method
		req.URL.Path = path
		if u, err := req.URL.Parse(path); err == nil {
			req.URL = u
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		if enc != "" {
			req.Header.Set("Content-Encoding", enc)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%s %q (%q, %q, %q) answered %d: %s", method, path, ct, enc, body, w.Code, w.Body)
		}
	})
}
