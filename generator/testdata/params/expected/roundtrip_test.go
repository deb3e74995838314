package params

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
)

// received records the last arguments of each operation, as the server
// decoded them.
type received struct {
	UnimplementedHandler
	mu     sync.Mutex
	code   string
	get    GetItemParams
	del    DeleteItemParams
	list   ListItemsParams
	labels CountLabelsParams
	tags   []string
	// colors and shades of FindPalette
	colors, shades []string
}

func (h *received) GetItem(_ context.Context, _ int64, code string, p *GetItemParams) (*Item, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.code, h.get = code, *p
	return &Item{Code: "c", Name: "n"}, nil
}

func (h *received) DeleteItem(_ context.Context, _ int64, code string, p *DeleteItemParams) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.code, h.del = code, *p
	return nil
}

func (h *received) ListItems(_ context.Context, _ int64, p *ListItemsParams) (*[]Item, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.list = *p
	return &[]Item{}, nil
}

func (h *received) CountLabels(_ context.Context, p *CountLabelsParams) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.labels = *p
	return nil
}

func (h *received) FindBins(_ context.Context, _ int64, _ []int64, tags []string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tags = tags
	return nil
}

func (h *received) FindPalette(_ context.Context, colors, shades []string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.colors, h.shades = colors, shades
	return nil
}

// FuzzParametersRoundTrip sends arbitrary text through every location and
// style of parameter of the generated client to the generated server: the
// client either refuses a value before sending it, or the server receives
// exactly what was sent. A request the server refuses, or a value that
// arrives changed, fails. Crashers found by `go test -fuzz` are kept in
// testdata/fuzz/FuzzParametersRoundTrip and replayed by every go test.
//
// Lists have two items here: a list of one empty item reads back as no
// items (`names=` cannot tell them apart), so that is left out.
func FuzzParametersRoundTrip(f *testing.F) {
	for _, s := range [][3]string{
		{"tools & parts", "Smith, John", "a/b c"},
		{"", ",", "."},
		{"..", "%2C", "x;y=z"},
		{"é€😀", "a|b", "#?[]@!$'()*+"},
		{"\"q\"", "\\", "a\tb"},
		{" lead", "trail ", "%zz"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	h := &received{}
	var sent atomic.Int64
	api := NewServer(h)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		api.ServeHTTP(w, r)
	}))
	f.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b, d string) {
		ctx := context.Background()
		// roundTrip makes one call and compares what the server got.
		roundTrip := func(op string, call func() error, got func() any, want any) {
			t.Helper()
			before := sent.Load()
			err := call()
			if err != nil {
				if sent.Load() != before {
					t.Fatalf("%s(%q, %q, %q): the client sent what the server refused: %v", op, a, b, d, err)
				}
				return // refused before sending
			}
			h.mu.Lock()
			defer h.mu.Unlock()
			if g := got(); !reflect.DeepEqual(g, want) {
				t.Fatalf("%s(%q, %q, %q): sent %#v, the server got %#v", op, a, b, d, want, g)
			}
		}

		gp := GetItemParams{XTraceID: &b, Fields: []string{a, d}}
		roundTrip("GetItem", func() error { _, err := c.GetItem(ctx, 1, a, &gp); return err },
			func() any { return [2]any{h.code, h.get} }, [2]any{a, gp})

		dp := DeleteItemParams{XTraceID: &d, Session: a, Theme: &b, Flags: []string{b, d}}
		roundTrip("DeleteItem", func() error { return c.DeleteItem(ctx, 1, d, &dp) },
			func() any { return [2]any{h.code, h.del} }, [2]any{d, dp})

		lp := ListItemsParams{Category: a, Tag: []string{b, d}, Names: []string{a, b}, Order: &d, XTraceID: &a,
			Words: []string{a, b}, Parts: []string{d, b}}
		roundTrip("ListItems", func() error { _, err := c.ListItems(ctx, 1, &lp); return err },
			func() any { return h.list }, lp)

		cp := CountLabelsParams{Label: []string{a}, Under: &b}
		roundTrip("CountLabels", func() error { return c.CountLabels(ctx, &cp) },
			func() any { return h.labels }, cp)

		roundTrip("FindBins", func() error { return c.FindBins(ctx, 1, []int64{1}, []string{a, b}) },
			func() any { return h.tags }, []string{a, b})

		roundTrip("FindPalette", func() error { return c.FindPalette(ctx, []string{a, b}, []string{b, d}) },
			func() any { return [2][]string{h.colors, h.shades} }, [2][]string{{a, b}, {b, d}})
	})
}
