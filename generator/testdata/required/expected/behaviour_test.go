package required

import (
	"context"
	"encoding/json"
	"errors"
	"io"
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

func decode(t *testing.T, s string) *Order {
	t.Helper()
	var o Order
	if err := json.Unmarshal([]byte(s), &o); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &o
}

const zeroOrder = `{"id":"","quantity":0,"price":0,"paid":false,"items":[],"customer":{"name":""}}`

// Required properties are always written, even at their zero value; the
// required array as [] rather than null; unset optional ones are left out.
func TestRequiredAreWrittenOptionalOmitted(t *testing.T) {
	b, err := json.Marshal(Order{})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != zeroOrder {
		t.Fatalf("got  %s\nwant %s", b, zeroOrder)
	}
	// Optional values that are set are written even when zero.
	o := Order{ID: "o1", Items: []string{"a"}, Customer: OrderCustomer{Name: "Ann"},
		Discount: Ptr(int64(0)), Gift: Ptr(false), Note: Ptr(""), Tags: []string{}, Shipping: &OrderShipping{}}
	b, _ = json.Marshal(o)
	want := `{"id":"o1","quantity":0,"price":0,"paid":false,"items":["a"],"customer":{"name":"Ann"},` +
		`"note":"","discount":0,"gift":false,"tags":[],"shipping":{}}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
}

// Present zero values are not missing; absent or null ones are, and all of
// them are reported at once, in the order of the spec.
func TestMissingVersusZero(t *testing.T) {
	if err := decode(t, zeroOrder).Validate(); err != nil {
		t.Fatalf("present zero values reported: %v", err)
	}
	vs := violations(t, decode(t, `{"note":"x","rating":4.5}`).Validate())
	want := []string{"id", "quantity", "price", "paid", "items", "customer"}
	if len(vs) != len(want) {
		t.Fatalf("got %v, want required %v", vs, want)
	}
	for i, w := range want {
		if vs[i].Path != w || vs[i].Rule != "required" {
			t.Errorf("violation %d = %+v, want %s (required)", i, vs[i], w)
		}
	}
	for _, tc := range []struct{ json, path string }{
		{strings.Replace(zeroOrder, `"items":[]`, `"items":null`, 1), "items"},
		{strings.Replace(zeroOrder, `"paid":false`, `"paid":null`, 1), "paid"},
		{strings.Replace(zeroOrder, `"customer":{"name":""}`, `"customer":{"email":"a@x"}`, 1), "customer.name"},
		{strings.Replace(zeroOrder, `"customer":{"name":""}`, `"customer":null`, 1), "customer"},
	} {
		vs := violations(t, decode(t, tc.json).Validate())
		if len(vs) != 1 || vs[0].Path != tc.path || vs[0].Rule != "required" {
			t.Errorf("%s: got %v, want only %s (required)", tc.json, vs, tc.path)
		}
	}
	o := decode(t, `{"id":"x","quantity":2,"price":1.25,"paid":true,"items":["a","b"],"customer":{"name":"n"},"tags":["t"],"extra":true}`)
	if o.Validate() != nil || o.Price != 1.25 || !o.Paid || len(o.Items) != 2 || o.Tags[0] != "t" || o.Note != nil {
		t.Fatalf("got %+v", o)
	}
}

type orders struct {
	UnimplementedHandler
	calls atomic.Int32
}

func (h *orders) CreateOrder(ctx context.Context, body *Order) (*Order, error) {
	h.calls.Add(1)
	return body, nil
}

func TestRequiredOverHTTP(t *testing.T) {
	h := &orders{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	// A Go value always has its required fields: the zero Order is sent whole.
	out, err := c.CreateOrder(context.Background(), &Order{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Items == nil || len(out.Items) != 0 || out.Validate() != nil {
		t.Fatalf("got %+v", out)
	}
	_, err = c.CreateOrder(context.Background(), nil)
	if vs := violations(t, err); len(vs) != 1 || vs[0].Rule != "required" {
		t.Fatalf("nil body: %v", vs)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
	resp, err := http.Post(srv.URL+"/orders", "application/json", strings.NewReader(`{"id":"x","items":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, name := range []string{"quantity", "price", "paid", "customer"} {
		if !strings.Contains(string(b), name+": is required") {
			t.Errorf("400 body does not name %s: %s", name, b)
		}
	}
	if resp.StatusCode != 400 || strings.Contains(string(b), "items: is required") {
		t.Fatalf("status %d body %s", resp.StatusCode, b)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
}
