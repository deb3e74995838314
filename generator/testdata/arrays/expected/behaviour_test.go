package arrays

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
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

func onlyViolation(t *testing.T, err error, path, rule string) {
	t.Helper()
	vs := violations(t, err)
	if len(vs) != 1 || vs[0].Path != path || vs[0].Rule != rule {
		t.Fatalf("got %v, want only %s (%s)", vs, path, rule)
	}
}

func decodeBatch(t *testing.T, s string) *Batch {
	t.Helper()
	var b Batch
	if err := json.Unmarshal([]byte(s), &b); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &b
}

// items builds a JSON array of n valid items.
func items(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"sku":"s%d"}`, i)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestRequiredArrayIsWrittenEmptyNotNull(t *testing.T) {
	b, err := json.Marshal(Batch{})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"items":[]}` {
		t.Fatalf("got %s, want {\"items\":[]}", b)
	}
	b, _ = json.Marshal(Batch{Items: []Item{{Sku: "a", Quantity: Ptr(int64(0))}}, Tags: []string{}})
	if string(b) != `{"items":[{"sku":"a","quantity":0}],"tags":[]}` {
		t.Fatalf("got %s", b)
	}
}

func TestNestedArraysRoundTrip(t *testing.T) {
	in := `{"items":[{"sku":"a"}],"tags":["x","y"],"grid":[[1,2],[],[3]],"positive":[1,2]}`
	b := decodeBatch(t, in)
	if !reflect.DeepEqual(b.Grid, [][]int64{{1, 2}, {}, {3}}) {
		t.Fatalf("grid = %v", b.Grid)
	}
	out, _ := json.Marshal(b)
	if string(out) != in {
		t.Fatalf("got  %s\nwant %s", out, in)
	}
}

func TestArrayLimits(t *testing.T) {
	for _, tc := range []struct {
		json, path, rule string // empty path: valid
	}{
		{`{"items":` + items(1) + `}`, "", ""},
		{`{"items":[]}`, "items", "minItems"},
		{`{"items":` + items(50) + `}`, "", ""},
		{`{"items":` + items(51) + `}`, "items", "maxItems"},
		{`{"items":[{"sku":"a"},{"quantity":2}]}`, "items[1].sku", "required"},
		{`{"items":[{"sku":"a"}],"tags":["a","b"]}`, "", ""},
		{`{"items":[{"sku":"a"}],"tags":["a","b","a"]}`, "tags[2]", "uniqueItems"},
		{`{"items":[{"sku":"a"}],"positive":[1,1]}`, "", ""}, // positive is not uniqueItems
		{`{"items":[{"sku":"a"}],"positive":[1,0]}`, "positive[1]", "minimum"},
		{`{"items":[{"sku":"a"}],"positive":[1,1,1,1,1,1,1,1,1,1]}`, "", ""},
		{`{"items":[{"sku":"a"}],"positive":[1,1,1,1,1,1,1,1,1,1,1]}`, "positive", "maxItems"},
	} {
		err := decodeBatch(t, tc.json).Validate()
		if tc.path == "" {
			if err != nil {
				t.Errorf("%.60s: unexpected %v", tc.json, err)
			}
			continue
		}
		onlyViolation(t, err, tc.path, tc.rule)
	}
}

func TestSeveralArrayViolationsAtOnce(t *testing.T) {
	vs := violations(t, decodeBatch(t, `{"tags":["x","x"],"positive":[0,-1]}`).Validate())
	want := []Violation{
		{Path: "items", Rule: "required"}, // and no minItems: it is absent
		{Path: "tags[1]", Rule: "uniqueItems"},
		{Path: "positive[0]", Rule: "minimum"}, {Path: "positive[1]", Rule: "minimum"},
	}
	if len(vs) != len(want) {
		t.Fatalf("got %v, want %v", vs, want)
	}
	for i := range want {
		if vs[i].Path != want[i].Path || vs[i].Rule != want[i].Rule {
			t.Errorf("violation %d = %+v, want %s (%s)", i, vs[i], want[i].Path, want[i].Rule)
		}
	}
}

type batches struct {
	UnimplementedHandler
	calls atomic.Int32
}

func (h *batches) CreateBatch(ctx context.Context, body *Batch) (*Batch, error) {
	h.calls.Add(1)
	return body, nil
}

func TestCreateBatchOverHTTP(t *testing.T) {
	h := &batches{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	in := &Batch{Items: []Item{{Sku: "a"}, {Sku: "b", Quantity: Ptr(int64(3))}}, Grid: [][]int64{{1}, {2, 3}}}
	out, err := c.CreateBatch(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Items) != 2 || out.Items[1].Sku != "b" || *out.Items[1].Quantity != 3 || !reflect.DeepEqual(out.Grid, in.Grid) {
		t.Fatalf("got %+v", out)
	}

	// The client refuses an invalid batch before it reaches the network.
	_, err = c.CreateBatch(context.Background(), &Batch{Items: []Item{{Sku: "a"}}, Tags: []string{"t", "t"}})
	onlyViolation(t, err, "tags[1]", "uniqueItems")
	_, err = c.CreateBatch(context.Background(), &Batch{})
	onlyViolation(t, err, "items", "minItems")
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}

	// The server refuses it too.
	resp, err := http.Post(srv.URL+"/batches", "application/json", strings.NewReader(`{"items":[{"sku":"a"}],"positive":[0]}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "positive[0]") {
		t.Fatalf("status %d body %s, want 400 naming positive[0]", resp.StatusCode, body)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
}

// A body over the configured limit is answered 413 in the error envelope.
func TestBodyLimit(t *testing.T) {
	h := &batches{}
	srv := httptest.NewServer(NewServer(h, WithMaxBodyBytes(200)))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateBatch(context.Background(), &Batch{Items: []Item{{Sku: "a"}}}); err != nil {
		t.Fatal(err)
	}
	big := make([]Item, 40)
	for i := range big {
		big[i].Sku = fmt.Sprintf("sku-%d", i)
	}
	_, err = c.CreateBatch(context.Background(), &Batch{Items: big})
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 413 || ae.Code != 413 {
		t.Fatalf("got %v, want 413", err)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
}

// uniqueItems compares any JSON values as values, not as they are written:
// 1 and 1.0, or objects with their members in another order, repeat.
func TestUniqueAnyValues(t *testing.T) {
	for js, repeats := range map[string]bool{
		`[1,2,"1",{"a":1}]`:                      false,
		`[1,1.0]`:                                true,
		`[{"a":1,"b":[2]},{"b":[2],"a":1}]`:      true,
		`["a","\u0061"]`:                         true,
		`[{"a":1,"b":2},{"a":1,"b":3},null,[1]]`: false,
	} {
		err := decodeBatch(t, `{"items":[{"sku":"s"}],"values":`+js+`}`).Validate()
		if repeats != (err != nil && strings.Contains(err.Error(), "repeats item 0")) {
			t.Errorf("%s: %v", js, err)
		}
		// Items of a named type kept as written (type Loose json.RawMessage).
		err = decodeBatch(t, `{"items":[{"sku":"s"}],"loose":`+js+`}`).Validate()
		if repeats != (err != nil && strings.Contains(err.Error(), "loose[1]: repeats item 0")) {
			t.Errorf("loose %s: %v", js, err)
		}
	}
}
