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

// A value no variant decodes (of a JSON type none has, or a number with a
// fraction for an integer) is kept as it came, as a newer server's variant
// would be: decoding sets no variant, Validate reports it, and encoding
// writes it back unchanged.
func TestValueMatchingNoVariantIsKept(t *testing.T) {
	for _, c := range []struct{ in, path, msg string }{
		{`{"amount":1,"method":"card"}`, "method", "is a string that fits none of Card, BankTransfer"},
		{`{"amount":1,"method":[{"cardNumber":"4"}]}`, "method", "is an array that fits none of Card, BankTransfer"},
		{`{"amount":1,"method":{"cardNumber":"4"},"reference":7}`, "reference", "is a number that fits none of String, ReferenceVariant1"},
		{`{"amount":1,"method":{"cardNumber":"4"},"orderId":4.5}`, "orderId", "is a number that fits none of String, Int"},
		{`{"amount":1,"method":{"cardNumber":"4"},"orderId":true}`, "orderId", "is a boolean that fits none of String, Int"},
		{`{"amount":1,"method":{"cardNumber":"4"},"orderId":{"n":1}}`, "orderId", "is an object that fits none of String, Int"},
	} {
		vs := violations(t, decode(t, c.in).Validate())
		if len(vs) != 1 || vs[0] != (Violation{Path: c.path, Rule: "oneOf", Message: c.msg}) {
			t.Errorf("%s: got %v, want only %s: %s", c.in, vs, c.path, c.msg)
		}
		if b, err := json.Marshal(decode(t, c.in)); err != nil || string(b) != c.in {
			t.Errorf("%s written back as %s, %v", c.in, b, err)
		}
	}
	// An object without the required properties of any variant is kept as
	// it came; Validate says so, and what the first variant that decodes
	// it lacks.
	vs := violations(t, decode(t, `{"amount":1,"method":{"owner":"x"},"reference":{"system":"s"}}`).Validate())
	got := map[string]bool{}
	for _, v := range vs {
		got[v.Path+" "+v.Rule] = true
	}
	if !got["method oneOf"] || !got["method.cardNumber required"] || !got["reference oneOf"] || !got["reference.value required"] || len(vs) != 4 {
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
	if len(vs) != 1 || vs[0].Path != "method" || vs[0].Rule != "required" {
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

// oneOf means exactly one: a value valid for two variants decodes (into the
// first) but fails Validate, naming both.
func TestValueMatchingTwoVariantsFailsValidate(t *testing.T) {
	for _, tc := range []struct {
		json    string
		short   bool // decoded as the first variant
		matched string
	}{
		{`"ab"`, true, ""},
		{`"abcd"`, true, ""},   // maxLength 4, at the boundary
		{`"12345"`, false, ""}, // five digits: the pattern only
		{`"1234"`, true, "String and String1"},
		{`"0"`, true, "String and String1"},
	} {
		p := decode(t, `{"amount":1,"method":{"cardNumber":"4"},"code":`+tc.json+`}`)
		if (p.Code.String != nil) != tc.short || (p.Code.String1 != nil) == tc.short {
			t.Errorf("%s: decoded as %+v", tc.json, p.Code)
		}
		err := p.Validate()
		if tc.matched == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.json, err)
			}
			continue
		}
		vs := violations(t, err)
		if len(vs) != 1 || vs[0].Path != "code" || vs[0].Rule != "oneOf" || vs[0].Message != "is valid for "+tc.matched+", want exactly one" {
			t.Errorf("%s: got %v", tc.json, vs)
		}
	}
	// Valid for neither: said, then kept as the first variant, whose rule
	// Validate reports.
	p := decode(t, `{"amount":1,"method":{"cardNumber":"4"},"code":"abcde"}`)
	if vs := violations(t, p.Validate()); p.Code.String == nil || len(vs) != 2 || vs[0].Path != "code" || vs[0].Rule != "oneOf" ||
		vs[1].Path != "code" || vs[1].Rule != "maxLength" {
		t.Fatalf("got %+v %v", p.Code, vs)
	}
	// Objects told apart by their required properties: one with both is valid for both.
	p = decode(t, `{"amount":1,"method":{"cardNumber":"4","iban":"DE1"}}`)
	vs := violations(t, p.Validate())
	if p.Method.Card == nil || len(vs) != 1 || vs[0].Path != "method" || vs[0].Message != "is valid for Card and BankTransfer, want exactly one" {
		t.Fatalf("got %+v %v", p.Method, vs)
	}
	// An integer is a number too; 2.5 is a number only, 2.25 neither.
	p = decode(t, `{"amount":1,"method":{"cardNumber":"4"},"quantity":2.5}`)
	if p.Quantity.Number == nil || *p.Quantity.Number != 2.5 || p.Validate() != nil {
		t.Fatalf("2.5: %+v %v", p.Quantity, p.Validate())
	}
	p = decode(t, `{"amount":1,"method":{"cardNumber":"4"},"quantity":3}`)
	if vs := violations(t, p.Validate()); p.Quantity.Int == nil || len(vs) != 1 || vs[0].Message != "is valid for Int and Number, want exactly one" {
		t.Fatalf("3: %+v %v", p.Quantity, vs)
	}
	p = decode(t, `{"amount":1,"method":{"cardNumber":"4"},"quantity":2.25}`)
	if vs := violations(t, p.Validate()); p.Quantity.Number == nil || len(vs) != 2 || vs[0].Rule != "oneOf" || vs[1].Rule != "multipleOf" {
		t.Fatalf("2.25: %+v %v", p.Quantity, vs)
	}
	// The server refuses a double match with its path and the variants.
	srv := httptest.NewServer(NewServer(&payments{}))
	defer srv.Close()
	resp, err := srv.Client().Post(srv.URL+"/payments", "application/json", strings.NewReader(`{"amount":1,"method":{"iban":"DE1"},"code":"77"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "code: is valid for String and String1, want exactly one (oneOf)") {
		t.Fatalf("got %d %s", resp.StatusCode, b)
	}
}

// An object whose oneOf/anyOf branches only list required properties is a
// struct with a rule on which of those properties are there.
func TestRequiredOnlyAlternatives(t *testing.T) {
	base := `{"amount":1,"method":{"cardNumber":"4"},`
	for _, tc := range []struct{ asset, rule string }{
		{`{"id":1}`, ""},
		{`{"externalId":"a"}`, ""},
		{`{"id":1,"externalId":"a"}`, "has the properties of 2 of its alternatives (id; externalId), want exactly one"},
		{`{}`, "has the properties of 0 of its alternatives (id; externalId), want exactly one"},
		{`{"id":null,"externalId":"a"}`, ""},
	} {
		p := decode(t, base+`"asset":`+tc.asset+`}`)
		err := p.Validate()
		if tc.rule == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.asset, err)
			}
			continue
		}
		vs := violations(t, err)
		if len(vs) != 1 || vs[0].Path != "asset" || vs[0].Rule != "oneOf" || vs[0].Message != tc.rule {
			t.Errorf("%s: got %v", tc.asset, vs)
		}
	}
	for _, tc := range []struct {
		patch string
		ok    bool
	}{
		{`{"description":"d"}`, true},
		{`{"files":{}}`, true},
		{`{"description":"d","files":{"a":"b"}}`, true},
		{`{}`, false},
	} {
		p := decode(t, base+`"patch":`+tc.patch+`}`)
		err := p.Validate()
		if tc.ok != (err == nil) {
			t.Errorf("%s: %v", tc.patch, err)
		}
		if !tc.ok {
			if vs := violations(t, err); len(vs) != 1 || vs[0].Path != "patch" || vs[0].Rule != "anyOf" {
				t.Errorf("%s: got %v", tc.patch, vs)
			}
		}
	}
	// A branch {maxProperties: 0} holds when no property is there.
	for _, tc := range []struct {
		target string
		n      int
	}{{`{}`, 1}, {`{"user":"u"}`, 1}, {`{"team":"t"}`, 1}, {`{"user":"u","team":"t"}`, 2}} {
		err := decode(t, base+`"target":`+tc.target+`}`).Validate()
		if tc.n == 1 && err != nil {
			t.Errorf("%s: %v", tc.target, err)
		}
		if tc.n == 2 {
			vs := violations(t, err)
			if len(vs) != 1 || vs[0].Message != "has the properties of 2 of its alternatives (user; team; no property), want exactly one" {
				t.Errorf("%s: got %v", tc.target, vs)
			}
		}
	}
	// Encoding writes the struct as it is.
	b, _ := json.Marshal(AssetRef{ExternalID: Ptr("x")})
	if string(b) != `{"externalId":"x"}` {
		t.Fatalf("got %s", b)
	}
}

// Variants with additionalProperties: false match no object with other
// properties, which tells them apart; a value valid for none is reported.
func TestClosedVariants(t *testing.T) {
	base := `{"amount":1,"method":{"cardNumber":"4"},"contact":`
	p := decode(t, base+`{"name":"a"}}`)
	if p.Contact.ByName == nil || p.Contact.ByEmail != nil || p.Validate() != nil {
		t.Fatalf("name: %+v %v", p.Contact, p.Validate())
	}
	p = decode(t, base+`{"email":"a@b"}}`)
	if p.Contact.ByEmail == nil || p.Contact.ByName != nil || p.Validate() != nil {
		t.Fatalf("email: %+v %v", p.Contact, p.Validate())
	}
	// {} is valid for both.
	vs := violations(t, decode(t, base+`{}}`).Validate())
	if len(vs) != 1 || vs[0].Message != "is valid for ByName and ByEmail, want exactly one" {
		t.Fatalf("{}: %v", vs)
	}
	// Both properties: valid for neither.
	vs = violations(t, decode(t, base+`{"name":"a","email":"b"}}`).Validate())
	if len(vs) != 1 || vs[0].Path != "contact" || vs[0].Rule != "oneOf" || vs[0].Message != "is valid for none of ByName, ByEmail" {
		t.Fatalf("both: %v", vs)
	}
}

// Object variants a value is valid for several of are told apart by the
// properties they name: when exactly one names every property the value
// has, it is the match; otherwise the value is ambiguous.
func TestCoveringVariantBreaksTheTie(t *testing.T) {
	base := `{"amount":1,"method":{"cardNumber":"4"},"tags":`
	p := decode(t, base+`{"set":["a"]}}`) // valid for both; only the first names "set"
	if p.Tags.TagsPatchVariant0 == nil || p.Tags.TagsPatchVariant1 != nil || p.Validate() != nil {
		t.Fatalf("set: %+v %v", p.Tags, p.Validate())
	}
	p = decode(t, base+`{"add":["a"],"remove":["b"]}}`)
	if p.Tags.TagsPatchVariant1 == nil || p.Tags.TagsPatchVariant0 != nil || p.Validate() != nil {
		t.Fatalf("add: %+v %v", p.Tags, p.Validate())
	}
	p = decode(t, base+`{}}`) // set is required: the second only
	if p.Tags.TagsPatchVariant1 == nil || p.Validate() != nil {
		t.Fatalf("{}: %+v %v", p.Tags, p.Validate())
	}
	// Valid for both, and neither names all its properties: ambiguous.
	vs := violations(t, decode(t, base+`{"set":["a"],"add":["b"]}}`).Validate())
	if len(vs) != 1 || vs[0].Path != "tags" || vs[0].Message != "is valid for TagsPatchVariant0 and TagsPatchVariant1, want exactly one" {
		t.Fatalf("set and add: %v", vs)
	}
	b, _ := json.Marshal(TagsPatch{TagsPatchVariant0: &TagsPatchVariant0{Set: []string{}}})
	if string(b) != `{"set":[]}` {
		t.Fatalf("got %s", b)
	}
}

// The server refuses a property that an object with additionalProperties:
// false does not name, with its path; a union variant tried and given up
// (ByName for an email, ByEmail for a name) leaves nothing behind. The client reads past such
// properties in answers: a newer server may add some.
func TestClosedObjectsInRequests(t *testing.T) {
	h := &payments{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	for body, want := range map[string]string{
		`{"amount":1,"method":{"iban":"DE1"},"note":{"text":"t"},"contact":{"email":"e"}}`:  "",
		`{"amount":1,"method":{"iban":"DE1"},"contact":{"name":"n"}}`:                       "",
		`{"amount":1,"method":{"iban":"DE1"},"note":{"text":"t","extra":1}}`:                `note.extra: is not allowed (additionalProperties)`,
		`{"amount":1,"method":{"iban":"DE1"},"contact":{"name":"n","email":"e","x":[1,2]}}`: `contact`,
	} {
		resp, err := http.Post(srv.URL+"/payments", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case want == "" && resp.StatusCode != 201:
			t.Errorf("%s: %d %s, want 201", body, resp.StatusCode, b)
		case want != "" && (resp.StatusCode != 400 || !strings.Contains(string(b), want)):
			t.Errorf("%s: %d %s, want 400 with %q", body, resp.StatusCode, b, want)
		}
	}
	var p Payment
	if err := p.UnmarshalJSON([]byte(`{"amount":1,"method":{"iban":"DE1"},"note":{"text":"t","extra":1}}`)); err != nil || p.Note == nil || *p.Note.Text != "t" {
		t.Errorf("decoding an answer: %+v, %v", p, err)
	}
}
