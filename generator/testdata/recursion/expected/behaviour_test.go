package recursion

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
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

// sample is three levels deep below the root, with a parent link.
func sample() Tree {
	return Tree{Root: Node{Name: "root", Children: []Node{
		{Name: "a", Children: []Node{{Name: "a1", Children: []Node{{Name: "a1x"}}}}},
		{Name: "b", Parent: &Node{Name: "root"}},
	}}}
}

const sampleJSON = `{"root":{"name":"root","children":[` +
	`{"name":"a","children":[{"name":"a1","children":[{"name":"a1x","children":[]}]}]},` +
	`{"name":"b","children":[],"parent":{"name":"root","children":[]}}]}}`

func TestDeepTreeRoundTrip(t *testing.T) {
	b, err := json.Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	// children is required: leaves are written with [] rather than null.
	if string(b) != sampleJSON {
		t.Fatalf("got  %s\nwant %s", b, sampleJSON)
	}
	var back Tree
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Root.Children[0].Children[0].Children[0].Name != "a1x" || back.Root.Children[1].Parent.Name != "root" {
		t.Fatalf("got %+v", back)
	}
	if err := back.Validate(); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(back)
	if string(b2) != sampleJSON {
		t.Fatalf("re-encoded %s", b2)
	}
}

// Rules apply at every depth, reported with the full path.
func TestDeepViolationsCarryTheirPath(t *testing.T) {
	var tr Tree
	in := `{"root":{"name":"r","children":[{"name":"a","children":[{"name":"","children":[]},{"name":"c"}]}],` +
		`"parent":{"children":[]}}}`
	if err := json.Unmarshal([]byte(in), &tr); err != nil {
		t.Fatal(err)
	}
	vs := violations(t, tr.Validate())
	want := []string{
		"root.children[0].children[0].name minLength",
		"root.children[0].children[1].children required",
		"root.parent.name required", // and no minLength: it is absent
	}
	if len(vs) != len(want) {
		t.Fatalf("got %v, want %v", vs, want)
	}
	for i, w := range want {
		if got := vs[i].Path + " " + vs[i].Rule; got != w {
			t.Errorf("violation %d = %q, want %q", i, got, w)
		}
	}
	if vs := violations(t, (&Tree{}).Validate()); vs[0].Path != "root.name" || vs[0].Rule != "minLength" {
		t.Fatalf("empty tree: %v", vs)
	}
}

// Annotation and Anchor require each other; a missing link is reported
// where it is, however deep.
func TestMutualRecursion(t *testing.T) {
	var a Annotation
	if err := json.Unmarshal([]byte(`{"text":"t","on":{"annotation":{"text":"u","on":{"note":null}},"note":{"next":{"note":null}}}}`), &a); err != nil {
		t.Fatal(err)
	}
	if !a.On.Note.Set || a.On.Note.Value.Next == nil || !a.On.Annotation.On.Note.Null {
		t.Fatalf("got %+v", a)
	}
	vs := violations(t, a.Validate())
	want := []string{"on.annotation.on.annotation", "on.note.next.annotation"}
	if len(vs) != len(want) {
		t.Fatalf("got %v, want %v", vs, want)
	}
	for i, w := range want {
		if vs[i].Path != w || vs[i].Rule != "required" {
			t.Errorf("violation %d = %+v, want %s (required)", i, vs[i], w)
		}
	}
}

type forest struct {
	UnimplementedHandler
	id atomic.Int64
}

func (f *forest) GetTree(ctx context.Context, id int64) (*Tree, error) {
	f.id.Store(id)
	if id == 0 {
		return nil, nil // a handler bug: neither result nor error
	}
	t := sample()
	return &t, nil
}

func TestGetTreeOverHTTP(t *testing.T) {
	h := &forest{}
	srv := httptest.NewServer(NewServer(h, WithLogger(slog.New(slog.DiscardHandler))))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetTree(context.Background(), 31)
	if err != nil || h.id.Load() != 31 {
		t.Fatalf("%v, server saw %d", err, h.id.Load())
	}
	if b, _ := json.Marshal(got); string(b) != sampleJSON {
		t.Fatalf("client got %s", b)
	}
	_, err = c.GetTree(context.Background(), 0)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 500 {
		t.Fatalf("a nil result gave %v, want a 500", err)
	}
	resp, err := http.Get(srv.URL + "/trees/oak")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "treeId") {
		t.Fatalf("status %d body %s, want 400 naming treeId", resp.StatusCode, b)
	}
}

// A schema that holds itself through allOf written in place (with a
// description beside the $ref) is generated, as an alias of itself.
func TestSelfThroughAllOf(t *testing.T) {
	var f Folder
	if err := json.Unmarshal([]byte(`{"name":"c","parent":{"name":"b","parent":{"name":"a"}}}`), &f); err != nil {
		t.Fatal(err)
	}
	var p *FolderParent = f.Parent.Parent // the same type
	if p == nil || *p.Name != "a" || p.Parent != nil {
		t.Fatalf("got %+v", f)
	}
	b, _ := json.Marshal(f)
	if string(b) != `{"name":"c","parent":{"name":"b","parent":{"name":"a"}}}` {
		t.Fatalf("got %s", b)
	}
}
