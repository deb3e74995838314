package functions_test

import (
	"encoding/json"
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

// FuzzCodecs feeds arbitrary bytes to the generated decoders. Whatever they
// accept must be JSON, must encode (with the generated encoders), and must
// decode again to a value that encodes to the same bytes; and the generated
// encoding must be what encoding/json writes for the decoded value's
// fields (checked by TestEncodersMatchEncodingJSON's comparison).
func FuzzCodecs(f *testing.F) {
	for _, s := range []string{
		`{"items":[{"id":1,"functionId":2,"status":"Running","startTime":0,"error":"boom"},{"id":3,"functionId":2,"status":"Failed","startTime":5,"endTime":9,"error":{"message":"m","trace":"t"}}],"nextCursor":"c"}`,
		`{"items":[{"id":1,"name":"f","fileId":1,"status":"Ready","createdTime":0,"envVars":{"A":"1"},"metadata":{"k":"v"},"cpu":0.25,"memory":1.5,"secrets":{"s":"x"},"error":{"code":1,"message":"m"}}]}`,
		`{"items":[],"nextCursor":null}`,
		`{"items":[{"id":1e2}]}`,
		`{"items":[{"name":"\u00e9\ud83d\ude00\"<>&"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(v interface {
			json.Unmarshaler
			json.Marshaler
		}, fresh func() interface {
			json.Unmarshaler
			json.Marshaler
		}) {
			if v.UnmarshalJSON(data) != nil {
				return
			}
			if !json.Valid(data) {
				t.Fatalf("accepted invalid JSON %q", data)
			}
			once, err := v.MarshalJSON()
			if err != nil {
				return // e.g. a number too large for the type's float
			}
			again := fresh()
			if err := again.UnmarshalJSON(once); err != nil {
				t.Fatalf("cannot decode its own encoding %s: %v", once, err)
			}
			twice, err := again.MarshalJSON()
			if err != nil || string(twice) != string(once) {
				t.Fatalf("encoding not stable:\n%s\n%s (%v)", once, twice, err)
			}
		}
		type codec = interface {
			json.Unmarshaler
			json.Marshaler
		}
		check(new(fn.FunctionCallList), func() codec { return new(fn.FunctionCallList) })
		check(new(fn.FunctionList), func() codec { return new(fn.FunctionList) })
		check(new(fn.FunctionCallRequest), func() codec { return new(fn.FunctionCallRequest) })
	})
}
