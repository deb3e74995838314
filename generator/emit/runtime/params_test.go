package runtime

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func violations(e *validator) string {
	if err := e.err(); err != nil {
		return err.Error()
	}
	return ""
}

// Each parser takes what its type holds and refuses the rest with the
// message the server's 400 carries, naming the parameter and its place.
func TestParamParsersAndMessages(t *testing.T) {
	type Level string
	req := httptest.NewRequest("GET", "/x?n=12&bad=1.5&small=99999999999&f=2.5&b=true&nb=maybe&t=2024-01-02T03:04:05Z&bt=yesterday&s=hi&lvl=high", nil)
	e := new(validator)
	q := queryParams(e, req)
	if v := optParam(q, "n", asInt[int64]); v == nil || *v != 12 {
		t.Errorf("n = %v", v)
	}
	if v := optParam(q, "bad", asInt[int64]); v != nil {
		t.Errorf("bad = %v, want nil", *v)
	}
	if v := optParam(q, "small", asInt32[int32]); v != nil {
		t.Errorf("small = %v, want nil", *v)
	}
	if v := optParam(q, "f", asFloat32[float32]); v == nil || *v != 2.5 {
		t.Errorf("f = %v", v)
	}
	if v := optParam(q, "b", asBool[bool]); v == nil || !*v {
		t.Errorf("b = %v", v)
	}
	if v := optParam(q, "nb", asBool[bool]); v != nil {
		t.Errorf("nb = %v, want nil", *v)
	}
	if v := optParam(q, "t", asTime); v == nil || !v.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("t = %v", v)
	}
	if v := optParam(q, "bt", asTime); v != nil {
		t.Errorf("bt = %v, want nil", *v)
	}
	if v := reqParam(q, "lvl", asText[Level]); v != "high" {
		t.Errorf("lvl = %q", v)
	}
	if v := optParam(q, "absent", asFloat[float64]); v != nil {
		t.Errorf("absent = %v, want nil", *v)
	}
	if v := reqParam(q, "missing", asInt[int64]); v != 0 {
		t.Errorf("missing = %v", v)
	}
	want := "invalid: bad: must be a 64-bit integer (in query) (type); small: must be a 32-bit integer (in query) (type); " +
		"nb: must be true or false (in query) (type); bt: must be an RFC 3339 date-time (in query) (type); missing: is required (required)"
	if got := violations(e); got != want {
		t.Errorf("violations:\n got %s\nwant %s", got, want)
	}
}

func TestParamSourcesAndLists(t *testing.T) {
	req := httptest.NewRequest("GET", "/x?tag=a&tag=b&ids=1,x,3&words=p+q", nil)
	req.Header.Set("X-Count", "7")
	req.AddCookie(&http.Cookie{Name: "session", Value: "abc"})
	e := new(validator)
	q, h, c := queryParams(e, req), headerParams(e, req.Header), cookieParams(e, req)
	if got := listParam(q, "tag", "", false, asText[string]); strings.Join(got, "|") != "a|b" {
		t.Errorf("tag = %v", got)
	}
	if got := listParam(q, "ids", ",", false, asInt[int64]); len(got) != 3 || got[0] != 1 || got[1] != 0 || got[2] != 3 {
		t.Errorf("ids = %v", got)
	}
	if got := listParam(q, "words", " ", false, asText[string]); strings.Join(got, "|") != "p|q" {
		t.Errorf("words = %v", got)
	}
	if got := listParam(q, "none", ",", false, asText[string]); got != nil {
		t.Errorf("none = %v, want nil", got)
	}
	if got := listParam(q, "need", ",", true, asText[string]); got != nil {
		t.Errorf("need = %v, want nil", got)
	}
	if v := ptrIf(firstParam(h, "x-count", true, asInt[int64])); v == nil || *v != 7 {
		t.Errorf("X-Count = %v", v)
	}
	if v := ptrIf(firstParam(h, "X-Gone", true, asInt[int64])); v != nil {
		t.Errorf("X-Gone = %v, want nil", *v)
	}
	if v := reqParam(c, "session", asText[string]); v != "abc" {
		t.Errorf("session = %q", v)
	}
	f := formParams(e, &formData{values: url.Values{"age": {"old"}}})
	if v := optParam(f, "age", asInt32[int32]); v != nil {
		t.Errorf("age = %v, want nil", *v)
	}
	want := "invalid: ids: must be a 64-bit integer (in query) (type); need: is required (required); X-Gone: is required (required); age: must be a 32-bit integer (in form) (type)"
	if got := violations(e); got != want {
		t.Errorf("violations:\n got %s\nwant %s", got, want)
	}
}

// The formatters write what the parsers read, and the setters leave out
// what is not set.
func TestParamFormatters(t *testing.T) {
	type Level string
	n, f, b, lvl := int64(-3), float32(0.5), true, Level("low")
	when := time.Date(2024, 1, 2, 3, 4, 5, 600, time.UTC)
	q := newFormValues()
	setOpt(q, "n", &n, fmtInt)
	setOpt(q, "f", &f, fmtFloat32)
	setOpt(q, "b", &b, fmtBool)
	setOpt(q, "lvl", &lvl, fmtText)
	setOpt(q, "t", &when, fmtTime)
	setOpt[int32](q, "unset", nil, fmtInt)
	setList(q, "ids", []int64{1, 2}, ",", fmtInt)
	setList(q, "empty", []string{}, "|", fmtText)
	setList[string](q, "nil", nil, "|", fmtText)
	addEach(q, "tag", []string{"a", "b"}, fmtText)
	want := "b=true&f=0.5&lvl=low&n=-3&t=2024-01-02T03%3A04%3A05.0000006Z&tag=a&tag=b&ids=1,2&empty="
	if got := q.encode(); got != want {
		t.Errorf("query:\n got %s\nwant %s", got, want)
	}
	if got := joinList([]float64{1.5, 2}, "|", fmtFloat); got != "1.5|2" {
		t.Errorf("joinList = %q", got)
	}
	h := http.Header{}
	setOpt(h, "x-rate", &n, fmtInt)
	if got := h.Get("X-Rate"); got != "-3" {
		t.Errorf("X-Rate = %q", got)
	}
}

// checked is a type with a rule, counting how often it is validated.
type checked struct {
	N     int
	calls *int
}

func (c checked) validate(e *validator, path *vpath, dir direction) {
	if c.calls != nil {
		*c.calls++
	}
	if c.N < 0 {
		e.add(path, "minimum", "must be at least 0")
	}
}

// A list that is not exploded keeps the separators of its items (commas,
// pipes, spaces): the client escapes them and leaves the separators
// between items as they are (a space as %20), and the server splits at
// those only. From a client that escapes the whole value the server splits
// at every separator, as before.
func TestSeparatorsInListItems(t *testing.T) {
	items := []string{"Smith, John", "a&b=c", "", "100%,", "plain"}
	pipes := []string{"x|y", "z", "a b"}
	words := []string{"a b", "+", "%20", "|,"}
	q := newFormValues()
	setList(q, "names", items, ",", fmtText)
	setOpt(q, "note", &items[0], fmtText)
	setList(q, "codes", pipes, "|", fmtText)
	setList(q, "words", words, " ", fmtText)
	raw := q.encode()
	if want := "note=Smith%2C+John&names=Smith%2C+John,a%26b%3Dc,,100%25%2C,plain&codes=x%7Cy|z|a+b&words=a+b%20%2B%20%2520%20%7C%2C"; raw != want {
		t.Errorf("encoded:\n got %s\nwant %s", raw, want)
	}
	read := func(rawQuery, name string) ([]string, string) {
		e := new(validator)
		r := &http.Request{URL: &url.URL{RawQuery: rawQuery}}
		sep := map[string]string{"codes": "|", "words": " "}[name]
		if sep == "" {
			sep = ","
		}
		got := listParam(queryParams(e, r), name, sep, false, asText[string])
		return got, violations(e)
	}
	for name, want := range map[string][]string{"names": items, "codes": pipes, "words": words} {
		if got, bad := read(raw, name); !slices.Equal(got, want) || bad != "" {
			t.Errorf("%s = %q (%s), want %q", name, got, bad, want)
		}
	}
	for _, c := range []struct {
		name, query string
		want        []string
	}{
		{"ids", "ids=1%2C2", []string{"1", "2"}},   // the whole value escaped
		{"ids", "ids=1,2", []string{"1", "2"}},     // the style examples' form
		{"ids", "ids=1&ids=2", []string{"1", "2"}}, // several keys
		{"ids", "ids=a%2Cb,c&ids=d", []string{"a,b", "c", "d"}},
		{"ids", "ids=", nil},
		{"ids", "other=1,2", nil},
		{"codes", "codes=1%7C2", []string{"1", "2"}},
		{"codes", "codes=1|2%7C3&other=|", []string{"1", "2|3"}},
		{"words", "words=a+b", []string{"a", "b"}}, // url.Values writes spaces as +
		{"words", "words=a%20b+c", []string{"a", "b c"}},
	} {
		if got, bad := read(c.query, c.name); !slices.Equal(got, c.want) || bad != "" {
			t.Errorf("%s: %s = %q (%s), want %q", c.query, c.name, got, bad, c.want)
		}
	}
	// A form body is read the same way.
	e := new(validator)
	body := "names=a%2Cb,c"
	vals, _ := url.ParseQuery(body)
	if got := listParam(formParams(e, &formData{values: vals, raw: body}), "names", ",", false, asText[string]); !slices.Equal(got, []string{"a,b", "c"}) {
		t.Errorf("form names = %q", got)
	}
}

func TestCheckRequestAndPathParam(t *testing.T) {
	e := new(validator)
	if err := checkRequest(e, (*checked)(nil), false); err != nil {
		t.Errorf("absent optional: %v", err)
	}
	if err := checkRequest(e, (*checked)(nil), true); err == nil || !strings.Contains(err.Error(), "the request body is required") {
		t.Errorf("absent required: %v", err)
	}
	e = new(validator)
	if err := checkRequest(e, &checked{N: -1}, true); err == nil || !strings.Contains(err.Error(), "must be at least 0") {
		t.Errorf("invalid: %v", err)
	}
	type level int64
	e = new(validator)
	if v := pathParam(e, "id", "x", asInt[level]); v != 0 || violations(e) != "invalid: id: must be a 64-bit integer (in path) (type)" {
		t.Errorf("bad path parameter: %v, %s", v, violations(e))
	}
}

// positive is a path parameter's type with a rule.
type positive int64

func (v positive) validate(e *validator, path *vpath, dir direction) {
	e.addIf(v < 1, path, "minimum", "must be at least 1")
}

// A path parameter of a type with rules is validated when it parses, under
// its own name, without allocating; one that does not parse breaks no rule
// but its type.
func TestCheckedPathParam(t *testing.T) {
	e := new(validator)
	if v := checkedPathParam(e, "fid", "0", asInt[positive]); v != 0 || violations(e) != "invalid: fid: must be at least 1 (minimum)" {
		t.Errorf("0: %v, %s", v, violations(e))
	}
	e = new(validator)
	checkedPathParam(e, "fid", "0", asInt[positive])
	checkedPathParam(e, "cid", "-4", asInt[positive])
	if got := violations(e); got != "invalid: fid: must be at least 1 (minimum); cid: must be at least 1 (minimum)" {
		t.Errorf("two parameters: %s", got)
	}
	e = new(validator)
	if v := checkedPathParam(e, "fid", "x", asInt[positive]); v != 0 || violations(e) != "invalid: fid: must be a 64-bit integer (in path) (type)" {
		t.Errorf("x: %v, %s", v, violations(e))
	}
	e = new(validator)
	allocs := testing.AllocsPerRun(100, func() {
		if checkedPathParam(e, "fid", "1234567890", asInt[positive]) != 1234567890 {
			t.Fatal("wrong value")
		}
	})
	if allocs != 0 || e.err() != nil {
		t.Errorf("a valid parameter: %v allocations, %v", allocs, e.err())
	}
}

func testServer(validate bool) *server {
	return &server{cfg: serverConfig{maxBodyBytes: 1 << 20, logger: slog.New(slog.NewTextHandler(io.Discard, nil)), validateResponses: validate}}
}

// writeResult validates a result once, and sends its headers only with a
// valid one.
func TestWriteResultValidatesOnceAndHoldsHeaders(t *testing.T) {
	calls := 0
	s := testServer(true)
	w := httptest.NewRecorder()
	h := http.Header{"X-Rate": {"3"}}
	s.writeResult(w, httptest.NewRequest("GET", "/", nil), 201, h, &checked{N: 1, calls: &calls}, false, nil)
	if w.Code != 201 || w.Header().Get("X-Rate") != "3" || calls != 1 {
		t.Errorf("valid: status %d, X-Rate %q, %d validations", w.Code, w.Header().Get("X-Rate"), calls)
	}
	w = httptest.NewRecorder()
	s.writeResult(w, httptest.NewRequest("GET", "/", nil), 201, h, &checked{N: -1}, false, nil)
	if w.Code != 500 || w.Header().Get("X-Rate") != "" {
		t.Errorf("invalid: status %d, X-Rate %q", w.Code, w.Header().Get("X-Rate"))
	}
}

func TestServerAnswers(t *testing.T) {
	s := testServer(false)
	r := httptest.NewRequest("GET", "/", nil)
	w := httptest.NewRecorder()
	if s.failed(w, r, false, nil) || w.Code != 200 {
		t.Errorf("a result is no failure")
	}
	if !s.failed(w, r, true, nil) || w.Code != 500 {
		t.Errorf("no result and no error: %d", w.Code)
	}
	w = httptest.NewRecorder()
	if !s.failed(w, r, false, &APIError{StatusCode: 409}) || w.Code != 409 {
		t.Errorf("error: %d", w.Code)
	}
	w = httptest.NewRecorder()
	if s.undeclared(w, r, 0, 201) || s.undeclared(w, r, 201, 201) || !s.undeclared(w, r, 200, 201) || w.Code != 500 {
		t.Errorf("undeclared: %d", w.Code)
	}
	w = httptest.NewRecorder()
	e := new(validator)
	if s.rejected(w, r, e) {
		t.Errorf("no violation rejected")
	}
	e.required(&vpath{name: "q"})
	if !s.rejected(w, r, e) || w.Code != 400 || !strings.Contains(w.Body.String(), "q: is required") {
		t.Errorf("rejected: %d %s", w.Code, w.Body)
	}
}

func TestReadBodyAndRoutes(t *testing.T) {
	s := testServer(false)
	s.h = pinger{}
	post := func(body string) *http.Request {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		return r
	}
	e := new(validator)
	w := httptest.NewRecorder()
	if b, ok := readBody(s, w, post(""), e, false, new(checked)); b != nil || !ok {
		t.Errorf("absent optional body: %v %v", b, ok)
	}
	if b, ok := readBody(s, w, post(`{"N":-2}`), e, true, new(checked)); b == nil || !ok || b.N != -2 || !strings.Contains(violations(e), "must be at least 0") {
		t.Errorf("body: %v %v %s", b, ok, violations(e))
	}
	w = httptest.NewRecorder()
	if _, ok := readBody(s, w, post(""), new(validator), true, new(checked)); ok || w.Code != 400 {
		t.Errorf("missing required body: %v %d", ok, w.Code)
	}
	w = httptest.NewRecorder()
	bodyRoute(202, true, func(_ Handler, _ context.Context, in *checked) (*checked, error) { return in, nil })(s, w, post(`{"N":4}`))
	if w.Code != 202 || strings.TrimSpace(w.Body.String()) != `{"N":4}` {
		t.Errorf("bodyRoute: %d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	bodyRoute(202, true, func(_ Handler, _ context.Context, in *checked) (*checked, error) { return in, nil })(s, w, post(`{"N":-4}`))
	if w.Code != 400 {
		t.Errorf("bodyRoute with an invalid body: %d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	plainRoute(200, Handler.Ping)(s, w, httptest.NewRequest("GET", "/", nil))
	if w.Code != 200 || strings.TrimSpace(w.Body.String()) != `{}` {
		t.Errorf("plainRoute: %d %s", w.Code, w.Body)
	}
	// A handler that returns neither a result nor an error is a 500, not an
	// empty 2xx: the routes must see its nil pointer through the type
	// parameter.
	w = httptest.NewRecorder()
	bodyRoute(202, true, func(Handler, context.Context, *checked) (*checked, error) { return nil, nil })(s, w, post(`{"N":4}`))
	if w.Code != 500 {
		t.Errorf("bodyRoute, handler returned nothing: %d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	plainRoute(200, func(Handler, context.Context) (*struct{}, error) { return nil, nil })(s, w, httptest.NewRequest("GET", "/", nil))
	if w.Code != 500 {
		t.Errorf("plainRoute, handler returned nothing: %d %s", w.Code, w.Body)
	}
}

func TestIsNil(t *testing.T) {
	var p *checked
	if !isNil(p) || isNil(new(checked)) || !isNil((*int)(nil)) || isNil(new(int)) || !isNil(nil) {
		t.Error("isNil does not tell nil pointers from others")
	}
	if !isNil([]int(nil)) || isNil([]int{}) || !isNil(map[string]int(nil)) || isNil(map[string]int{}) || isNil(0) || isNil("") {
		t.Error("isNil does not tell nil slices and maps from other values")
	}
	if orNil(p) != nil || orNil(new(checked)) == nil {
		t.Error("orNil: a nil pointer must become a nil interface, and only it")
	}
	e := new(validator)
	if err := checkRequest(e, p, true); err == nil || !strings.Contains(err.Error(), "the request body is required") {
		t.Errorf("checkRequest, missing required body: %v", err)
	}
	if err := checkRequest(new(validator), p, false); err != nil {
		t.Errorf("checkRequest, missing optional body: %v", err)
	}
	if err := checkRequest(new(validator), &checked{N: -1}, false); err == nil {
		t.Error("checkRequest did not validate the body it was given")
	}
}

type pinger struct{}

func (pinger) Ping(context.Context) (*struct{}, error) { return &struct{}{}, nil }

// decodeResult refuses an answer whose headers broke a rule before
// reading its body, and validates the body only when strict.
func TestDecodeResult(t *testing.T) {
	answer := func(body string) *http.Response {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}
	}
	e := new(validator)
	e.add(&vpath{name: "X-Rate"}, "type", "must be a 64-bit integer (in header)")
	var out *checked
	if err := decodeResult(answer(`{"N":1}`), e, false, false, "getThing", &out); err == nil || out != nil ||
		err.Error() != "getThing: invalid response: invalid: X-Rate: must be a 64-bit integer (in header) (type)" {
		t.Errorf("bad header: %v, %v", err, out)
	}
	if err := decodeResult(answer(`{"N":-1}`), new(validator), false, false, "getThing", &out); err != nil || out == nil || out.N != -1 {
		t.Errorf("lenient: %v, %v", err, out)
	}
	if err := decodeResult(answer(`{"N":-1}`), new(validator), true, false, "getThing", &out); err == nil || !strings.Contains(err.Error(), "getThing: invalid response:") {
		t.Errorf("strict: %v", err)
	}
	if got, err := resultOf(&checked{}, io.EOF); got != nil || err != io.EOF {
		t.Errorf("resultOf: %v, %v", got, err)
	}
}

// pathValue reads what the router matched from the request's context, and
// falls back to r.PathValue for a request that did not come through it.
func TestPathValue(t *testing.T) {
	r := httptest.NewRequest("GET", "/a/b", nil)
	r.SetPathValue("x", "set")
	if got := pathValue(r, "x"); got != "set" {
		t.Errorf("without the router: %q", got)
	}
	// A base path and an operation's path may share a name: the
	// operation's value, the later one, wins.
	info := &requestInfo{id: "rid", names: []string{"id", "x", "id"}, vals: []string{"base", "one", "op"}}
	r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))
	if got := pathValue(r, "id"); got != "op" {
		t.Errorf("a name in the base path and the operation's path: %q", got)
	}
	if got := pathValue(r, "x"); got != "one" {
		t.Errorf("the router's value wins: %q", got)
	}
	if RequestIDFrom(r.Context()) != "rid" || RequestIDFrom(context.Background()) != "" {
		t.Error("RequestIDFrom does not read the request's info")
	}
}

// The principal is in a context of its own: the context the SecurityHandler
// saw does not change afterwards, and the authorizer and the handler see it.
func TestPrincipalContext(t *testing.T) {
	s := testServer(false)
	var seen context.Context
	s.cfg.security = func(ctx context.Context, _ OperationInfo, _ []Credentials) (any, error) {
		seen = ctx
		return "alice", nil
	}
	var authorized any
	s.cfg.authorizer = func(ctx context.Context, _ OperationInfo, p any) error {
		authorized = PrincipalFrom(ctx)
		return nil
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Bearer t")
	r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, &requestInfo{id: "rid"}))
	out, ok := s.authenticate(httptest.NewRecorder(), r, &OperationInfo{ID: "op", Schemes: []string{"token"}})
	if !ok || PrincipalFrom(out.Context()) != "alice" || RequestIDFrom(out.Context()) != "rid" || authorized != "alice" {
		t.Fatalf("authenticated request: ok %v, principal %v, request id %q, authorizer saw %v", ok, PrincipalFrom(out.Context()), RequestIDFrom(out.Context()), authorized)
	}
	if PrincipalFrom(seen) != nil || RequestIDFrom(seen) != "rid" {
		t.Errorf("the SecurityHandler's context changed: principal %v, request id %q", PrincipalFrom(seen), RequestIDFrom(seen))
	}
}

// TestLongMapKeysClipped checks that a path through a map key shows at most
// 64 bytes of it, cut on a character boundary: the key comes from the
// request, and a message must not grow with it.
func TestLongMapKeysClipped(t *testing.T) {
	key := strings.Repeat("K", 63) + "é" + strings.Repeat("K", 200000)
	p := &vpath{up: &vpath{up: &vpath{name: "items"}, idx: 0, kind: 1}, name: key, kind: 2}
	p = &vpath{up: &vpath{up: p, name: "secrets"}, name: "short", kind: 2}
	want := `items[0]["` + strings.Repeat("K", 63) + `…"].secrets["short"]`
	if got := p.String(); got != want {
		t.Errorf("got %.200s\nwant %s", got, want)
	}
	if clip("é") != "é" || clip(strings.Repeat("a", 64)) != strings.Repeat("a", 64) {
		t.Error("short text clipped")
	}
}

// TestNumbersAsJSONWritesThem: parameters take numbers and booleans only
// as JSON writes them, so that one resource has one path and NaN cannot
// slip past a minimum.
func TestNumbersAsJSONWritesThem(t *testing.T) {
	for _, s := range []string{"0", "12", "-7", "9007199254740991"} {
		if _, bad := asInt[int64](s); bad != "" {
			t.Errorf("integer %q refused", s)
		}
	}
	for _, s := range []string{"+12", "0012", "-0012", "00", "1_000", "0x10", " 1", "1 ", "", "-", "1e3", "1.0"} {
		if _, bad := asInt[int64](s); bad == "" {
			t.Errorf("integer %q taken", s)
		}
		if _, bad := asInt32[int32](s); bad == "" {
			t.Errorf("32-bit integer %q taken", s)
		}
	}
	for _, s := range []string{"0", "-0.5", "2.5", "1e3", "1E-3", "1.25e+2", "0.0"} {
		if _, bad := asFloat[float64](s); bad != "" {
			t.Errorf("number %q refused", s)
		}
	}
	for _, s := range []string{"NaN", "nan", "Inf", "-Inf", "+Infinity", "+1", "01.5", ".5", "5.", "1e", "1e+", "0x1p3", "1_0"} {
		if _, bad := asFloat[float64](s); bad == "" {
			t.Errorf("number %q taken", s)
		}
		if _, bad := asFloat32[float32](s); bad == "" {
			t.Errorf("32-bit number %q taken", s)
		}
	}
	for s, want := range map[string]bool{"true": true, "false": false} {
		if v, bad := asBool[bool](s); bad != "" || v != want {
			t.Errorf("boolean %q: %v %q", s, v, bad)
		}
	}
	for _, s := range []string{"1", "0", "t", "T", "TRUE", "True", "yes", ""} {
		if _, bad := asBool[bool](s); bad == "" {
			t.Errorf("boolean %q taken", s)
		}
	}
}

// TestAbsentValuesBreakNoOtherRule: once a path is reported required, no
// other rule is reported at it or inside it; its neighbours still are.
func TestAbsentValuesBreakNoOtherRule(t *testing.T) {
	var e validator
	item := &vpath{up: &vpath{name: "items"}, idx: 0, kind: 1}
	id := &vpath{up: item, name: "id"}
	e.required(id)
	e.add(id, "minimum", "must be at least 1")
	e.add(&vpath{up: id, name: "x"}, "minLength", "too short")
	e.add(&vpath{up: id, idx: 2, kind: 1}, "minimum", "must be at least 1")
	e.add(&vpath{up: item, name: "idx"}, "minimum", "must be at least 1")
	e.add(&vpath{up: &vpath{name: "items"}, idx: 1, kind: 1}, "type", "x")
	var got []string
	for _, v := range e.violations {
		got = append(got, v.Path+" "+v.Rule)
	}
	if want := "items[0].id required|items[0].idx minimum|items[1] type"; strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}

// A raw body's type is matched against the spec's media types, wildcards
// and parameters included.
func TestMediaMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, mt string
		want        bool
	}{
		{"text/csv", "text/csv", true},
		{"text/csv; charset=utf-8", "text/csv", true},
		{"Text/CSV", "text/csv", true},
		{"text/*", "text/plain", true},
		{"*/*", "application/json", true},
		{"text/*", "application/json", false},
		{"text/csv", "text/plain", false},
		{"image/*", "imagex/png", false},
	} {
		if got := mediaMatch(c.pattern, c.mt); got != c.want {
			t.Errorf("mediaMatch(%q, %q) = %v, want %v", c.pattern, c.mt, got, c.want)
		}
	}
}

// Parameters and form fields are read only as JSON writes numbers and
// booleans: not +12, 0012, NaN, 0x10 or 1.
func TestStrictParameterText(t *testing.T) {
	for _, s := range []string{"+12", "0012", "NaN", "0x10", "1e", ""} {
		if _, err := parseFloat(s, 64); err == nil {
			t.Errorf("parseFloat(%q) took it", s)
		}
		if _, err := parseInt(s, 64); err == nil {
			t.Errorf("parseInt(%q) took it", s)
		}
	}
	if n, err := parseFloat("-1.5e3", 64); err != nil || n != -1500 {
		t.Errorf("parseFloat(-1.5e3) = %v, %v", n, err)
	}
	for _, s := range []string{"1", "T", "TRUE", "yes"} {
		if _, err := parseBool(s); err == nil {
			t.Errorf("parseBool(%q) took it", s)
		}
	}
}

// Numbers in parameters are written as encoding/json writes them: no
// exponent between 1e-6 and 1e21.
func TestParameterNumbersAsJSONWritesThem(t *testing.T) {
	for f, want := range map[float64]string{1e6: "1000000", 1.5e6: "1500000", 0.25: "0.25", -2: "-2", 1e21: "1e+21", 1e-7: "1e-07", 0: "0"} {
		if got := fmtFloat(f); got != want {
			t.Errorf("fmtFloat(%v) = %q, want %q", f, got, want)
		}
		if b, _ := json.Marshal(f); string(b) != want && f != 1e21 && f != 1e-7 {
			t.Errorf("encoding/json writes %v as %s", f, b)
		}
	}
	if got := fmtFloat32(float32(1e6)); got != "1000000" {
		t.Errorf("fmtFloat32(1e6) = %q", got)
	}
}

// TestParameterNumbersAreJSONNumbers checks jsonNumber against
// encoding/json's grammar: every string of up to four characters of
// digits, signs, points and exponents, and longer cases besides.
func TestParameterNumbersAreJSONNumbers(t *testing.T) {
	alphabet := []string{"0", "1", "9", "-", "+", ".", "e", "E", "x"}
	cases := []string{"", "NaN", "Inf", "0x1F", "1_000", "12345678901234567890123", "-0.0e-0", "1.5E+308", " 1", "1 "}
	var grow func(prefix string, n int)
	grow = func(prefix string, n int) {
		cases = append(cases, prefix)
		if n > 0 {
			for _, c := range alphabet {
				grow(prefix+c, n-1)
			}
		}
	}
	grow("", 4)
	for _, s := range cases {
		want := json.Valid([]byte(s)) && strings.TrimSpace(s) == s && s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9')
		if got := jsonNumber(s, false); got != want {
			t.Errorf("jsonNumber(%q) = %v, want %v", s, got, want)
		}
		if got := jsonNumber(s, true); got != (want && !strings.ContainsAny(s, ".eE")) {
			t.Errorf("jsonNumber(%q, integer) = %v", s, got)
		}
	}
}

// A list whose items a header cannot carry apart (a comma in one, or
// spaces at its ends) is refused, as are values net/http would alter.
func TestHeadersSendableAsTheyAre(t *testing.T) {
	for _, items := range [][]string{{"a,b", "c"}, {" a", "b"}, {"a", "b\t"}} {
		h := http.Header{}
		setList(h, "X-Tags", items, ",", fmtText)
		if err := paramsSendable(h); err == nil || !strings.Contains(err.Error(), "header X-Tags: an item of the list") {
			t.Errorf("%q: %v", items, err)
		}
	}
	h := http.Header{}
	setList(h, "X-Tags", []string{"a b", "", "c"}, ",", fmtText)
	if err := paramsSendable(h); err != nil || h.Get("X-Tags") != "a b,,c" {
		t.Errorf("%v, %q", err, h.Get("X-Tags"))
	}
	h = http.Header{}
	addCookieList(h, "flags", []string{"a", "b,c"}, fmtText)
	if err := paramsSendable(h); err == nil || !strings.Contains(err.Error(), "cookie flags: an item of the list") {
		t.Errorf("a list cookie's item with a comma: %v", err)
	}
	h = http.Header{}
	addCookieList(h, "flags", []string{"blue", "black"}, fmtText)
	if err := paramsSendable(h); err != nil || h.Get("Cookie") != "flags=blue,black" {
		t.Errorf("%v, %q", err, h.Get("Cookie"))
	}
	for _, v := range []string{"a\nb", " a", "a ", "\x7f"} {
		if err := paramsSendable(http.Header{"X-A": {v}}); err == nil {
			t.Errorf("%q sent", v)
		}
	}
	// A server answers 500 rather than send such headers, and sends none.
	s := testServer(false)
	w := httptest.NewRecorder()
	s.writeResult(w, httptest.NewRequest("GET", "/", nil), 200, http.Header{"X-A": {"ok"}, "X-B": {"a\r\nb"}}, &checked{N: 1}, false, nil)
	if w.Code != 500 || w.Header().Get("X-A") != "" {
		t.Errorf("status %d, X-A %q", w.Code, w.Header().Get("X-A"))
	}
	w = httptest.NewRecorder()
	s.writeRaw(w, httptest.NewRequest("GET", "/", nil), 204, http.Header{"X-B": {" b"}}, nil, nil)
	if w.Code != 500 || w.Header().Get("X-B") != "" {
		t.Errorf("status %d, X-B %q", w.Code, w.Header().Get("X-B"))
	}
}
