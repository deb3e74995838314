package problems

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

type orders struct{ UnimplementedHandler }

func (orders) GetOrder(ctx context.Context, orderID int64) (*Order, error) {
	if orderID != 1 {
		return nil, &APIError{StatusCode: 404, Message: "no order " + "with that id"}
	}
	return &Order{ID: 1}, nil
}

// The server answers errors in the spec's own problem shape and media
// type: the status as the string the spec says, the title and type an
// RFC 9457 problem carries; the client reads them back.
func TestErrorsAreProblemsOfTheSpec(t *testing.T) {
	srv := httptest.NewServer(NewServer(orders{}))
	defer srv.Close()
	for path, want := range map[string]struct {
		status int
		title  string
	}{
		"/orders/2": {404, "Not Found"},
		"/orders/x": {400, "Bad Request"},
		"/nothing":  {404, "Not Found"},
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var p struct {
			Type, Title, Status, Detail string
		}
		if resp.StatusCode != want.status || resp.Header.Get("Content-Type") != "application/problem+json" || json.Unmarshal(b, &p) != nil {
			t.Fatalf("%s: %d %s %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
		if p.Type != "about:blank" || p.Title != want.title || p.Status != itoa(want.status) || p.Detail == "" {
			t.Errorf("%s: %s", path, b)
		}
	}
	c, _ := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	_, err := c.GetOrder(context.Background(), 2)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 404 || ae.Code != 404 || ae.Message != "no order with that id" {
		t.Fatalf("got %#v", err)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
