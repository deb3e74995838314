package refs

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func violations(t *testing.T, err error) []Violation {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %T: %v", err, err)
	}
	return ve.Violations
}

func TestReferencedSchemasOnTheWire(t *testing.T) {
	// Owner is an alias of Person: a *Person fills it.
	var owner *Owner = &Person{Name: "Ann"}
	tr := Tree{ID: "t1", Root: Node{Label: "r", Children: []Node{{Label: "c", Children: []Node{{Label: "g"}}}}}, Owner: owner}
	b, err := json.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"t1","root":{"label":"r","children":[{"label":"c","children":[{"label":"g"}]}]},"owner":{"name":"Ann"}}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	var back Tree
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.ID != "t1" || back.Owner.Name != "Ann" || back.Root.Children[0].Children[0].Label != "g" || back.Validate() != nil {
		t.Fatalf("got %+v", back)
	}
	// null and absence leave the alias's pointer nil; a wrong type is
	// reported at the alias's property.
	for _, in := range []string{`{"id":"t","root":{"label":"r"},"owner":null}`, `{"id":"t","root":{"label":"r"}}`} {
		var got Tree
		if err := json.Unmarshal([]byte(in), &got); err != nil || got.Owner != nil {
			t.Fatalf("%s: got owner %v, err %v", in, got.Owner, err)
		}
	}
	err = json.Unmarshal([]byte(`{"id":"t","root":{"label":"r"},"owner":"Ann"}`), &back)
	if err == nil || !strings.Contains(err.Error(), "owner") {
		t.Fatalf("an owner that is not an object: got %v, want an error naming owner", err)
	}
}

func TestRulesOfReferencedSchemasApply(t *testing.T) {
	var tr Tree
	if err := json.Unmarshal([]byte(`{"root":{"children":[{"label":"a"},{"children":[{}]}]},"owner":{}}`), &tr); err != nil {
		t.Fatal(err)
	}
	vs := violations(t, tr.Validate())
	want := []string{"id", "root.label", "root.children[1].label", "root.children[1].children[0].label", "owner.name"}
	if len(vs) != len(want) {
		t.Fatalf("got %v, want required %v", vs, want)
	}
	for i, w := range want {
		if vs[i].Path != w || vs[i].Rule != "required" {
			t.Errorf("violation %d = %+v, want %s (required)", i, vs[i], w)
		}
	}
	var e Error
	if err := json.Unmarshal([]byte(`{"code":404}`), &e); err != nil {
		t.Fatal(err)
	}
	if vs := violations(t, e.Validate()); len(vs) != 1 || vs[0].Path != "message" {
		t.Fatalf("got %v", vs)
	}
}

type trees struct {
	UnimplementedHandler
	mu  sync.Mutex
	ids []TreeId
}

func (h *trees) saw(id TreeId) {
	h.mu.Lock()
	h.ids = append(h.ids, id)
	h.mu.Unlock()
}

func (h *trees) GetTree(ctx context.Context, id TreeId) (*Tree, error) {
	h.saw(id)
	if id == "gone" {
		return nil, &APIError{StatusCode: 404, Message: "no tree gone"}
	}
	return &Tree{ID: id, Root: Node{Label: "root"}}, nil
}

func (h *trees) ReplaceTree(ctx context.Context, id TreeId, body *Tree) (*Tree, error) {
	h.saw(id)
	return body, nil
}

// ListLeaves answers three pages: a, b; c; d.
func (h *trees) ListLeaves(ctx context.Context, id TreeId, params *ListLeavesParams) (*LeafPage, error) {
	pages := map[string]LeafPage{
		"":   {Items: []string{"a", "b"}, NextCursor: Ptr("p2")},
		"p2": {Items: []string{"c"}, NextCursor: Ptr("p3")},
		"p3": {Items: []string{"d"}},
	}
	cursor := ""
	if params.Cursor != nil {
		cursor = *params.Cursor
	}
	page := pages[cursor]
	return &page, nil
}

// The iterator sees through the page's alias (LeafPage = LeafList).
func TestPagesOfAnAliasIterate(t *testing.T) {
	srv := httptest.NewServer(NewServer(&trees{}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for leaf, err := range c.ListLeavesAll(context.Background(), "oak", nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, leaf)
	}
	if !reflect.DeepEqual(got, []string{"a", "b", "c", "d"}) {
		t.Fatalf("got %q", got)
	}
}

func (h *trees) ListNodes(ctx context.Context, id TreeId) (*[]Node, error) {
	h.saw(id)
	return &[]Node{{Label: "n1"}, {Label: "n2", Children: []Node{{Label: "n2a"}}}}, nil
}

// The shared TreeId parameter, request body and responses work on every
// operation that references them.
func TestSharedComponentsOverHTTP(t *testing.T) {
	h := &trees{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	got, err := c.GetTree(ctx, "oak 1")
	if err != nil || got.ID != "oak 1" || got.Root.Label != "root" {
		t.Fatalf("got %+v, %v", got, err)
	}
	put, err := c.ReplaceTree(ctx, "elm", &Tree{ID: "elm", Root: Node{Label: "x"}, Owner: &Owner{Name: "Bo"}})
	if err != nil || put.Owner.Name != "Bo" || put.Root.Label != "x" {
		t.Fatalf("got %+v, %v", put, err)
	}
	nodes, err := c.ListNodes(ctx, "ash/2")
	if err != nil || len(*nodes) != 2 || (*nodes)[1].Children[0].Label != "n2a" {
		t.Fatalf("got %+v, %v", nodes, err)
	}
	h.mu.Lock()
	if !reflect.DeepEqual(h.ids, []TreeId{"oak 1", "elm", "ash/2"}) {
		t.Errorf("server saw ids %q", h.ids)
	}
	h.mu.Unlock()

	_, err = c.GetTree(ctx, "gone")
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 404 || ae.Code != 404 || ae.Message != "no tree gone" {
		t.Fatalf("got %v", err)
	}
	// The 404 body is the spec's Error schema.
	resp, err := http.Get(srv.URL + "/trees/gone")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var e Error
	if resp.StatusCode != 404 || json.Unmarshal(b, &e) != nil || e.Validate() != nil || e.Code != 404 {
		t.Fatalf("404 body %s is not a valid Error", b)
	}

	// The requestBody component is required: the client refuses nil.
	_, err = c.ReplaceTree(ctx, "elm", nil)
	if vs := violations(t, err); len(vs) != 1 || vs[0].Rule != "required" {
		t.Fatalf("got %v", vs)
	}
	req, _ := http.NewRequest("PUT", srv.URL+"/trees/elm", nil)
	resp, err = srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "required") {
		t.Fatalf("PUT without a body: %d %s, want 400", resp.StatusCode, b)
	}
	h.mu.Lock()
	n := len(h.ids)
	h.mu.Unlock()
	if n != 5 {
		t.Fatalf("handler called %d times, want 5", n)
	}
}

func (h *trees) SetLevel(ctx context.Context, body *LowLevel) error {
	h.saw(TreeId(strconv.Itoa(int(*body))))
	return nil
}

// An alias with rules of its own (ShortLabel: {$ref: Label, maxLength:
// 5}; FewLabels: allOf [Labels] with minItems and maxItems; LowLevel and
// LowerLevel, an alias of an alias) is Go's type Label = ShortLabel, which
// has no checks of its own: its rules are checked at each use, beside
// those of the type it names, with the use's message standing alone.
func TestRulesOfAnAliasAreCheckedWhereItIsUsed(t *testing.T) {
	ok := `{"id":"t","root":{"label":"r"},"tag":"short","labels":["a"],"levels":[0,9],"byName":{"a":5}}`
	var tr Tree
	if err := json.Unmarshal([]byte(ok), &tr); err != nil || tr.Validate() != nil {
		t.Fatalf("%s: %v, %v", ok, err, tr.Validate())
	}
	for in, want := range map[string]string{
		`"tag":"longer"`: "tag: has 6 characters, more than 5 (maxLength)",
		`"tag":"` + strings.Repeat("x", 21) + `"`: "tag: has 21 characters, more than 5 (maxLength)",
		`"labels":[]`:                "labels: has 0 items, fewer than 1 (minItems)",
		`"labels":["a","b","c","d"]`: "labels: has 4 items, more than 3 (maxItems)",
		`"levels":[1,10]`:            "levels[1]: must be at most 9 (maximum)",
		`"levels":[-1]`:              "levels[0]: must be at least 0 (minimum)",
		`"byName":{"a":6}`:           `byName["a"]: must be at most 5 (maximum)`,
	} {
		var tr Tree
		doc := `{"id":"t","root":{"label":"r"},` + in + `}`
		if err := json.Unmarshal([]byte(doc), &tr); err != nil {
			t.Fatal(err)
		}
		vs := violations(t, tr.Validate())
		if len(vs) != 1 || vs[0].String() != want {
			t.Errorf("%s: got %v, want only %q", in, vs, want)
		}
	}
	// The type's own Validate is the named type's: a ShortLabel of 6
	// characters is a valid Label.
	if err := ShortLabel("longer").Validate(); err != nil {
		t.Errorf("ShortLabel.Validate: %v", err)
	}

	// A request body and a query parameter of such a type, on both sides.
	h := &trees{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.SetLevel(ctx, Ptr(LowLevel(9))); err != nil {
		t.Fatal(err)
	}
	if vs := violations(t, c.SetLevel(ctx, Ptr(LowLevel(10)))); len(vs) != 1 || vs[0].Rule != "maximum" {
		t.Errorf("client sent level 10: %v", vs)
	}
	_, err = c.ListLeaves(ctx, "t", &ListLeavesParams{Level: Ptr(LowLevel(10))})
	if vs := violations(t, err); len(vs) != 1 || vs[0].String() != "level: must be at most 9 (maximum)" {
		t.Errorf("client sent query level 10: %v", vs)
	}
	for _, tc := range []struct{ method, path, body, want string }{
		{"POST", "/levels", "10", "must be at most 9"},
		{"POST", "/levels", "-1", "must be at least 0"},
		{"GET", "/trees/t/leaves?level=10", "", "level: must be at most 9"},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(b), tc.want) {
			t.Errorf("%s %s %s: %d %s, want 400 saying %q", tc.method, tc.path, tc.body, resp.StatusCode, b, tc.want)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if !reflect.DeepEqual(h.ids, []TreeId{"9"}) {
		t.Errorf("the handler saw %q, want only the valid level 9", h.ids)
	}
}
