package errors

import (
	"context"
	"encoding/json"
	stderrors "errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// widgets answers with whatever error the test sets, or echoes the widget.
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
	if !stderrors.As(err, &ae) {
		t.Fatalf("want an *APIError, got %T: %v", err, err)
	}
	return ae
}

func raw(t *testing.T, srv *httptest.Server, method, path, body string) (int, http.Header, string) {
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
	return resp.StatusCode, resp.Header, string(b)
}

// An *APIError from the handler keeps its status, goes out as the spec's
// flat Problem {code, message}, and comes back to the client intact.
func TestHandlerAPIErrorReachesClient(t *testing.T) {
	h := &widgets{err: &APIError{StatusCode: 409, Message: "widget w1 exists"}}
	srv, c := serve(t, NewServer(h))
	_, err := c.CreateWidget(context.Background(), &Widget{ID: "w1", Name: "a"})
	ae := apiError(t, err)
	if ae.StatusCode != 409 || ae.Code != 409 || ae.Message != "widget w1 exists" {
		t.Fatalf("got %+v", ae)
	}
	status, hdr, body := raw(t, srv, "POST", "/widgets", `{"id":"w1","name":"a"}`)
	if status != 409 || body != `{"code":409,"message":"widget w1 exists"}` || hdr.Get("Content-Type") != "application/json" {
		t.Fatalf("wire: %d %q %s", status, hdr.Get("Content-Type"), body)
	}
	var p Problem
	if err := json.Unmarshal([]byte(body), &p); err != nil || p.Validate() != nil {
		t.Fatalf("error body %s is not a valid Problem: %v %v", body, err, p.Validate())
	}

	// An application code separate from the HTTP status.
	h.err = &APIError{StatusCode: 409, Code: 40901, Message: "dup"}
	_, err = c.GetWidget(context.Background(), "w1")
	if ae := apiError(t, err); ae.StatusCode != 409 || ae.Code != 40901 || ae.Message != "dup" {
		t.Fatalf("got %+v", ae)
	}
	h.err = &APIError{StatusCode: 404, Message: "no widget w9"}
	_, err = c.GetWidget(context.Background(), "w9")
	if ae := apiError(t, err); ae.StatusCode != 404 || ae.Code != 404 || !strings.Contains(ae.Error(), "no widget w9") {
		t.Fatalf("got %+v", ae)
	}
}

// Any other error is a 500 that does not leak its text.
func TestPlainErrorIsAnOpaque500(t *testing.T) {
	h := &widgets{err: fmt.Errorf("db password hunter2 rejected")}
	srv, c := serve(t, NewServer(h, WithLogger(discardLogger())))
	_, err := c.GetWidget(context.Background(), "w1")
	if ae := apiError(t, err); ae.StatusCode != 500 || ae.Message != "internal error" {
		t.Fatalf("got %+v", ae)
	}
	if _, _, body := raw(t, srv, "GET", "/widgets/w1", ""); strings.Contains(body, "hunter2") {
		t.Fatalf("500 body leaks the error: %s", body)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestServerErrorsUseTheEnvelope(t *testing.T) {
	srv, c := serve(t, NewServer(&widgets{}))
	for _, tc := range []struct {
		method, path, body string
		status             int
		says               string
	}{
		{"POST", "/widgets", `{"id":"x"}`, 400, "name"},
		{"POST", "/widgets", `{"id":`, 400, "malformed"},
		{"POST", "/widgets", ``, 400, "required"},
		{"DELETE", "/widgets", ``, 405, "POST"},
		{"GET", "/gadgets/1", ``, 404, "/gadgets/1"},
	} {
		status, _, body := raw(t, srv, tc.method, tc.path, tc.body)
		var p Problem
		if status != tc.status || json.Unmarshal([]byte(body), &p) != nil || p.Validate() != nil ||
			p.Code != int64(tc.status) || !strings.Contains(p.Message, tc.says) {
			t.Errorf("%s %s %s: %d %s, want %d with a Problem saying %q", tc.method, tc.path, tc.body, status, body, tc.status, tc.says)
		}
	}
	// Path parameters arrive unescaped and intact.
	w, err := c.GetWidget(context.Background(), "a/b c?d")
	if err != nil || w.ID != "a/b c?d" {
		t.Fatalf("got %+v, %v", w, err)
	}
	_, c = serve(t, NewServer(UnimplementedHandler{}))
	_, err = c.GetWidget(context.Background(), "w1")
	if ae := apiError(t, err); ae.StatusCode != 501 || !strings.Contains(ae.Message, "getWidget") {
		t.Fatalf("got %+v", ae)
	}
}

func TestClientReadsForeignErrorBodies(t *testing.T) {
	_, c := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-7")
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(500)
		io.WriteString(w, "upstream crashed\n")
	}))
	_, err := c.GetWidget(context.Background(), "w1")
	ae := apiError(t, err)
	if ae.StatusCode != 500 || ae.Code != 500 || ae.Message != "upstream crashed" || string(ae.Body) != "upstream crashed\n" || ae.RequestID != "req-7" {
		t.Fatalf("got %+v", ae)
	}
	if !strings.Contains(ae.Error(), "500") || !strings.Contains(ae.Error(), "req-7") {
		t.Fatalf("Error() = %q", ae.Error())
	}
}

// A JSON error body of another shape (or null) is not the API's error,
// though it decodes into the flat shape without error: its bytes are kept.
func TestClientKeepsJSONErrorBodiesOfAnotherShape(t *testing.T) {
	for _, body := range []string{`{"error":"rate limited","detail":"slow down"}`, `null`} {
		_, c := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			io.WriteString(w, body)
		}))
		_, err := c.GetWidget(context.Background(), "w1")
		ae := apiError(t, err)
		if ae.StatusCode != 400 || string(ae.Body) != body {
			t.Errorf("%s: got %+v, want the body kept", body, ae)
		}
	}
}
