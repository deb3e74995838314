package samepaths

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type items struct{ calls []string }

func (h *items) GetItem(ctx context.Context, itemID int64) (*GetItemResponse, error) {
	h.calls = append(h.calls, "GetItem")
	return &GetItemResponse{ID: &itemID}, nil
}

func (h *items) DeleteItem(ctx context.Context, name string) error {
	h.calls = append(h.calls, "DeleteItem "+name)
	return nil
}

func (h *items) PutPart(ctx context.Context, name string, partID string) error {
	h.calls = append(h.calls, "PutPart "+name+" "+partID)
	return nil
}

func (h *items) GetPart(ctx context.Context, itemID int64, p string) error {
	h.calls = append(h.calls, "GetPart "+p)
	return nil
}

// Two paths that differ only in their parameters' names are told apart by
// method, each operation reading the segments under its own names and
// rules.
func TestSameShapedPathsRouteByMethod(t *testing.T) {
	h := &items{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	got, err := c.GetItem(ctx, 7)
	if err != nil || *got.ID != 7 {
		t.Fatalf("GetItem: %v %v", got, err)
	}
	if err := c.DeleteItem(ctx, "seven"); err != nil {
		t.Fatal(err)
	}
	if err := c.PutPart(ctx, "seven", "wheel"); err != nil {
		t.Fatal(err)
	}
	if err := c.GetPart(ctx, 7, "wheel"); err != nil {
		t.Fatal(err)
	}
	want := "GetItem|DeleteItem seven|PutPart seven wheel|GetPart wheel"
	if strings.Join(h.calls, "|") != want {
		t.Fatalf("calls: %q, want %q", h.calls, want)
	}

	for _, c := range []struct {
		method, path string
		status       int
		body, allow  string
	}{
		{"GET", "/items/abc", 400, "itemId", ""}, // GET's parameter is an integer
		{"DELETE", "/items/a", 400, "name", ""},  // DELETE's has minLength 2
		{"POST", "/items/7", 405, "", "GET, HEAD, DELETE"},
		{"GET", "/items/x/parts/y", 400, "itemId", ""},
	} {
		req, _ := http.NewRequest(c.method, srv.URL+c.path, nil)
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.status || !strings.Contains(string(b), c.body) {
			t.Errorf("%s %s: %d %s, want %d naming %q", c.method, c.path, res.StatusCode, b, c.status, c.body)
		}
		if c.allow != "" && res.Header.Get("Allow") != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, res.Header.Get("Allow"), c.allow)
		}
	}
	if err := c.DeleteItem(ctx, "a"); err == nil || !strings.Contains(err.Error(), "name") {
		t.Fatalf("the client checks DELETE's rule too: got %v", err)
	}
}
