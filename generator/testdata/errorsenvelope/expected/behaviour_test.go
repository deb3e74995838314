package errorsenvelope

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

type widgets struct {
	UnimplementedHandler
	err error
}

func (h *widgets) CreateWidget(ctx context.Context, body *Widget) (*Widget, error) {
	if h.err != nil {
		return nil, h.err
	}
	return body, nil
}

func (h *widgets) GetWidget(ctx context.Context, widgetID string) (*Widget, error) {
	if h.err != nil {
		return nil, h.err
	}
	return &Widget{ID: widgetID, Name: "w"}, nil
}

func serve(t *testing.T, h http.Handler) (*httptest.Server, *Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func apiError(t *testing.T, err error) *APIError {
	t.Helper()
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want an *APIError, got %T: %v", err, err)
	}
	return ae
}

func raw(t *testing.T, srv *httptest.Server, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The handler's Missing and Duplicated lists travel inside the envelope's
// error object and come back on the client's *APIError.
func TestEnvelopeCarriesMissingAndDuplicated(t *testing.T) {
	h := &widgets{err: &APIError{
		StatusCode: 409, Message: "some ids are wrong",
		Missing:    []map[string]any{{"id": 1}},
		Duplicated: []map[string]any{{"externalId": "x"}, {"externalId": "y"}},
	}}
	srv, c := serve(t, NewServer(h))
	_, err := c.CreateWidget(context.Background(), &Widget{ID: "a", Name: "b"})
	ae := apiError(t, err)
	if ae.StatusCode != 409 || ae.Code != 409 || ae.Message != "some ids are wrong" {
		t.Fatalf("got %+v", ae)
	}
	if !reflect.DeepEqual(ae.Missing, []map[string]any{{"id": float64(1)}}) ||
		!reflect.DeepEqual(ae.Duplicated, []map[string]any{{"externalId": "x"}, {"externalId": "y"}}) {
		t.Fatalf("missing %v duplicated %v", ae.Missing, ae.Duplicated)
	}
	if s := ae.Error(); !strings.Contains(s, "1 missing") || !strings.Contains(s, "2 duplicated") {
		t.Fatalf("Error() = %q", s)
	}

	status, body := raw(t, srv, "POST", "/widgets", `{"id":"a","name":"b"}`)
	want := `{"error":{"code":409,"message":"some ids are wrong","missing":[{"id":1}],"duplicated":[{"externalId":"x"},{"externalId":"y"}]}}`
	if status != 409 || body != want {
		t.Fatalf("wire: %d\ngot  %s\nwant %s", status, body, want)
	}
	var env ErrorEnvelope
	if err := json.Unmarshal([]byte(body), &env); err != nil || env.Validate() != nil || env.Error.Code != 409 || len(env.Error.Duplicated) != 2 {
		t.Fatalf("body is not a valid ErrorEnvelope: %+v %v", env, err)
	}
}

func TestEnvelopeOmitsEmptyLists(t *testing.T) {
	h := &widgets{err: &APIError{StatusCode: 404, Message: "no widget w9"}}
	srv, c := serve(t, NewServer(h))
	status, body := raw(t, srv, "GET", "/widgets/w9", "")
	if status != 404 || body != `{"error":{"code":404,"message":"no widget w9"}}` {
		t.Fatalf("wire: %d %s", status, body)
	}
	_, err := c.GetWidget(context.Background(), "w9")
	if ae := apiError(t, err); ae.StatusCode != 404 || ae.Message != "no widget w9" || ae.Missing != nil || ae.Duplicated != nil || ae.Body != nil {
		t.Fatalf("got %+v", ae)
	}
}

func TestServerErrorsUseTheEnvelope(t *testing.T) {
	srv, _ := serve(t, NewServer(&widgets{}))
	for _, tc := range []struct {
		method, path, body string
		status             int
		says               string
	}{
		{"POST", "/widgets", `{"name":"x"}`, 400, "id"},
		{"POST", "/widgets", `[1]`, 400, "malformed"},
		{"PUT", "/widgets/w1", ``, 405, "GET"},
		{"GET", "/nowhere", ``, 404, "/nowhere"},
	} {
		status, body := raw(t, srv, tc.method, tc.path, tc.body)
		var env ErrorEnvelope
		if status != tc.status || json.Unmarshal([]byte(body), &env) != nil || env.Validate() != nil ||
			env.Error.Code != int64(tc.status) || !strings.Contains(env.Error.Message, tc.says) {
			t.Errorf("%s %s %s: %d %s, want %d in the envelope saying %q", tc.method, tc.path, tc.body, status, body, tc.status, tc.says)
		}
	}
	_, c := serve(t, NewServer(UnimplementedHandler{}))
	_, err := c.CreateWidget(context.Background(), &Widget{ID: "a", Name: "b"})
	if ae := apiError(t, err); ae.StatusCode != 501 || ae.Code != 501 || !strings.Contains(ae.Message, "createWidget") {
		t.Fatalf("got %+v", ae)
	}
}

// A body without the envelope (a proxy's flat error) is kept raw rather
// than read as an empty envelope.
func TestClientKeepsBodiesWithoutTheEnvelope(t *testing.T) {
	_, c := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(500)
		io.WriteString(w, `{"code":7,"message":"flat"}`)
	}))
	_, err := c.GetWidget(context.Background(), "w1")
	ae := apiError(t, err)
	if ae.StatusCode != 500 || ae.Code != 500 || string(ae.Body) != `{"code":7,"message":"flat"}` || ae.Message != `{"code":7,"message":"flat"}` {
		t.Fatalf("got %+v", ae)
	}
}
