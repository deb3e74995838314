package unions

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

func decode(t *testing.T, s string) *Payment {
	t.Helper()
	var p Payment
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &p
}

func TestEachVariantDecodesIntoItsField(t *testing.T) {
	p := decode(t, `{"amount":5,"method":{"cardNumber":"4111","expiry":"12/30"},"reference":"inv-1","orderId":"A-1"}`)
	if p.Method.Card == nil || p.Method.BankTransfer != nil || p.Method.Card.CardNumber != "4111" || *p.Method.Card.Expiry != "12/30" {
		t.Fatalf("method = %+v", p.Method)
	}
	if p.Reference.String == nil || *p.Reference.String != "inv-1" || p.Reference.ReferenceVariant1 != nil {
		t.Fatalf("reference = %+v", p.Reference)
	}
	if p.OrderID.String == nil || *p.OrderID.String != "A-1" || p.OrderID.Int != nil || p.Validate() != nil {
		t.Fatalf("orderId = %+v", p.OrderID)
	}
	p = decode(t, `{"amount":5,"method":{"iban":"DE89","bic":"X"},"reference":{"system":"erp","value":"7"},"orderId":42}`)
	if p.Method.BankTransfer == nil || p.Method.Card != nil || p.Method.BankTransfer.Iban != "DE89" {
		t.Fatalf("method = %+v", p.Method)
	}
	if v := p.Reference.ReferenceVariant1; v == nil || v.System != "erp" || v.Value != "7" || p.Reference.String != nil {
		t.Fatalf("reference = %+v", p.Reference)
	}
	if p.OrderID.Int == nil || *p.OrderID.Int != 42 || p.OrderID.String != nil || p.Validate() != nil {
		t.Fatalf("orderId = %+v", p.OrderID)
	}
}

func TestVariantsEncodeAsThemselves(t *testing.T) {
	p := Payment{Amount: 5, Method: Method{BankTransfer: &BankTransfer{Iban: "DE1"}},
		Reference: &Reference{String: Ptr("r")}, OrderID: &PaymentOrderID{Int: Ptr(int64(9))}}
	b, _ := json.Marshal(p)
	if string(b) != `{"amount":5,"method":{"iban":"DE1"},"reference":"r","orderId":9}` {
		t.Fatalf("got %s", b)
	}
	p = Payment{Amount: 1, Method: Method{Card: &Card{CardNumber: "4"}},
		Reference: &Reference{ReferenceVariant1: &ReferenceVariant1{System: "s", Value: "v"}}, OrderID: &PaymentOrderID{String: Ptr("9")}}
	b, _ = json.Marshal(p)
	if string(b) != `{"amount":1,"method":{"cardNumber":"4"},"reference":{"system":"s","value":"v"},"orderId":"9"}` {
		t.Fatalf("got %s", b)
	}
}

// A value of a JSON type no variant has is refused while decoding.
func TestValueMatchingNoVariantFails(t *testing.T) {
	for _, s := range []string{
		`{"amount":1,"method":"card"}`,
		`{"amount":1,"method":[{"cardNumber":"4"}]}`,
		`{"amount":1,"method":{"cardNumber":"4"},"reference":7}`,
		`{"amount":1,"method":{"cardNumber":"4"},"orderId":4.5}`,
		`{"amount":1,"method":{"cardNumber":"4"},"orderId":true}`,
		`{"amount":1,"method":{"cardNumber":"4"},"orderId":{"n":1}}`,
	} {
		if err := json.Unmarshal([]byte(s), new(Payment)); err == nil {
			t.Errorf("%s decoded without error", s)
		}
	}
	// An object without the required properties of any variant fails Validate.
	vs := violations(t, decode(t, `{"amount":1,"method":{"owner":"x"},"reference":{"system":"s"}}`).Validate())
	got := map[string]bool{}
	for _, v := range vs {
		got[v.Path+" "+v.Rule] = true
	}
	if !got["method.cardNumber required"] || !got["reference.value required"] || len(vs) != 2 {
		t.Fatalf("got %v", vs)
	}
}

func TestExactlyOneVariantMustBeSet(t *testing.T) {
	for _, tc := range []struct {
		p    Payment
		path string
	}{
		{Payment{Amount: 1}, "method"},
		{Payment{Amount: 1, Method: Method{Card: &Card{}, BankTransfer: &BankTransfer{}}}, "method"},
		{Payment{Amount: 1, Method: Method{Card: &Card{}}, OrderID: &PaymentOrderID{}}, "orderId"},
		{Payment{Amount: 1, Method: Method{Card: &Card{}}, Reference: &Reference{String: Ptr("a"), ReferenceVariant1: &ReferenceVariant1{}}}, "reference"},
	} {
		vs := violations(t, tc.p.Validate())
		if len(vs) != 1 || vs[0].Path != tc.path || vs[0].Rule != "oneOf" {
			t.Errorf("got %v, want only %s (oneOf)", vs, tc.path)
		}
	}
	vs := violations(t, decode(t, `{"amount":1,"method":null}`).Validate())
	if len(vs) != 2 || vs[0].Path != "method" || vs[0].Rule != "required" || vs[1].Rule != "oneOf" {
		t.Fatalf("null method: %v", vs)
	}
}

type payments struct {
	UnimplementedHandler
	calls atomic.Int32
}

func (h *payments) CreatePayment(ctx context.Context, body *Payment) (*Payment, error) {
	h.calls.Add(1)
	if body.Method.BankTransfer == nil {
		return nil, &APIError{StatusCode: 422, Message: "only bank transfers"}
	}
	return body, nil
}

func TestUnionsOverHTTP(t *testing.T) {
	h := &payments{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	out, err := c.CreatePayment(ctx, &Payment{Amount: 3, Method: Method{BankTransfer: &BankTransfer{Iban: "DE1"}}, OrderID: &PaymentOrderID{Int: Ptr(int64(77))}})
	if err != nil || out.Method.BankTransfer.Iban != "DE1" || *out.OrderID.Int != 77 {
		t.Fatalf("got %+v, %v", out, err)
	}
	_, err = c.CreatePayment(ctx, &Payment{Amount: 3, Method: Method{Card: &Card{CardNumber: "4"}}})
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 422 || ae.Message != "only bank transfers" {
		t.Fatalf("got %v: the card variant must reach the handler as a card", err)
	}
	_, err = c.CreatePayment(ctx, &Payment{Amount: 3})
	if vs := violations(t, err); vs[0].Path != "method" || vs[0].Rule != "oneOf" {
		t.Fatalf("got %v", vs)
	}
	if n := h.calls.Load(); n != 2 {
		t.Fatalf("handler called %d times, want 2", n)
	}
	resp, err := http.Post(srv.URL+"/payments", "application/json", strings.NewReader(`{"amount":1,"method":42}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || h.calls.Load() != 2 {
		t.Fatalf("status %d body %s, want 400", resp.StatusCode, b)
	}
}
