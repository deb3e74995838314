package params

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// shop records what each operation received, typed.
type shop struct {
	UnimplementedHandler
	mu    sync.Mutex
	calls int
	store int64
	code  string
	get   GetItemParams
	del   DeleteItemParams
	list  ListItemsParams
	bins  []int64
	tags  []string
	shelf int64
	// colors and shades of FindPalette
	colors, shades []string
}

func (h *shop) FindSizes(ctx context.Context, sizes []string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls, h.colors = h.calls+1, sizes
	return nil
}

func (h *shop) FindPalette(ctx context.Context, colors, shades []string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls, h.colors, h.shades = h.calls+1, colors, shades
	return nil
}

func (h *shop) FindBins(ctx context.Context, shelf int64, bins []int64, tags []string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls, h.shelf, h.bins, h.tags = h.calls+1, shelf, bins, tags
	return nil
}

func (h *shop) GetItem(ctx context.Context, storeID int64, itemCode string, p *GetItemParams) (*Item, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls, h.store, h.code, h.get = h.calls+1, storeID, itemCode, *p
	return &Item{Code: itemCode, Name: "hammer"}, nil
}

func (h *shop) DeleteItem(ctx context.Context, storeID int64, itemCode string, p *DeleteItemParams) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls, h.store, h.code, h.del = h.calls+1, storeID, itemCode, *p
	return nil
}

func (h *shop) ListItems(ctx context.Context, storeID int64, p *ListItemsParams) (*[]Item, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls, h.store, h.list = h.calls+1, storeID, *p
	return &[]Item{{Code: "c1", Name: "n1"}}, nil
}

// rawRequest is what reached the wire, seen before the generated server.
type rawRequest struct {
	path, query, cookie string
}

func start(t *testing.T) (*shop, *Client, *httptest.Server, func() rawRequest) {
	t.Helper()
	h := &shop{}
	var mu sync.Mutex
	var last rawRequest
	api := NewServer(h)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		last = rawRequest{r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Get("Cookie")}
		mu.Unlock()
		api.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	return h, c, srv, func() rawRequest { mu.Lock(); defer mu.Unlock(); return last }
}

func TestQueryParametersArriveTyped(t *testing.T) {
	h, c, _, raw := start(t)
	items, err := c.ListItems(context.Background(), 12, &ListItemsParams{
		Category: "tools & parts", Limit: Ptr(int64(1)), InStock: Ptr(false),
		Tag: []string{"a", "b c"}, IDs: []int64{3, 1, 2}, XTraceID: Ptr("trace-1"),
		Words: []string{"x", "y,z w", "a+b%20"}, Codes: []int64{7, 8}, Parts: []string{"a|b", "c d"},
		Names: []string{"Smith, John", "", "a&b,"},
	})
	if err != nil || len(*items) != 1 || (*items)[0].Code != "c1" {
		t.Fatalf("got %v, %v", items, err)
	}
	h.mu.Lock()
	want := ListItemsParams{Category: "tools & parts", Limit: Ptr(int64(1)), InStock: Ptr(false),
		Tag: []string{"a", "b c"}, IDs: []int64{3, 1, 2}, XTraceID: Ptr("trace-1"),
		Words: []string{"x", "y,z w", "a+b%20"}, Codes: []int64{7, 8}, Parts: []string{"a|b", "c d"},
		Names: []string{"Smith, John", "", "a&b,"}}
	if h.store != 12 || !reflect.DeepEqual(h.list, want) {
		t.Errorf("server got store %d %+v", h.store, h.list)
	}
	h.mu.Unlock()
	q, err := url.ParseQuery(raw().query)
	if err != nil {
		t.Fatal(err)
	}
	// explode (the default): one key per element; explode false: one key, comma-joined.
	if !reflect.DeepEqual(q["tag"], []string{"a", "b c"}) || !reflect.DeepEqual(q["ids"], []string{"3,1,2"}) {
		t.Errorf("raw query %q: tag %q ids %q", raw().query, q["tag"], q["ids"])
	}
	// An item's own commas are escaped; those between items are not.
	if !strings.Contains(raw().query, "&names=Smith%2C+John,,a%26b%2C") {
		t.Errorf("raw query %q: names not as the style examples write them", raw().query)
	}
	// spaceDelimited and pipeDelimited: one key, joined with a space (%20)
	// or a pipe; an item's own spaces (+) and pipes (%7C) are escaped.
	if !strings.Contains(raw().query, "&words=x%20y%2Cz+w%20a%2Bb%2520&") || !strings.Contains(raw().query, "&codes=7|8&parts=a%7Cb|c+d") {
		t.Errorf("raw query %q: words and parts not as the style examples write them", raw().query)
	}
	if q.Get("category") != "tools & parts" || q.Get("limit") != "1" || q.Get("inStock") != "false" {
		t.Errorf("raw query %q", raw().query)
	}

	// Unset optional parameters are not sent at all.
	if _, err := c.ListItems(context.Background(), 1, &ListItemsParams{Category: "x"}); err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	if !reflect.DeepEqual(h.list, ListItemsParams{Category: "x"}) {
		t.Errorf("server got %+v", h.list)
	}
	h.mu.Unlock()
	if got := raw().query; got != "category=x" {
		t.Errorf("raw query %q, want category=x", got)
	}
}

func TestPathHeaderAndCookieParameters(t *testing.T) {
	h, c, _, raw := start(t)
	ctx := context.Background()
	item, err := c.GetItem(ctx, 7, "a/b c", &GetItemParams{XTraceID: Ptr("t-9"), Fields: []string{"name", "code"}})
	if err != nil || item.Code != "a/b c" {
		t.Fatalf("got %+v, %v", item, err)
	}
	h.mu.Lock()
	if h.store != 7 || h.code != "a/b c" || *h.get.XTraceID != "t-9" || !reflect.DeepEqual(h.get.Fields, []string{"name", "code"}) {
		t.Errorf("server got %d %q %+v", h.store, h.code, h.get)
	}
	h.mu.Unlock()
	if p := raw().path; p != "/stores/7/items/a%2Fb%20c" {
		t.Errorf("raw path %q: the slash in the item code must be escaped", p)
	}
	if q := raw().query; strings.Count(q, "fields=") != 2 {
		t.Errorf("raw query %q, want fields repeated", q)
	}

	if err := c.DeleteItem(ctx, 8, "x", &DeleteItemParams{Session: "tok-1", XTraceID: Ptr("t-10")}); err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	if h.store != 8 || h.del.Session != "tok-1" || *h.del.XTraceID != "t-10" {
		t.Errorf("server got %+v", h.del)
	}
	h.mu.Unlock()
	if ck := raw().cookie; ck != "session=tok-1" {
		t.Errorf("Cookie header %q", ck)
	}
}

func TestClientRefusesInvalidParametersBeforeSending(t *testing.T) {
	h, c, _, _ := start(t)
	ctx := context.Background()
	check := func(err error, path, rule string) {
		t.Helper()
		var ve *ValidationError
		if !errors.As(err, &ve) || len(ve.Violations) != 1 || ve.Violations[0].Path != path || ve.Violations[0].Rule != rule {
			t.Errorf("got %v, want %s (%s)", err, path, rule)
		}
	}
	_, err := c.ListItems(ctx, 1, nil)
	check(err, "category", "required")
	_, err = c.ListItems(ctx, 1, &ListItemsParams{Category: "x", Limit: Ptr(int64(0))})
	check(err, "limit", "minimum")
	check(c.DeleteItem(ctx, 1, "x", nil), "session", "required")
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.calls != 0 {
		t.Fatalf("handler called %d times, want 0", h.calls)
	}
}

func TestServerRefusesBadRawParameters(t *testing.T) {
	h, _, srv, _ := start(t)
	for _, tc := range []struct {
		method, path, cookie string
		says                 string
	}{
		{"GET", "/stores/1/items", "", "category"},
		{"GET", "/stores/1/items?limit=5", "", "category"},
		{"GET", "/stores/abc/items?category=x", "", "storeId"},
		{"GET", "/stores/1.5/items/x", "", "storeId"},
		{"GET", "/stores/1/items?category=x&limit=0", "", "limit"},
		{"GET", "/stores/1/items?category=x&limit=ten", "", "limit"},
		{"GET", "/stores/1/items?category=x&inStock=maybe", "", "inStock"},
		{"GET", "/stores/1/items?category=x&ids=1,x", "", "ids"},
		{"DELETE", "/stores/1/items/x", "", "session"},
		{"DELETE", "/stores/1/items/x", "other=1", "session"},
		// A pair that does not decode, and a single value given twice.
		{"GET", "/stores/1/items?category=x&limit=%zz", "", "limit: is not URL-encoded text"},
		{"GET", "/stores/1/items?category=x&limit=5;x", "", "limit: is not URL-encoded text"},
		{"GET", "/stores/1/items?category=x&limit=5&limit=500", "", "limit: must be given once"},
		// Numbers and booleans only as JSON writes them, in objects too.
		{"GET", "/stores/1/items?category=x&filter[color]=red&filter[maxPrice]=NaN", "", "maxPrice"},
		{"GET", "/stores/1/items?category=x&from=007", "", "from"},
		{"GET", "/stores/1/items?category=x&until=%2B3", "", "until"},
		// Label and matrix values carry their prefix.
		{"GET", "/shelves/5/bins/;bins=1/tags/;tags=a", "", "shelf: must start with \".\""},
		{"GET", "/shelves/.5/bins/;bins=1/tags/;other=x", "", "tags: must start with \";tags=\""},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		if tc.cookie != "" {
			req.Header.Set("Cookie", tc.cookie)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var env struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		}
		if resp.StatusCode != 400 || json.Unmarshal(b, &env) != nil || env.Code != 400 || !strings.Contains(env.Message, tc.says) {
			t.Errorf("%s %s: %d %s, want 400 in the envelope naming %s", tc.method, tc.path, resp.StatusCode, b, tc.says)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.calls != 0 {
		t.Fatalf("handler called %d times, want 0", h.calls)
	}
}

func TestUnimplementedAndWrongMethod(t *testing.T) {
	srv := httptest.NewServer(NewServer(UnimplementedHandler{}))
	defer srv.Close()
	c, _ := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	err := c.DeleteItem(context.Background(), 1, "x", &DeleteItemParams{Session: "s"})
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 501 || ae.Code != 501 {
		t.Fatalf("got %v, want 501", err)
	}
	req, _ := http.NewRequest("PUT", srv.URL+"/stores/1/items/x", nil)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// HEAD is served wherever GET is, so Allow names it too (RFC 9110, 10.2.1).
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD, DELETE" {
		t.Fatalf("status %d Allow %q, want 405 and GET, HEAD, DELETE", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// Optional parameters with a default get an accessor that applies it; a
// default of the wrong type (specs are not checked for it) gets none.
func TestDefaultsOfOptionalParameters(t *testing.T) {
	var none *ListItemsParams
	if none.PageOrDefault() != 1 || none.OrderOrDefault() != "asc" {
		t.Errorf("nil params: page %d order %q", none.PageOrDefault(), none.OrderOrDefault())
	}
	set := &ListItemsParams{Page: Ptr(int32(4)), Order: Ptr("desc")}
	if set.PageOrDefault() != 4 || set.OrderOrDefault() != "desc" {
		t.Errorf("set params: page %d order %q", set.PageOrDefault(), set.OrderOrDefault())
	}
	if _, ok := reflect.TypeOf(set).MethodByName("SizeOrDefault"); ok {
		t.Error("SizeOrDefault exists for a default that is not an integer")
	}
}

// Label (.value) and matrix (;name=value) path parameters: the client writes
// them in their style, delimiters as they are and values escaped, and the
// server reads them back typed.
func TestLabelAndMatrixPathParameters(t *testing.T) {
	h, c, _, raw := start(t)
	if err := c.FindBins(context.Background(), 7, []int64{1, 2}, []string{"a b", "c"}); err != nil {
		t.Fatal(err)
	}
	if got, want := raw().path, "/shelves/.7/bins/;bins=1;bins=2/tags/;tags=a%20b,c"; got != want {
		t.Errorf("path %q, want %q", got, want)
	}
	h.mu.Lock()
	if h.shelf != 7 || !reflect.DeepEqual(h.bins, []int64{1, 2}) || !reflect.DeepEqual(h.tags, []string{"a b", "c"}) {
		t.Errorf("server got shelf %d bins %v tags %q", h.shelf, h.bins, h.tags)
	}
	h.mu.Unlock()
	// The empty value in the matrix style is the name alone (RFC 6570).
	if err := c.FindBins(context.Background(), 7, []int64{1}, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := raw().path, "/shelves/.7/bins/;bins=1/tags/;tags"; got != want {
		t.Errorf("path %q, want %q", got, want)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.tags != nil {
		t.Errorf("tags %q, want none", h.tags)
	}
}

// An empty item of an exploded matrix list is the name alone, as an empty
// value is (RFC 6570, 3.2.7): ;sizes=a;sizes;sizes=c, which the server
// reads back, as it does the items' escaped semicolons and equals signs.
func TestMatrixListEmptyItems(t *testing.T) {
	h, c, srv, raw := start(t)
	for _, sizes := range [][]string{{"a", "", "c"}, {"", "b"}, {"x", ""}, {"x;sizes", "=", "sizes=", "sizes"}} {
		if err := c.FindSizes(context.Background(), sizes); err != nil {
			t.Fatal(err)
		}
		h.mu.Lock()
		if !reflect.DeepEqual(h.colors, sizes) {
			t.Errorf("%q: sent %s, server got %q", sizes, raw().path, h.colors)
		}
		h.mu.Unlock()
	}
	if got, want := raw().path, "/sizes/;sizes=x%3Bsizes;sizes==;sizes=sizes=;sizes=sizes"; got != want {
		t.Errorf("path %q, want %q", got, want)
	}
	c.FindSizes(context.Background(), []string{"a", "", "c"})
	if got, want := raw().path, "/sizes/;sizes=a;sizes;sizes=c"; got != want {
		t.Errorf("path %q, want %q", got, want)
	}
	resp, err := http.Get(srv.URL + "/sizes/;sizes;sizes=b;sizes")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h.mu.Lock()
	defer h.mu.Unlock()
	if resp.StatusCode != 204 || !reflect.DeepEqual(h.colors, []string{"", "b", ""}) {
		t.Errorf("server read ;sizes;sizes=b;sizes as %q (%d)", h.colors, resp.StatusCode)
	}
}

// A list in the path keeps the separators its items hold: the client
// escapes them in the items and leaves those between items as they are,
// and the server splits where they stand unescaped.
func TestPathListItemsKeepTheirSeparators(t *testing.T) {
	h, c, srv, raw := start(t)
	colors := []string{"Smith, John", "a/b", "", "c;d", "%2C"}
	shades := []string{"x.y", ".", "..", "z"}
	if err := c.FindPalette(context.Background(), colors, shades); err != nil {
		t.Fatal(err)
	}
	if got, want := raw().path, "/palettes/Smith%2C%20John,a%2Fb,,c%3Bd,%252C/.x%2Ey.%2E.%2E%2E.z"; got != want {
		t.Errorf("path %q, want %q", got, want)
	}
	h.mu.Lock()
	if !reflect.DeepEqual(h.colors, colors) || !reflect.DeepEqual(h.shades, shades) {
		t.Errorf("server got colors %q shades %q", h.colors, h.shades)
	}
	h.mu.Unlock()
	// When no separator stands unescaped, as from clients that escape the
	// whole value, every one separates.
	for path, want := range map[string][]string{
		"/palettes/red,green/.x.y":     {"red", "green"},
		"/palettes/red%2Cgreen/.x.y":   {"red", "green"},
		"/palettes/a%2Cb,c/.x.y":       {"a,b", "c"},
		"/palettes/caf%C3%A9,%20/.x.y": {"café", " "},
	} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		h.mu.Lock()
		if res.StatusCode != http.StatusNoContent || !reflect.DeepEqual(h.colors, want) || !reflect.DeepEqual(h.shades, []string{"x", "y"}) {
			t.Errorf("%s: %d, colors %q shades %q, want %q", path, res.StatusCode, h.colors, h.shades, want)
		}
		h.mu.Unlock()
	}
}

// Object query parameters: deepObject (filter[color]=red) and the exploded
// form style (from=1&until=2) carry one key per property; the server reads
// them back typed, reports a missing required property with its path, and
// leaves the parameter nil when none of its keys is there.
func TestObjectQueryParameters(t *testing.T) {
	h, c, srv, raw := start(t)
	_, err := c.ListItems(context.Background(), 1, &ListItemsParams{
		Category: "x",
		Filter:   &ListItemsFilter{Color: ListItemsFilterColorRed, MaxPrice: Ptr(int64(500))},
		Window:   &Window{From: Ptr(int64(1)), Until: Ptr(int64(2))},
	})
	if err != nil {
		t.Fatal(err)
	}
	q, _ := url.ParseQuery(raw().query)
	if q.Get("filter[color]") != "red" || q.Get("filter[maxPrice]") != "500" || q.Get("from") != "1" || q.Get("until") != "2" {
		t.Errorf("raw query %q", raw().query)
	}
	h.mu.Lock()
	got := h.list
	h.mu.Unlock()
	if got.Filter == nil || got.Filter.Color != ListItemsFilterColorRed || *got.Filter.MaxPrice != 500 ||
		got.Window == nil || *got.Window.From != 1 || *got.Window.Until != 2 {
		t.Errorf("server got filter %+v window %+v", got.Filter, got.Window)
	}

	// Absent: nil. A key of the object present but a required one missing: 400.
	if _, err := c.ListItems(context.Background(), 1, &ListItemsParams{Category: "x"}); err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	if h.list.Filter != nil || h.list.Window != nil {
		t.Errorf("absent objects decoded as %+v %+v", h.list.Filter, h.list.Window)
	}
	h.mu.Unlock()
	for query, want := range map[string]string{
		"category=x&filter[maxPrice]=5":                      "filter.color",
		"category=x&filter[color]=red&filter[maxPrice]=x":    "filter[maxPrice]",
		"category=x&filter[color]=red&filter[maxPrice]=5000": "filter.maxPrice",
		// Which one would count?
		"category=x&filter[color]=red&filter[color]=blue": "filter[color]: must be given once",
		"category=x&from=1&from=2":                        "from: must be given once",
	} {
		resp, err := http.Get(srv.URL + "/stores/1/items?" + query)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d %s, want 400 naming %s", query, resp.StatusCode, body, want)
		}
	}
}

// A list in a header may come on several lines, with spaces after its
// commas (RFC 9110, 5.2 and 5.6.1).
func TestHeaderListOnSeveralLines(t *testing.T) {
	h, _, srv, _ := start(t)
	req, _ := http.NewRequest("GET", srv.URL+"/stores/1/items?category=x", nil)
	req.Header.Add("X-Ids", "1")
	req.Header.Add("X-Ids", "2, 3")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if !reflect.DeepEqual(h.list.XIDs, []int64{1, 2, 3}) {
		t.Errorf("X-Ids = %v, want [1 2 3]", h.list.XIDs)
	}
}

// Cookie parameters share one Cookie line (RFC 6265, 5.4); a value a
// cookie cannot carry is refused before sending, not altered.
func TestCookieParameters(t *testing.T) {
	h, c, _, raw := start(t)
	ctx := context.Background()
	if err := c.DeleteItem(ctx, 1, "x", &DeleteItemParams{Session: "s1", Theme: Ptr("dark")}); err != nil {
		t.Fatal(err)
	}
	if got := raw().cookie; got != "session=s1; theme=dark" {
		t.Errorf("Cookie %q, want one line with both", got)
	}
	h.mu.Lock()
	calls := h.calls
	h.mu.Unlock()
	// A semicolon would start a cookie of its own; quotes would be taken
	// off by the server.
	for _, v := range []string{"a b;c", "x;theme=evil", "x; theme=evil", `"quoted"`, "back\\slash", "caf\u00e9"} {
		err := c.DeleteItem(ctx, 1, "x", &DeleteItemParams{Session: v})
		if err == nil || !strings.Contains(err.Error(), "cookie session") {
			t.Errorf("session %q: %v", v, err)
		}
	}
	h.mu.Lock()
	if h.calls != calls {
		t.Error("a request was sent")
	}
	h.mu.Unlock()
	// A list: its items joined with commas, as OpenAPI's style examples
	// write it (explode false and true alike).
	if err := c.DeleteItem(ctx, 1, "x", &DeleteItemParams{Session: "s1", Flags: []string{"blue", "black", "brown"}}); err != nil {
		t.Fatal(err)
	}
	if got := raw().cookie; got != "session=s1; flags=blue,black,brown" {
		t.Errorf("Cookie %q", got)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if want := []string{"blue", "black", "brown"}; !reflect.DeepEqual(h.del.Flags, want) {
		t.Errorf("flags = %q, want %q", h.del.Flags, want)
	}
}

// A path value of "." or ".." is sent escaped: as it is, URL resolution
// would take it for a step up the path, and the request would reach
// another resource.
func TestDotSegmentsInPathValues(t *testing.T) {
	h, c, _, raw := start(t)
	for _, code := range []string{".", ".."} {
		if _, err := c.GetItem(context.Background(), 1, code, nil); err != nil {
			t.Fatalf("%q: %v", code, err)
		}
		if want := "/stores/1/items/" + strings.ReplaceAll(code, ".", "%2E"); raw().path != want {
			t.Errorf("%q: path %q, want %q", code, raw().path, want)
		}
		h.mu.Lock()
		if h.code != code {
			t.Errorf("server got %q, want %q", h.code, code)
		}
		h.mu.Unlock()
	}
}

// The base URL keeps its escaping (a%2Fb is one segment) and its query.
func TestBaseURLKeepsItsEscapingAndQuery(t *testing.T) {
	_, _, srv, raw := start(t)
	c, err := NewClient(srv.URL+"/api/a%2Fb/?tenant=1", WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	c.ListItems(context.Background(), 1, &ListItemsParams{Category: "x"})
	if got := raw(); got.path != "/api/a%2Fb/stores/1/items" || got.query != "tenant=1&category=x" {
		t.Errorf("sent %s?%s", got.path, got.query)
	}
	c.GetItem(context.Background(), 1, "c", nil)
	if got := raw(); got.path != "/api/a%2Fb/stores/1/items/c" || got.query != "tenant=1" {
		t.Errorf("sent %s?%s", got.path, got.query)
	}
}

// A required list sent one key per item has no way to say "no items": the
// client refuses it, as the server would, before sending.
func TestRequiredExplodedListHasItems(t *testing.T) {
	_, c, _, _ := start(t)
	ctx := context.Background()
	var apiErr *APIError
	for _, labels := range [][]string{nil, {}} {
		err := c.CountLabels(ctx, &CountLabelsParams{Label: labels})
		if err == nil || errors.As(err, &apiErr) || !strings.Contains(err.Error(), "label: is required") {
			t.Errorf("labels %#v: %v, want the client's own error", labels, err)
		}
	}
	err := c.CountLabels(ctx, &CountLabelsParams{Label: []string{"a"}})
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotImplemented {
		t.Errorf("one label: %v, want the server's 501", err)
	}
}

// allowReserved: the value keeps the reserved characters that do not
// change what the query says; the others, and the rest, are escaped.
func TestAllowReservedQueryValue(t *testing.T) {
	_, c, _, raw := start(t)
	c.CountLabels(context.Background(), &CountLabelsParams{Label: []string{"a/b"}, Under: Ptr("/a/b:c?d@e!$'()*,&f=g+h#i;j k%2F")})
	if got, want := raw().query, "label=a%2Fb&under=/a/b:c?d@e!$'()*,%26f%3Dg%2Bh%23i%3Bj+k%252F"; got != want {
		t.Errorf("query %q, want %q", got, want)
	}
}

// An empty value that fills a segment of the path alone is refused before
// sending: /stores/1/items/ would match another operation, or none.
func TestEmptyPathSegmentRefused(t *testing.T) {
	h, c, _, _ := start(t)
	ctx := context.Background()
	var apiErr *APIError
	if _, err := c.GetItem(ctx, 1, "", nil); err == nil || errors.As(err, &apiErr) || !strings.Contains(err.Error(), "itemCode: must not be empty") {
		t.Errorf("empty item code: %v", err)
	}
	if err := c.FindPalette(ctx, nil, []string{"x"}); err == nil || !strings.Contains(err.Error(), "colors: must not be empty") {
		t.Errorf("no colors: %v", err)
	}
	// The label style has its prefix: no shades is /palettes/red/. and fine.
	if err := c.FindPalette(ctx, []string{"red"}, nil); err != nil {
		t.Errorf("no shades: %v", err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.calls != 1 {
		t.Errorf("%d requests reached the server, want 1", h.calls)
	}
}

// A header parameter's value that starts or ends with a space is refused
// before sending: the server would receive it without.
func TestHeaderValueSpacesAtTheEnds(t *testing.T) {
	_, c, _, _ := start(t)
	for _, v := range []string{" t", "t\t", " "} {
		_, err := c.GetItem(context.Background(), 1, "x", &GetItemParams{XTraceID: Ptr(v)})
		if err == nil || !strings.Contains(err.Error(), "header X-Trace-Id: "+strconv.Quote(v)+" cannot be sent as it is") {
			t.Errorf("%q: %v", v, err)
		}
	}
	if _, err := c.GetItem(context.Background(), 1, "x", &GetItemParams{XTraceID: Ptr("a b")}); err != nil {
		t.Errorf("a space inside: %v", err)
	}
}

// Lists that are not exploded, as other clients write them: when every
// separator is escaped (ids=1%2C2, or url.Values' words=a+b), the decoded
// value is split at each; when some stand unescaped, only those separate
// items, and the escaped ones belong to an item.
func TestServerReadsDelimitedListsOfOtherClients(t *testing.T) {
	h, _, srv, _ := start(t)
	for query, want := range map[string]ListItemsParams{
		"ids=1%2C2&names=a%2Cb":      {IDs: []int64{1, 2}, Names: []string{"a", "b"}},
		"ids=1,2&names=a%2Cb,c":      {IDs: []int64{1, 2}, Names: []string{"a,b", "c"}},
		"words=a+b&parts=a%7Cb":      {Words: []string{"a", "b"}, Parts: []string{"a", "b"}},
		"words=a%20b%20c&parts=a|b":  {Words: []string{"a", "b", "c"}, Parts: []string{"a", "b"}},
		"words=a+b%20c&parts=a%7Cb|": {Words: []string{"a b", "c"}, Parts: []string{"a|b", ""}},
		"words=%2520%20+&parts=%7C":  {Words: []string{"%20", " "}, Parts: []string{"", ""}},
	} {
		resp, err := http.Get(srv.URL + "/stores/1/items?category=x&" + query)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d %s", query, resp.StatusCode, body)
			continue
		}
		want.Category = "x"
		h.mu.Lock()
		if !reflect.DeepEqual(h.list, want) {
			t.Errorf("%s: the server got %+v, want %+v", query, h.list, want)
		}
		h.mu.Unlock()
	}
}
