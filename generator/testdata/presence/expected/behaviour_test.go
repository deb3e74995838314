package presence

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type shipping struct {
	images int
	labels *Labelled
}

func (h *shipping) PutLabels(ctx context.Context, body *Labelled) error {
	h.labels = body
	return nil
}

func (h *shipping) AddImage(ctx context.Context, body *ImageRef) error {
	h.images++
	return nil
}

func (h *shipping) CreateShipment(ctx context.Context, body *Shipment) (*Shipment, error) {
	return body, nil
}

// post sends body to url and returns the status and the answer.
func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	return send(t, http.MethodPost, url, body)
}

func send(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The server refuses a request whose properties break not or
// dependentRequired, naming the rule; objects that keep them pass.
func TestPresenceRulesInRequests(t *testing.T) {
	srv := httptest.NewServer(NewServer(&shipping{}))
	defer srv.Close()
	for _, c := range []struct {
		path, body string
		want       string // "" for success
	}{
		{"/images", `{"image_url":"https://example.com/a.png"}`, ""},
		{"/images", `{"file_id":"file-1"}`, ""},
		{"/images", `{"image_url":"https://example.com/a.png","file_id":"file-1"}`, "has image_url and file_id, which may not both be there (not)"},
		{"/images", `{}`, "want at least one (anyOf)"},
		{"/shipments", `{"to":{"country":"NO"}}`, ""},
		{"/shipments", `{"to":{"country":"NO","street":"Main 1","city":"Oslo","zip":"0150","note":null}}`, ""},
		{"/shipments", `{"to":{"country":"NO","street":"Main 1","city":"Oslo"}}`, "to: has street but not zip, which street requires (dependentRequired)"},
		// A property that is there with null counts as there.
		{"/shipments", `{"to":{"country":"NO","note":null}}`, "to: has note but not street, which note requires (dependentRequired)"},
		{"/shipments", `{"to":{"country":"NO"},"express":true,"weight":2}`, ""},
		{"/shipments", `{"to":{"country":"NO"},"express":true,"pickup":false}`, "has express and pickup, which may not both be there (not)"},
		{"/shipments", `{"to":{"country":"NO"},"pickup":true,"weight":2}`, "has pickup and weight, which may not both be there (not)"},
	} {
		status, body := post(t, srv.URL+c.path, c.body)
		switch {
		case c.want == "" && status >= 300:
			t.Errorf("POST %s %s: %d %s, want success", c.path, c.body, status, body)
		case c.want != "" && (status != 400 || !strings.Contains(body, c.want)):
			t.Errorf("POST %s %s: %d %s, want 400 with %q", c.path, c.body, status, body, c.want)
		}
	}
}

// unevaluatedProperties: false closes an object that nothing else opens,
// an allOf's too (over the properties of all its parts): the server
// refuses other properties, the client reads past them in answers.
func TestUnevaluatedPropertiesCloseObjects(t *testing.T) {
	srv := httptest.NewServer(NewServer(&shipping{}))
	defer srv.Close()
	for path, body := range map[string]string{
		"/images":    `{"file_id":"f","size":3}`,
		"/shipments": `{"to":{"country":"NO"},"weight":1,"fragile":true}`,
	} {
		status, answer := post(t, srv.URL+path, body)
		if status != 400 || !strings.Contains(answer, "is not allowed (additionalProperties)") {
			t.Errorf("POST %s %s: %d %s, want 400 naming the extra property", path, body, status, answer)
		}
	}
	var a Address
	if err := a.UnmarshalJSON([]byte(`{"country":"NO","planet":"earth"}`)); err != nil || a.Country != "NO" {
		t.Errorf("an answer with another property: %+v, %v", a, err)
	}
}

// The client checks the same rules before it sends.
func TestClientChecksPresenceRules(t *testing.T) {
	h := &shipping{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	err = c.AddImage(context.Background(), &ImageRef{ImageURL: Ptr("u"), FileID: Ptr("f")})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Violations) != 1 || ve.Violations[0].Rule != "not" || h.images != 0 {
		t.Errorf("both properties: %v (sent %d), want the not rule broken and nothing sent", err, h.images)
	}
	if err := c.AddImage(context.Background(), &ImageRef{FileID: Ptr("f")}); err != nil || h.images != 1 {
		t.Errorf("one property: %v (sent %d)", err, h.images)
	}
	s := &Shipment{To: Address{Country: "NO", Street: Ptr("Main 1")}}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "to: has street but not city, which street requires") || !strings.Contains(err.Error(), "not zip") {
		t.Errorf("Validate of a street without city and zip: %v", err)
	}
}

// minProperties and maxProperties count every property that is there, named
// or not; an allOf part's other properties (Labels' additionalProperties)
// are the struct's, kept and checked, not dropped.
func TestPropertyCounts(t *testing.T) {
	h := &shipping{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	for _, c := range []struct{ body, want string }{
		{`{"id":1}`, ""},
		{`{"id":1,"name":"n","colour":"red"}`, ""},
		{`{"id":1,"name":"n","colour":"red","size":"L"}`, "has 4 properties, more than 3 (maxProperties)"},
		{`{"id":1,"colour":"a colour name far too long"}`, `colour\"]: has 26 characters, more than 20 (maxLength)`},
		{`{"id":1,"colour":7}`, "colour"},
		// propertyNames holds for the names the spec does not list.
		{`{"id":1,"Colour":"red"}`, `Colour\"]: does not match ^[a-z]+$ (pattern)`},
	} {
		status, body := send(t, http.MethodPut, srv.URL+"/labels", c.body)
		switch {
		case c.want == "" && status != 204:
			t.Errorf("PUT %s: %d %s, want success", c.body, status, body)
		case c.want != "" && (status != 400 || !strings.Contains(body, c.want)):
			t.Errorf("PUT %s: %d %s, want 400 with %q", c.body, status, body, c.want)
		}
	}
	var l Labels
	if err := l.UnmarshalJSON([]byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if err := l.Validate(); err == nil || !strings.Contains(err.Error(), "has 0 properties, fewer than 1 (minProperties)") {
		t.Errorf("Validate of {}: %v", err)
	}
	var got Labelled
	if err := got.UnmarshalJSON([]byte(`{"id":2,"name":"n","colour":"red"}`)); err != nil || got.AdditionalProperties["colour"] != "red" {
		t.Fatalf("decoded %+v, %v: the part's other properties are lost", got, err)
	}
	if b, err := got.MarshalJSON(); err != nil || string(b) != `{"id":2,"name":"n","colour":"red"}` {
		t.Errorf("encoded %s, %v", b, err)
	}
}

// minProperties and maxProperties count the properties the spec does not
// name, which the struct reads past, too.
func TestPropertyCountsTakeUnnamedProperties(t *testing.T) {
	for body, want := range map[string]string{
		`{"zzz":1}`:                        "",
		`{"text":"t","zzz":1}`:             "",
		`{}`:                               "has 0 properties, fewer than 1 (minProperties)",
		`{"text":"t","a":1,"b":2}`:         "has 3 properties, more than 2 (maxProperties)",
		`{"a":1,"b":{"c":[1,2]},"d":null}`: "has 3 properties, more than 2 (maxProperties)",
	} {
		var n Note
		err := n.UnmarshalJSON([]byte(body))
		if err == nil {
			err = n.Validate()
		}
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", body, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
	// Decoding again counts afresh.
	var n Note
	if err := n.UnmarshalJSON([]byte(`{"a":1,"b":2,"c":3}`)); err != nil {
		t.Fatal(err)
	}
	if err := n.UnmarshalJSON([]byte(`{"a":1}`)); err != nil || n.Validate() != nil {
		t.Errorf("a second decoding kept the first one's count: %v", n.Validate())
	}
}
