package additional

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func labelViolations(t *testing.T, err error) []string {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %T: %v", err, err)
	}
	var out []string
	for _, v := range ve.Violations {
		out = append(out, v.Path+" "+v.Rule)
	}
	return out
}

// The extra properties' schema (string, maxLength 64) holds at its
// boundary, counted in characters, and each key is reported on its own.
func TestExtraPropertyLimits(t *testing.T) {
	in := `{"owner":"ann","a":"` + strings.Repeat("é", 64) + `","b":"` + strings.Repeat("x", 65) + `","c":"` + strings.Repeat("y", 100) + `"}`
	var l Labels
	if err := json.Unmarshal([]byte(in), &l); err != nil {
		t.Fatal(err)
	}
	got := labelViolations(t, l.Validate())
	if want := []string{`["b"] maxLength`, `["c"] maxLength`}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// Named properties are not subject to the extras' schema.
	if err := json.Unmarshal([]byte(`{"owner":"`+strings.Repeat("o", 100)+`","team":"`+strings.Repeat("t", 100)+`"}`), &l); err != nil {
		t.Fatal(err)
	}
	if err := l.Validate(); err != nil || l.AdditionalProperties != nil {
		t.Fatalf("long named properties: %v, extras %v", err, l.AdditionalProperties)
	}
	if err := json.Unmarshal([]byte(`{"team":"t","x":"`+strings.Repeat("x", 65)+`"}`), &l); err != nil {
		t.Fatal(err)
	}
	if got := labelViolations(t, l.Validate()); !reflect.DeepEqual(got, []string{"owner required", `["x"] maxLength`}) {
		t.Fatalf("got %v", got)
	}
	// A second decode does not keep the extras of the first.
	if err := json.Unmarshal([]byte(`{"owner":"o"}`), &l); err != nil || l.AdditionalProperties != nil {
		t.Fatalf("extras left over: %v %v", l.AdditionalProperties, err)
	}
}

func TestAnythingKeepsExtrasVerbatim(t *testing.T) {
	var a Anything
	if err := json.Unmarshal([]byte(`{"x":1.50,"kind":"k","y":"s"}`), &a); err != nil {
		t.Fatal(err)
	}
	if *a.Kind != "k" || string(a.AdditionalProperties["x"]) != "1.50" || string(a.AdditionalProperties["y"]) != `"s"` || len(a.AdditionalProperties) != 2 {
		t.Fatalf("got %+v", a)
	}
	b, _ := json.Marshal(Anything{AdditionalProperties: map[string]json.RawMessage{"z": json.RawMessage(`[true]`)}})
	if string(b) != `{"z":[true]}` {
		t.Fatalf("only extras: got %s", b)
	}
	if b, _ := json.Marshal(Anything{}); string(b) != `{}` {
		t.Fatalf("empty: got %s", b)
	}
}

type labelStore struct {
	UnimplementedHandler
	mu    sync.Mutex
	calls int
	got   map[string]string
}

func (h *labelStore) PutLabels(ctx context.Context, body *Labels) (*Labels, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls++
	h.got = body.AdditionalProperties
	out := *body
	out.AdditionalProperties = map[string]string{"stored": "yes"}
	for k, v := range body.AdditionalProperties {
		out.AdditionalProperties[k] = v
	}
	return &out, nil
}

func TestExtrasOverHTTP(t *testing.T) {
	h := &labelStore{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	out, err := c.PutLabels(ctx, &Labels{Owner: "ann", AdditionalProperties: map[string]string{"env": "prod", "tier": ""}})
	if err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	if !reflect.DeepEqual(h.got, map[string]string{"env": "prod", "tier": ""}) {
		t.Errorf("server got extras %v", h.got)
	}
	h.mu.Unlock()
	if out.Owner != "ann" || !reflect.DeepEqual(out.AdditionalProperties, map[string]string{"env": "prod", "tier": "", "stored": "yes"}) {
		t.Fatalf("client got %+v", out)
	}
	_, err = c.PutLabels(ctx, &Labels{Owner: "ann", AdditionalProperties: map[string]string{"k": strings.Repeat("v", 65)}})
	if got := labelViolations(t, err); !reflect.DeepEqual(got, []string{`["k"] maxLength`}) {
		t.Fatalf("got %v", got)
	}
	for _, body := range []string{`{"owner":"a","k":"` + strings.Repeat("v", 65) + `"}`, `{"owner":"a","k":5}`, `{"owner":"a","k":["v"]}`} {
		req, _ := http.NewRequest("PUT", srv.URL+"/labels", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.HasPrefix(string(b), `{"code":400,`) {
			t.Errorf("%.40s: status %d body %s, want 400", body, resp.StatusCode, b)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.calls != 1 {
		t.Fatalf("handler called %d times, want 1", h.calls)
	}
}
