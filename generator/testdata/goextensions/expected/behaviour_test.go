package goextensions

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"reflect"
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

var ip = netip.MustParseAddr

// x-order puts address before name; x-go-type-skip-optional-pointer fields
// are left out at their zero value; x-omitempty: false always writes weight.
func TestGoRepresentationOnTheWire(t *testing.T) {
	b, err := json.Marshal(Host{Address: ip("10.0.0.1"), Name: "web"})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"address":"10.0.0.1","name":"web","weight":null}` {
		t.Fatalf("got %s", b)
	}
	h := Host{Address: ip("10.0.0.1"), Name: "web", Aliases: []Address{ip("::1"), ip("192.168.1.2")},
		Port: 8080, Comment: "c", Weight: Ptr(0.5), Zone: Ptr("")}
	b, _ = json.Marshal(h)
	want := `{"address":"10.0.0.1","name":"web","aliases":["::1","192.168.1.2"],"port":8080,"comment":"c","weight":0.5,"zone":""}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	var back Host
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Address != ip("10.0.0.1") || back.Aliases[0] != ip("::1") || back.Port != 8080 || *back.Zone != "" || back.Validate() != nil {
		t.Fatalf("got %+v", back)
	}
}

// The x-go-type parses its own values: a string that is no IP address does
// not decode.
func TestAddressTypeRefusesNonAddresses(t *testing.T) {
	for _, s := range []string{
		`{"address":"999.1.1.1","name":"a"}`,
		`{"address":"example.com","name":"a"}`,
		`{"address":"10.0.0.1","name":"a","aliases":["::1","nope"]}`,
		`{"address":7,"name":"a"}`,
	} {
		if err := json.Unmarshal([]byte(s), new(Host)); err == nil {
			t.Errorf("%s decoded", s)
		}
	}
}

func TestHostRules(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"address":"::1","name":"a","port":1}`, ""},
		{`{"address":"::1","name":"a","port":65535}`, ""},
		{`{"address":"::1","name":"a"}`, ""}, // no port at all
		{`{"address":"::1","name":"a","port":65536}`, "port maximum"},
		{`{"address":"::1","name":"a","port":-1}`, "port minimum"},
		{`{"address":"::1","name":""}`, "name minLength"},
		{`{"name":"a"}`, "address required"},
		{`{"address":"::1"}`, "name required"},
	} {
		var h Host
		if err := json.Unmarshal([]byte(tc.json), &h); err != nil {
			t.Fatal(err)
		}
		err := h.Validate()
		var got []string
		if err != nil {
			for _, v := range violations(t, err) {
				got = append(got, v.Path+" "+v.Rule)
			}
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("%s: got %q, want %q", tc.json, got, tc.want)
		}
	}
}

type hosts struct {
	UnimplementedHandler
	mu    sync.Mutex
	calls int
	got   Host
}

func (h *hosts) AddHost(ctx context.Context, body *Host) (*Host, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls++
	h.got = *body
	return body, nil
}

func TestAddHostOverHTTP(t *testing.T) {
	h := &hosts{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	labels := url.Values{"env": {"prod"}}
	in := &Host{Address: ip("2001:db8::1"), Name: "db", Aliases: []Address{ip("10.1.1.1")}, Port: 5432, Labels: &labels}
	out, err := c.AddHost(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	if h.got.Address != ip("2001:db8::1") || h.got.Port != 5432 || !reflect.DeepEqual(*h.got.Labels, labels) {
		t.Errorf("server got %+v", h.got)
	}
	h.mu.Unlock()
	if out.Address != in.Address || out.Name != "db" || out.Aliases[0] != ip("10.1.1.1") || out.Weight != nil {
		t.Fatalf("client got %+v", out)
	}
	_, err = c.AddHost(context.Background(), &Host{Address: ip("::1"), Name: "x", Port: 70000})
	if vs := violations(t, err); len(vs) != 1 || vs[0].Path != "port" || vs[0].Rule != "maximum" {
		t.Fatalf("got %v", vs)
	}
	resp, err := http.Post(srv.URL+"/hosts", "application/json", strings.NewReader(`{"address":"300.0.0.1","name":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("status %d body %s, want 400", resp.StatusCode, b)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.calls != 1 {
		t.Fatalf("handler called %d times, want 1", h.calls)
	}
}

// A free-form object held as json.RawMessage passes on byte for byte; one
// held as a map holds numbers as float64, as encoding/json would, so an
// integer beyond 2^53 comes back rounded. The README promises both.
func TestFreeFormValuesRoundTrip(t *testing.T) {
	in := `{"address":"10.0.0.1","name":"web","weight":null,"payload":{"n":9007199254740993,"s":"\u00e9","l":[1.50,true]},"extra":{"n":9007199254740993,"s":"é"}}`
	var h Host
	if err := h.UnmarshalJSON([]byte(in)); err != nil {
		t.Fatal(err)
	}
	if string(*h.Payload) != `{"n":9007199254740993,"s":"\u00e9","l":[1.50,true]}` {
		t.Errorf("payload: got %s", *h.Payload)
	}
	if n, ok := h.Extra["n"].(float64); !ok || n != 9007199254740992 || h.Extra["s"] != "é" {
		t.Errorf("extra: got %#v", h.Extra)
	}
	out, err := h.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"address":"10.0.0.1","name":"web","weight":null,"payload":{"n":9007199254740993,"s":"\u00e9","l":[1.50,true]},"extra":{"n":9007199254740992,"s":"é"}}`
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

// found answers FindHost with what it was given.
type found struct{ UnimplementedHandler }

func (found) FindHost(ctx context.Context, hostKey string, params *FindHostParams) (*Host, error) {
	return &Host{Name: hostKey + "?" + *params.Query, Address: ip("::1")}, nil
}

// x-go-name names parameters too: the params struct's field (Query, not
// Q) and the path argument (hostKey, not hostID), which travel as the spec
// names them (host_id, q).
func TestParameterGoNames(t *testing.T) {
	srv := httptest.NewServer(NewServer(found{}))
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := "a b"
	got, err := c.FindHost(context.Background(), "h1", &FindHostParams{Query: &q})
	if err != nil || got.Name != "h1?a b" {
		t.Fatalf("%+v, %v", got, err)
	}
	resp, err := http.Get(srv.URL + "/hosts/h2?q=x")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"name":"h2?x"`) {
		t.Errorf("GET /hosts/h2?q=x: %s", b)
	}
}
