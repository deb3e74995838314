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

func (h *items) PutThing(ctx context.Context, body *PutThingRequest, params *PutThingParams) error {
	h.calls = append(h.calls, "PutThing "+*body.Name)
	return nil
}

func (h *items) DropThing(ctx context.Context, body *DropThingRequest, params *DropThingParams) error {
	h.calls = append(h.calls, "DropThing")
	return nil
}

func (h *items) ListThings(ctx context.Context) (*[]string, error) {
	h.calls = append(h.calls, "ListThings")
	return &[]string{"a"}, nil
}

func (h *items) CountThings(ctx context.Context, params *CountThingsParams) (*int64, error) {
	h.calls = append(h.calls, "CountThings")
	n := int64(2)
	return &n, nil
}

func (h *items) Search(ctx context.Context, params *SearchParams) (*[]string, error) {
	h.calls = append(h.calls, "Search "+params.Q)
	return &[]string{params.Q}, nil
}

func (h *items) BrowseThings(ctx context.Context) (*[]string, error) {
	h.calls = append(h.calls, "BrowseThings")
	return &[]string{}, nil
}

func (h *items) CountAllThings(ctx context.Context) (*int64, error) {
	h.calls = append(h.calls, "CountAllThings")
	n := int64(0)
	return &n, nil
}

// Operations at one path and method, told apart by what the spec writes
// after the path (/#X-Amz-Target=Store.PutThing, /?Action=ListThings): the
// client sends its request to the path alone, with the header or query
// that tells it apart, and the server hands it to its operation.
func TestOperationsToldApartByHeaderOrQuery(t *testing.T) {
	h := &items{}
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("X-Amz-Target")+r.Header.Get("X-Mode"))
		NewServer(h).ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.PutThing(ctx, &PutThingRequest{Name: Ptr("x")}, &PutThingParams{XAmzTarget: PutThingXAmzTargetStorePutThing}); err != nil {
		t.Fatal(err)
	}
	if err := c.DropThing(ctx, &DropThingRequest{}, &DropThingParams{XAmzTarget: DropThingXAmzTargetStoreDropThing}); err != nil {
		t.Fatal(err)
	}
	if l, err := c.ListThings(ctx); err != nil || len(*l) != 1 {
		t.Fatal(l, err)
	}
	if n, err := c.CountThings(ctx, &CountThingsParams{Action: CountThingsActionCountThings}); err != nil || *n != 2 {
		t.Fatal(n, err)
	}
	if l, err := c.Search(ctx, &SearchParams{Q: "a b"}); err != nil || (*l)[0] != "a b" {
		t.Fatal(l, err)
	}
	if _, err := c.BrowseThings(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CountAllThings(ctx); err != nil {
		t.Fatal(err)
	}
	wantSeen := []string{
		"POST / Store.PutThing",
		"POST / Store.DropThing",
		"GET /?Action=ListThings&Version=2 ",
		"GET /?Action=CountThings ",
		"GET /search?q=a+b ",
		"GET /things ",
		"GET /things count",
	}
	if strings.Join(seen, "|") != strings.Join(wantSeen, "|") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(wantSeen, "\n"))
	}
	want := "PutThing x|DropThing|ListThings|CountThings|Search a b|BrowseThings|CountAllThings"
	if strings.Join(h.calls, "|") != want {
		t.Errorf("calls: %q, want %q", h.calls, want)
	}

	// A request that says which of none goes to the first: its header is
	// checked there.
	res, err := srv.Client().Post(srv.URL+"/", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 400 || !strings.Contains(string(b), "X-Amz-Target") {
		t.Errorf("POST / without a target: %d %s", res.StatusCode, b)
	}
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

func (h *items) GetRegion(ctx context.Context, location string) (*string, error) {
	return &location, nil
}

func (h *items) GetTwins(ctx context.Context, a int64) (*int64, error) {
	return &a, nil
}

// A parameter written twice in the path is one argument, sent in both
// places; the server refuses a request whose two places differ.
func TestParameterTwiceInThePath(t *testing.T) {
	var seen string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.URL.EscapedPath()
		NewServer(&items{}).ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetRegion(context.Background(), "west eu")
	if err != nil || *got != "west eu" || seen != "/groups/System.west%20eu/regions/west%20eu" {
		t.Fatalf("got %v %v at %s", got, err, seen)
	}
	if n, err := c.GetTwins(context.Background(), 7); err != nil || *n != 7 || seen != "/twins/7/and/7" {
		t.Fatalf("got %v %v at %s", n, err, seen)
	}
	for _, path := range []string{"/groups/System.west/regions/east", "/twins/7/and/8"} {
		res, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 400 || !strings.Contains(string(b), "must be the same in each place of the path") {
			t.Errorf("%s: %d %s", path, res.StatusCode, b)
		}
	}
}
