package maps

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

func decode(t *testing.T, s string) *Inventory {
	t.Helper()
	var v Inventory
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &v
}

// counts builds a JSON object of n integer entries.
func counts(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"k%d":%d`, i, i)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func TestMapsOnTheWire(t *testing.T) {
	b, _ := json.Marshal(Inventory{})
	if string(b) != `{"products":{}}` {
		t.Fatalf("a nil required map encodes as %s, want {\"products\":{}}", b)
	}
	in := `{"labels":{"env":"prod"},"products":{"apple":{"name":"Apple","price":1.5}},"counts":{"a":1},` +
		`"codes":{"x_1":"X"},"metadata":{"nested":{"list":[1,"two",null]},"flag":true}}`
	v := decode(t, in)
	if v.Labels["env"] != "prod" || v.Products["apple"].Name != "Apple" || *v.Products["apple"].Price != 1.5 || v.Counts["a"] != 1 {
		t.Fatalf("got %+v", v)
	}
	wantMeta := map[string]any{"nested": map[string]any{"list": []any{float64(1), "two", nil}}, "flag": true}
	if !reflect.DeepEqual(v.Metadata, wantMeta) {
		t.Fatalf("metadata = %#v", v.Metadata)
	}
	if err := v.Validate(); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(v)
	var a, b2 any
	json.Unmarshal([]byte(in), &a)
	json.Unmarshal(out, &b2)
	if !reflect.DeepEqual(a, b2) {
		t.Fatalf("round trip changed the value:\n in  %s\n out %s", in, out)
	}
}

func TestMapRules(t *testing.T) {
	long := strings.Repeat("a", 32)
	for _, tc := range []struct {
		json, path, rule string // empty rule: valid
	}{
		{`{"products":{}}`, "", ""},
		{`{"products":{},"counts":` + counts(1) + `}`, "", ""},
		{`{"products":{},"counts":{}}`, "counts", "minProperties"},
		{`{"products":{},"counts":` + counts(20) + `}`, "", ""},
		{`{"products":{},"counts":` + counts(21) + `}`, "counts", "maxProperties"},
		{`{"products":{},"codes":{"a":"1","` + long + `":"2","snake_9":"3"}}`, "", ""},
		{`{"products":{},"codes":{"` + long + `b":"x"}}`, `codes["` + long + `b"]`, "pattern"},
		{`{"products":{},"codes":{"Upper":"x"}}`, `codes["Upper"]`, "pattern"},
		{`{"products":{},"codes":{"9lives":"x"}}`, `codes["9lives"]`, "pattern"},
		{`{"products":{"p 1":{"price":2}}}`, `products["p 1"].name`, "required"},
		{`{}`, "products", "required"},
	} {
		err := decode(t, tc.json).Validate()
		if tc.rule == "" {
			if err != nil {
				t.Errorf("%.70s: unexpected %v", tc.json, err)
			}
			continue
		}
		vs := violations(t, err)
		if len(vs) != 1 || vs[0].Path != tc.path || vs[0].Rule != tc.rule {
			t.Errorf("%.70s: got %v, want only %s (%s)", tc.json, vs, tc.path, tc.rule)
		}
	}
}

// Map entries are checked in key order, so the report is stable.
func TestSeveralMapViolationsInKeyOrder(t *testing.T) {
	vs := violations(t, decode(t, `{"products":{"z":{},"a":{}},"codes":{"B":"","A":""}}`).Validate())
	want := []string{`products["a"].name`, `products["z"].name`, `codes["A"]`, `codes["B"]`}
	if len(vs) != len(want) {
		t.Fatalf("got %v, want %v", vs, want)
	}
	for i, w := range want {
		if vs[i].Path != w {
			t.Errorf("violation %d at %s, want %s", i, vs[i].Path, w)
		}
	}
}

type inventories struct {
	UnimplementedHandler
	calls atomic.Int32
}

func (h *inventories) GetInventory(ctx context.Context, id string) (*Inventory, error) {
	h.calls.Add(1)
	return &Inventory{Labels: Labels{"id": id}}, nil
}

func (h *inventories) PutInventory(ctx context.Context, id string, body *Inventory) (*Inventory, error) {
	h.calls.Add(1)
	body.Labels = Labels{"id": id}
	return body, nil
}

func TestMapsOverHTTP(t *testing.T) {
	h := &inventories{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	got, err := c.GetInventory(ctx, "inv-1")
	if err != nil || got.Labels["id"] != "inv-1" || got.Products == nil || len(got.Products) != 0 {
		t.Fatalf("got %+v, %v (products must arrive as an empty map)", got, err)
	}
	in := &Inventory{Products: map[string]Product{"apple": {Name: "Apple"}}, Counts: map[string]int64{"apple": 3}, Metadata: map[string]any{"k": "v"}}
	out, err := c.PutInventory(ctx, "inv-2", in)
	if err != nil || out.Products["apple"].Name != "Apple" || out.Counts["apple"] != 3 || out.Metadata["k"] != "v" || out.Labels["id"] != "inv-2" {
		t.Fatalf("got %+v, %v", out, err)
	}
	_, err = c.PutInventory(ctx, "inv-3", &Inventory{Counts: map[string]int64{}})
	if vs := violations(t, err); len(vs) != 1 || vs[0].Path != "counts" || vs[0].Rule != "minProperties" {
		t.Fatalf("got %v", vs)
	}
	if n := h.calls.Load(); n != 2 {
		t.Fatalf("handler called %d times, want 2", n)
	}
	req, _ := http.NewRequest("PUT", srv.URL+"/inventories/inv-4", strings.NewReader(`{"products":{},"codes":{"Bad Key":"x"}}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "Bad Key") || !strings.Contains(string(b), "pattern") {
		t.Fatalf("status %d body %s, want 400 naming the bad key", resp.StatusCode, b)
	}
	if n := h.calls.Load(); n != 2 {
		t.Fatalf("handler called %d times, want 2", n)
	}
}

// A value of the wrong type in a map is named by the map's key in
// brackets, as validation names it, at any depth; an object's property
// keeps its dot.
func TestDecodeErrorsNameMapKeys(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`{"products":{},"counts":{"a":1,"b":"x"}}`, `counts["b"]: expected a number`},
		{`{"products":{},"labels":{"team":5}}`, `labels["team"]: expected a string`},
		{`{"products":{"p1":{"name":"n","price":"x"}}}`, `products["p1"].price: expected a number`},
		{`{"products":{"p1":{"name":"n"},"p2":{"name":7}}}`, `products["p2"].name: expected a string`},
		{`{"products":{"a.b":{"name":7}}}`, `products["a.b"].name: expected a string`},
	} {
		var v Inventory
		err := json.Unmarshal([]byte(c.doc), &v)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\n got %v\nwant %s", c.doc, err, c.want)
		}
	}
}
