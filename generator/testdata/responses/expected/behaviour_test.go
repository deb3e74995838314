package responses

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The operations whose success responses share one body and no headers
// keep the plain signature.
var (
	_ func(context.Context, int64, *NewThing) (*Thing, error) = (*Client)(nil).PutThing
	_ func(context.Context) (*Pong, error)                    = (*Client)(nil).Ping
	_ func(context.Context) (*Pong, error)                    = (*Client)(nil).Legacy
)

// api answers each operation with what the test put in it.
type api struct {
	UnimplementedHandler
	create  *CreateThingResult
	get     *GetThingResult
	del     *DeleteThingResult
	export  *ExportThingResult
	job     *GetJobResult
	version *GetVersionResult
	err     error
}

func (a *api) CreateThing(ctx context.Context, body *NewThing) (*CreateThingResult, error) {
	return a.create, a.err
}

func (a *api) GetThing(ctx context.Context, id int64) (*GetThingResult, error) {
	return a.get, a.err
}

func (a *api) PutThing(ctx context.Context, id int64, body *NewThing) (*Thing, error) {
	return &Thing{ID: id, Name: body.Name}, nil
}

func (a *api) DeleteThing(ctx context.Context, id int64) (*DeleteThingResult, error) {
	return a.del, a.err
}

func (a *api) ExportThing(ctx context.Context, id int64) (*ExportThingResult, error) {
	return a.export, a.err
}

func (a *api) GetJob(ctx context.Context, id string) (*GetJobResult, error) {
	return a.job, a.err
}

func (a *api) Ping(ctx context.Context) (*Pong, error) { return &Pong{Version: "p"}, nil }

func (a *api) GetVersion(ctx context.Context) (*GetVersionResult, error) {
	return a.version, a.err
}

// serve starts the generated server over h and a client of it; seen
// records the status and headers of the last answer on the wire.
func serve(t testing.TB, h Handler, opts ...ServerOption) (*Client, *http.Header, *int) {
	t.Helper()
	srv := NewServer(h, opts...)
	var header http.Header
	var status int
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		header, status = rec.Header(), rec.Code
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(ts.Close)
	c, err := NewClient(ts.URL, WithHTTPClient(ts.Client()), WithRetry(RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return c, &header, &status
}

// raw starts a server that answers every request with status, headers and
// body as given, to drive the client with answers the server would not give.
func raw(t *testing.T, status int, header map[string]string, body string, opts ...ClientOption) *Client {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		if body != "" && w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	c, err := NewClient(ts.URL, append([]ClientOption{WithHTTPClient(ts.Client()), WithRetry(RetryPolicy{MaxAttempts: 1})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func violation(t *testing.T, err error, path, rule string) {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %T %v", err, err)
	}
	for _, v := range ve.Violations {
		if v.Path == path && v.Rule == rule {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error %q does not name %s", err, path)
			}
			return
		}
	}
	t.Fatalf("no %s violation at %s in %v", rule, path, ve.Violations)
}

func TestEachStatusArrivesInItsField(t *testing.T) {
	h := &api{}
	c, _, _ := serve(t, h)
	ctx := context.Background()

	h.create = &CreateThingResult{StatusCode: 200, OK: &Thing{ID: 1, Name: "old"}}
	got, err := c.CreateThing(ctx, &NewThing{Name: "old"})
	if err != nil {
		t.Fatal(err)
	}
	if got.StatusCode != 200 || got.OK == nil || got.OK.Name != "old" || got.Created != nil || got.Location != nil {
		t.Fatalf("200: %+v", got)
	}

	h.create = &CreateThingResult{StatusCode: 201, Created: &Created{ID: 7}, Location: Ptr("/things/7"), XRateRemaining: Ptr(int32(41))}
	got, err = c.CreateThing(ctx, &NewThing{Name: "new"})
	if err != nil {
		t.Fatal(err)
	}
	if got.StatusCode != 201 || got.OK != nil || got.Created == nil || got.Created.ID != 7 {
		t.Fatalf("201: %+v", got)
	}
	if got.Location == nil || *got.Location != "/things/7" || got.XRateRemaining == nil || *got.XRateRemaining != 41 {
		t.Fatalf("201 headers: %+v", got)
	}

	h.create = &CreateThingResult{StatusCode: 202, Location: Ptr("/jobs/3")}
	got, err = c.CreateThing(ctx, &NewThing{Name: "later"})
	if err != nil {
		t.Fatal(err)
	}
	if got.StatusCode != 202 || got.OK != nil || got.Created != nil || got.Location == nil || *got.Location != "/jobs/3" || got.XRateRemaining != nil {
		t.Fatalf("202: %+v", got)
	}
}

func TestServerPicksTheStatusOfTheFieldSet(t *testing.T) {
	h := &api{}
	c, _, status := serve(t, h)
	ctx := context.Background()
	cases := []struct {
		res  *CreateThingResult
		want int
	}{
		{&CreateThingResult{OK: &Thing{ID: 1, Name: "a"}}, 200},
		{&CreateThingResult{Created: &Created{ID: 2}, Location: Ptr("/things/2")}, 201},
		{&CreateThingResult{Location: Ptr("/jobs/1")}, 202}, // no body: the response without one
	}
	for _, tc := range cases {
		h.create = tc.res
		got, err := c.CreateThing(ctx, &NewThing{Name: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if *status != tc.want || got.StatusCode != tc.want {
			t.Errorf("wrote %d, client saw %d; want %d", *status, got.StatusCode, tc.want)
		}
	}
}

func TestHeadersAreTyped(t *testing.T) {
	modified := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	h := &api{get: &GetThingResult{
		OK:   &Thing{ID: 5, Name: "five"},
		ETag: `"v5"`, XRateRemaining: 99,
		XTags: []string{"red", "blue"}, XVersions: []int64{1, 2, 3}, LastModified: &modified,
	}}
	c, header, status := serve(t, h)
	got, err := c.GetThing(context.Background(), 5)
	if err != nil {
		t.Fatal(err)
	}
	if *status != 200 {
		t.Fatalf("status %d", *status)
	}
	wire := map[string]string{"ETag": `"v5"`, "X-Rate-Remaining": "99", "X-Tags": "red,blue", "X-Versions": "1,2,3", "Last-Modified": "2024-05-06T07:08:09Z"}
	for k, v := range wire {
		if header.Get(k) != v {
			t.Errorf("%s on the wire: %q, want %q", k, header.Get(k), v)
		}
	}
	want := *h.get
	want.StatusCode = 200
	if got.LastModified == nil || !got.LastModified.Equal(modified) {
		t.Fatalf("Last-Modified: %v", got.LastModified)
	}
	got.LastModified, want.LastModified = nil, nil
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("got %+v, want %+v", *got, want)
	}

	// Optional headers the server leaves out stay nil.
	h.get = &GetThingResult{OK: &Thing{ID: 5, Name: "five"}, ETag: "abc"}
	got, err = c.GetThing(context.Background(), 5)
	if err != nil {
		t.Fatal(err)
	}
	if got.XTags != nil || got.XVersions != nil || got.LastModified != nil || got.XRateRemaining != 0 || header.Get("X-Tags") != "" {
		t.Fatalf("optional headers: %+v", got)
	}
}

func TestMissingRequiredHeaderIsAnError(t *testing.T) {
	ctx := context.Background()
	// 201 requires Location.
	c := raw(t, 201, map[string]string{"X-Rate-Remaining": "3"}, `{"id":1}`)
	_, err := c.CreateThing(ctx, &NewThing{Name: "n"})
	violation(t, err, "Location", "required")
	if !strings.Contains(err.Error(), "createThing: invalid response") {
		t.Fatalf("error %q does not name the operation", err)
	}

	// 202 too, without a body.
	c = raw(t, 202, nil, "")
	_, err = c.CreateThing(ctx, &NewThing{Name: "n"})
	violation(t, err, "Location", "required")

	// Every required header of getThing is reported.
	c = raw(t, 200, nil, `{"id":1,"name":"x"}`)
	_, err = c.GetThing(ctx, 1)
	violation(t, err, "ETag", "required")
	violation(t, err, "X-Rate-Remaining", "required")

	// A header that does not parse as its type is reported by name.
	c = raw(t, 201, map[string]string{"Location": "/x", "X-Rate-Remaining": "many"}, `{"id":1}`)
	_, err = c.CreateThing(ctx, &NewThing{Name: "n"})
	violation(t, err, "X-Rate-Remaining", "type")
	c = raw(t, 200, map[string]string{"ETag": "abc", "X-Rate-Remaining": "1", "X-Versions": "1,two"}, `{"id":1,"name":"x"}`)
	_, err = c.GetThing(ctx, 1)
	violation(t, err, "X-Versions", "type")
}

func TestStrictClientValidatesHeaderValues(t *testing.T) {
	ctx := context.Background()
	h := map[string]string{"ETag": "ab", "X-Rate-Remaining": "-1"}
	body := `{"id":1,"name":"x"}`
	if _, err := raw(t, 200, h, body).GetThing(ctx, 1); err != nil {
		t.Fatalf("lenient client: %v", err)
	}
	_, err := raw(t, 200, h, body, WithStrict()).GetThing(ctx, 1)
	violation(t, err, "ETag", "minLength")
	violation(t, err, "X-Rate-Remaining", "minimum")

	_, err = raw(t, 200, map[string]string{"X-Api-Version": "v9"}, `{"version":"1"}`, WithStrict()).GetVersion(ctx)
	violation(t, err, "X-Api-Version", "enum")
}

func TestServerValidatesHeadersWhenAsked(t *testing.T) {
	h := &api{create: &CreateThingResult{StatusCode: 201, Created: &Created{ID: 1}}}
	c, _, status := serve(t, h, WithResponseValidation())
	_, err := c.CreateThing(context.Background(), &NewThing{Name: "n"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || *status != 500 {
		t.Fatalf("a 201 without its Location: got %v, status %d; want 500", err, *status)
	}
	h.create.Location = Ptr("/things/1")
	if _, err := c.CreateThing(context.Background(), &NewThing{Name: "n"}); err != nil {
		t.Fatal(err)
	}
	h.get = &GetThingResult{OK: &Thing{ID: 1, Name: "x"}, ETag: "ab"}
	if _, err := c.GetThing(context.Background(), 1); !errors.As(err, &apiErr) || apiErr.StatusCode != 500 {
		t.Fatalf("an ETag below minLength: got %v; want 500", err)
	}
}

func TestWithAndWithoutBody(t *testing.T) {
	h := &api{del: &DeleteThingResult{OK: &Thing{ID: 3, Name: "gone"}}}
	c, header, status := serve(t, h)
	got, err := c.DeleteThing(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if got.StatusCode != 200 || got.OK == nil || got.OK.Name != "gone" {
		t.Fatalf("200: %+v", got)
	}
	h.del = &DeleteThingResult{}
	got, err = c.DeleteThing(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if got.StatusCode != 204 || got.OK != nil || *status != 204 || header.Get("Content-Type") != "" {
		t.Fatalf("204: %+v, wrote %d %v", got, *status, *header)
	}
}

func TestMediaTypesDiffer(t *testing.T) {
	h := &api{export: &ExportThingResult{OK: &RawResponse{ContentType: "text/csv", Body: io.NopCloser(strings.NewReader("id,name\n1,a\n"))}}}
	c, _, _ := serve(t, h)
	got, err := c.ExportThing(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.StatusCode != 200 || got.OK == nil || got.NonAuthoritativeInformation != nil {
		t.Fatalf("200: %+v", got)
	}
	data, err := io.ReadAll(got.OK.Body)
	got.OK.Body.Close()
	if err != nil || string(data) != "id,name\n1,a\n" || !strings.HasPrefix(got.OK.ContentType, "text/csv") {
		t.Fatalf("csv: %q %q %v", data, got.OK.ContentType, err)
	}
	h.export = &ExportThingResult{NonAuthoritativeInformation: &ExportThingNonAuthoritativeInformation{Rows: 1000000}}
	got, err = c.ExportThing(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.StatusCode != 203 || got.OK != nil || got.NonAuthoritativeInformation == nil || got.NonAuthoritativeInformation.Rows != 1000000 {
		t.Fatalf("203: %+v", got)
	}
}

func TestRange(t *testing.T) {
	h := &api{job: &GetJobResult{OK: &Job{ID: "j", Result: "done"}}}
	c, header, status := serve(t, h)
	ctx := context.Background()
	got, err := c.GetJob(ctx, "j")
	if err != nil {
		t.Fatal(err)
	}
	if got.StatusCode != 200 || got.OK == nil || got.OK.Result != "done" || got.Status2XX != nil {
		t.Fatalf("200: %+v", got)
	}
	// The range's body with no status: the lowest 2xx no exact response takes.
	h.job = &GetJobResult{Status2XX: &Progress{Percent: 40}, RetryAfter: Ptr(int64(5))}
	got, err = c.GetJob(ctx, "j")
	if err != nil {
		t.Fatal(err)
	}
	if *status != 201 || got.StatusCode != 201 || got.Status2XX == nil || got.Status2XX.Percent != 40 || got.RetryAfter == nil || *got.RetryAfter != 5 {
		t.Fatalf("2XX: wrote %d, %+v", *status, got)
	}
	if header.Get("Retry-After") != "5" {
		t.Fatalf("Retry-After %q", header.Get("Retry-After"))
	}
	// A status the handler chooses inside the range.
	h.job = &GetJobResult{StatusCode: 206, Status2XX: &Progress{Percent: 90}}
	got, err = c.GetJob(ctx, "j")
	if err != nil {
		t.Fatal(err)
	}
	if *status != 206 || got.StatusCode != 206 || got.Status2XX == nil || got.Status2XX.Percent != 90 {
		t.Fatalf("206: wrote %d, %+v", *status, got)
	}
	// Any status of the range reaches the client as the range's response.
	for _, code := range []int{202, 226, 299} {
		got, err = raw(t, code, nil, `{"percent":7}`).GetJob(ctx, "j")
		if err != nil {
			t.Fatal(err)
		}
		if got.StatusCode != code || got.Status2XX == nil || got.Status2XX.Percent != 7 || got.OK != nil {
			t.Fatalf("%d: %+v", code, got)
		}
	}
	// The plain signature of a range alone accepts any 2xx too.
	pong, err := raw(t, 203, nil, `{"version":"3"}`).Ping(ctx)
	if err != nil || pong.Version != "3" {
		t.Fatalf("ping: %+v %v", pong, err)
	}
	if pong, err := c.Ping(ctx); err != nil || pong.Version != "p" || *status != 200 {
		t.Fatalf("ping through the server: %+v %v %d", pong, err, *status)
	}
}

func TestDefaultAsTheOnlySuccess(t *testing.T) {
	h := &api{version: &GetVersionResult{Default: &Pong{Version: "2.1"}, XAPIVersion: GetVersionXAPIVersionV2}}
	c, header, status := serve(t, h)
	got, err := c.GetVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if *status != 200 || got.StatusCode != 200 || got.Default == nil || got.Default.Version != "2.1" || got.XAPIVersion != GetVersionXAPIVersionV2 {
		t.Fatalf("default: wrote %d, %+v", *status, got)
	}
	if header.Get("X-Api-Version") != "v2" {
		t.Fatalf("X-Api-Version %q", header.Get("X-Api-Version"))
	}
	got, err = raw(t, 203, map[string]string{"X-Api-Version": "v1"}, `{"version":"1"}`).GetVersion(context.Background())
	if err != nil || got.StatusCode != 203 || got.Default == nil || got.XAPIVersion != GetVersionXAPIVersionV1 {
		t.Fatalf("203 as default: %+v %v", got, err)
	}
	_, err = raw(t, 200, nil, `{"version":"1"}`).GetVersion(context.Background())
	violation(t, err, "X-Api-Version", "required")
}

func TestUndeclaredStatus(t *testing.T) {
	// The client reports a 2xx the operation does not declare as an *APIError.
	_, err := raw(t, 206, nil, `{"id":1}`).CreateThing(context.Background(), &NewThing{Name: "n"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 206 || string(apiErr.Body) != `{"id":1}` {
		t.Fatalf("undeclared 206: %v", err)
	}
	// The server refuses to write one a handler chose.
	h := &api{create: &CreateThingResult{StatusCode: 299, Created: &Created{ID: 1}}}
	c, _, status := serve(t, h)
	if _, err := c.CreateThing(context.Background(), &NewThing{Name: "n"}); !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || *status != 500 {
		t.Fatalf("handler's 299: %v, wrote %d", err, *status)
	}
	// A nil result with no error is a 500 too.
	h.create = nil
	if _, err := c.CreateThing(context.Background(), &NewThing{Name: "n"}); !errors.As(err, &apiErr) || apiErr.StatusCode != 500 {
		t.Fatalf("nil result: %v", err)
	}
}

func TestErrorsKeepTheirModel(t *testing.T) {
	h := &api{err: &APIError{StatusCode: 404, Message: "no such thing"}}
	c, _, _ := serve(t, h)
	_, err := c.GetThing(context.Background(), 9)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Message != "no such thing" {
		t.Fatalf("404: %v", err)
	}
}

func TestClientIsAProxy(t *testing.T) {
	backend := &api{create: &CreateThingResult{StatusCode: 201, Created: &Created{ID: 4}, Location: Ptr("/things/4"), XRateRemaining: Ptr(int32(2))}}
	inner, _, _ := serve(t, backend)
	outer, header, status := serve(t, inner)
	got, err := outer.CreateThing(context.Background(), &NewThing{Name: "p"})
	if err != nil {
		t.Fatal(err)
	}
	if *status != 201 || header.Get("Location") != "/things/4" || got.Created == nil || got.Created.ID != 4 || *got.XRateRemaining != 2 {
		t.Fatalf("through the proxy: wrote %d, %+v", *status, got)
	}
}

func TestMalformedBodyNamesTheRequest(t *testing.T) {
	c := raw(t, 200, map[string]string{"ETag": "abc", "X-Rate-Remaining": "1"}, `{"id":"one"}`)
	_, err := c.GetThing(context.Background(), 1)
	var re *ResponseError
	if !errors.As(err, &re) || re.Method != "GET" || re.Path != "/things/1" || re.StatusCode != 200 ||
		err.Error() != "decoding the 200 answer to GET /things/1: id: expected a number, got a string at byte 6" {
		t.Fatalf("got %v", err)
	}
	// A Result's body that is empty is no zero value either.
	c = raw(t, 200, map[string]string{"ETag": "abc", "X-Rate-Remaining": "1"}, ``)
	if _, err := c.GetThing(context.Background(), 1); !errors.As(err, &re) || re.Err.Error() != "the body is empty" {
		t.Fatalf("empty body: got %v", err)
	}
	// Nor is null, which the schema does not allow.
	c = raw(t, 200, map[string]string{"ETag": "abc", "X-Rate-Remaining": "1"}, `null`)
	if _, err := c.GetThing(context.Background(), 1); !errors.As(err, &re) || re.Err.Error() != "the body is null" {
		t.Fatalf("null body: got %v", err)
	}
}

func TestListHeadersOverSeveralLines(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", "abc")
		w.Header().Set("X-Rate-Remaining", "1")
		w.Header().Add("X-Tags", "red, green")
		w.Header().Add("X-Tags", "blue")
		w.Header().Add("X-Versions", "1, 2")
		w.Header().Add("X-Versions", "3")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":1,"name":"x"}`)
	}))
	defer ts.Close()
	c, err := NewClient(ts.URL, WithHTTPClient(ts.Client()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetThing(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.XTags, []string{"red", "green", "blue"}) || !reflect.DeepEqual(got.XVersions, []int64{1, 2, 3}) {
		t.Fatalf("X-Tags %q, X-Versions %v", got.XTags, got.XVersions)
	}
}

func TestAnswersOverTheCap(t *testing.T) {
	ctx := context.Background()
	body := `{"rows": 1000000}`
	// A JSON answer one byte over the cap is not decoded; at the cap it is.
	c := raw(t, 203, nil, body, WithMaxResponseBytes(int64(len(body)-1)))
	_, err := c.ExportThing(ctx, 1)
	var re *ResponseError
	if !errors.Is(err, ErrResponseTooLarge) || !errors.As(err, &re) || re.StatusCode != 203 || re.Method != "GET" || re.Path != "/things/1/export" {
		t.Fatalf("over the cap: got %v (%#v)", err, re)
	}
	c = raw(t, 203, nil, body, WithMaxResponseBytes(int64(len(body))))
	if got, err := c.ExportThing(ctx, 1); err != nil || got.NonAuthoritativeInformation == nil || got.NonAuthoritativeInformation.Rows != 1000000 {
		t.Fatalf("at the cap: %+v, %v", got, err)
	}
	// Operations with one success body go through another path.
	c = raw(t, 200, nil, `{"version": "1.2.3, and then some"}`, WithMaxResponseBytes(8))
	if _, err := c.Ping(ctx); !errors.Is(err, ErrResponseTooLarge) || !errors.As(err, &re) || re.Path != "/ping" {
		t.Fatalf("Ping over the cap: %v", err)
	}
	// A body handed over unread is the caller's to read: not capped.
	csv := strings.Repeat("id,name\n", 100)
	c = raw(t, 200, map[string]string{"Content-Type": "text/csv"}, csv, WithMaxResponseBytes(8))
	got, err := c.ExportThing(ctx, 1)
	if err != nil || got.OK == nil {
		t.Fatalf("csv: %+v, %v", got, err)
	}
	data, err := io.ReadAll(got.OK.Body)
	got.OK.Body.Close()
	if err != nil || string(data) != csv {
		t.Fatalf("csv body: %d bytes, %v", len(data), err)
	}
}

// A body whose schema allows null is no value when it is null: the body
// field of the Result stays nil, with no error; the other answers are read
// and checked as usual.
func TestNullBodiesOfAResult(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
	}{{200, `null`}, {203, ` null `}} {
		for _, strict := range []bool{false, true} {
			var opts []ClientOption
			if strict {
				opts = append(opts, WithStrict())
			}
			got, err := raw(t, c.status, nil, c.body, opts...).GetNote(context.Background(), "n")
			if err != nil || got.StatusCode != c.status || got.OK != nil || got.NonAuthoritativeInformation != nil {
				t.Errorf("%d %s (strict %v): %+v, %v", c.status, c.body, strict, got, err)
			}
		}
	}
	got, err := raw(t, 200, nil, `{"version":"v1"}`).GetNote(context.Background(), "n")
	if err != nil || got.OK == nil || got.OK.Version != "v1" {
		t.Errorf("a note: %+v, %v", got, err)
	}
	if _, err := raw(t, 203, nil, `[]`, WithStrict()).GetNote(context.Background(), "n"); err == nil || !strings.Contains(err.Error(), "minItems") {
		t.Errorf("no tags, strict: %v", err)
	}
	if got, err := raw(t, 203, nil, `["a"]`).GetNote(context.Background(), "n"); err != nil || len(*got.NonAuthoritativeInformation) != 1 {
		t.Errorf("tags: %+v, %v", got, err)
	}
}

// errorsAs answers GetThing with a fixed error.
type errorsAs struct {
	UnimplementedHandler
	err error
}

func (a *errorsAs) GetThing(ctx context.Context, id int64) (*GetThingResult, error) {
	return nil, a.err
}

// The error format is the declared Error ({"error": {"code", "message"}},
// of getThing's 404 and createThing's 4XX), not Pong, the body of two
// operations whose only response is default, their success: the server
// writes its errors so, and the client reads them.
func TestErrorsInTheDeclaredFormat(t *testing.T) {
	w := httptest.NewRecorder()
	NewServer(&errorsAs{err: &APIError{StatusCode: 404, Message: "no such thing"}}).ServeHTTP(w, httptest.NewRequest("GET", "/things/9", nil))
	if got, want := strings.TrimSpace(w.Body.String()), `{"error":{"code":404,"message":"no such thing"}}`; w.Code != 404 || got != want {
		t.Errorf("404 body %s, want %s", got, want)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(404)
		io.WriteString(w, `{"error":{"code":404,"message":"no such thing"}}`)
	}))
	defer ts.Close()
	c, err := NewClient(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetThing(context.Background(), 9)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 404 || ae.Code != 404 || ae.Message != "no such thing" {
		t.Errorf("client: %v, want the 404 read from the envelope", err)
	}
}
