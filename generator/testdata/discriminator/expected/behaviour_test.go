package discriminator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

func decodePet(t *testing.T, s string) *Pet {
	t.Helper()
	var p Pet
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &p
}

func variant(p *Pet) string {
	var names []string
	if p.Dog != nil {
		names = append(names, "Dog")
	}
	if p.Cat != nil {
		names = append(names, "Cat")
	}
	if p.Lizard != nil {
		names = append(names, "Lizard")
	}
	return strings.Join(names, "+")
}

// The discriminator value picks the variant, even when the body would also
// satisfy a variant listed earlier in oneOf.
func TestDiscriminatorSelectsVariant(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"petType":"dog","name":"Rex","barks":true}`, "Dog"}, // explicit mapping to a $ref
		{`{"petType":"kitty","name":"Tom","lives":9}`, "Cat"},  // explicit mapping to a schema name
		{`{"petType":"Lizard","name":"Liz"}`, "Lizard"},        // implicit: the schema name
		{`{"name":"Tom","petType":"kitty"}`, "Cat"},            // property order does not matter
		{`{"petType":"kitty"}`, "Cat"},                         // chosen even though Cat's name is missing
	} {
		if got := variant(decodePet(t, tc.json)); got != tc.want {
			t.Errorf("%s decoded as %q, want %s", tc.json, got, tc.want)
		}
	}
	p := decodePet(t, `{"petType":"kitty","name":"Tom","lives":3}`)
	if p.Cat.Name != "Tom" || p.Cat.PetType != "kitty" || *p.Cat.Lives != 3 {
		t.Fatalf("cat fields lost: %+v", p.Cat)
	}
}

func TestVariantRulesAreValidated(t *testing.T) {
	if err := decodePet(t, `{"petType":"kitty","name":"Tom","lives":1}`).Validate(); err != nil {
		t.Fatalf("lives 1: %v", err)
	}
	for _, tc := range []struct{ json, path, rule string }{
		{`{"petType":"kitty","name":"Tom","lives":0}`, "lives", "minimum"},
		{`{"petType":"kitty","name":"Tom","lives":10}`, "lives", "maximum"},
		{`{"petType":"kitty"}`, "name", "required"},
		{`{"petType":"dog"}`, "name", "required"},
	} {
		vs := violations(t, decodePet(t, tc.json).Validate())
		if len(vs) != 1 || vs[0].Path != tc.path || vs[0].Rule != tc.rule {
			t.Errorf("%s: got %v, want only %s (%s)", tc.json, vs, tc.path, tc.rule)
		}
	}
}

// A value of no variant (a discriminator naming none, as a newer server's
// variant would, or a value that is not an object) is kept as it came: the
// reading side decodes it with no variant set, Validate reports it, and
// encoding writes it back unchanged.
func TestValueOfNoVariantIsKept(t *testing.T) {
	for _, c := range []struct{ in, rule, msg string }{
		{`{"petType":"bird","name":"Tweety","wings":2}`, "discriminator", `petType "bird" names none of Dog, Cat, Lizard`},
		{`{"name":"Rex","petType":7}`, "oneOf", "is an object that fits none of Dog, Cat, Lizard"},
		{`"dog"`, "oneOf", "is a string that fits none of Dog, Cat, Lizard"},
		{`42`, "oneOf", "is a number that fits none of Dog, Cat, Lizard"},
		{`[{"petType":"dog","name":"Rex"}]`, "oneOf", "is an array that fits none of Dog, Cat, Lizard"},
		{`true`, "oneOf", "is a boolean that fits none of Dog, Cat, Lizard"},
	} {
		p := decodePet(t, c.in)
		vs := violations(t, p.Validate())
		if variant(p) != "" || len(vs) != 1 || vs[0] != (Violation{Rule: c.rule, Message: c.msg}) {
			t.Errorf("%s: decoded as %q, %v; want only %s (%s)", c.in, variant(p), vs, c.msg, c.rule)
		}
		if b, err := json.Marshal(p); err != nil || string(b) != c.in {
			t.Errorf("%s written back as %s, %v", c.in, b, err)
		}
	}
	// A client reads a newer server's variant, with WithStrict too (as it
	// reads an enum value newer than the spec), and cannot send it back:
	// the writing side is strict.
	bird := `{"petType":"bird","name":"Tweety"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(201)
		io.WriteString(w, bird)
	}))
	defer srv.Close()
	for _, opts := range [][]ClientOption{nil, {WithStrict()}} {
		c, _ := NewClient(srv.URL, opts...)
		got, err := c.AddPet(context.Background(), &Pet{Dog: &Dog{PetType: "dog", Name: "Rex"}})
		if err != nil || variant(got) != "" {
			t.Fatalf("%d options: %v, %v", len(opts), got, err)
		}
		if b, _ := json.Marshal(got); string(b) != bird {
			t.Errorf("kept as %s", b)
		}
		if _, err := c.AddPet(context.Background(), got); !strings.Contains(fmt.Sprint(err), `petType "bird" names none of Dog, Cat, Lizard (discriminator)`) {
			t.Errorf("sent back: %v", err)
		}
	}
}

func TestExactlyOneVariantMustBeSet(t *testing.T) {
	for _, p := range []Pet{{}, {Dog: &Dog{PetType: "dog", Name: "a"}, Lizard: &Lizard{PetType: "Lizard"}}} {
		vs := violations(t, p.Validate())
		if len(vs) != 1 || vs[0].Path != "" || vs[0].Rule != "oneOf" {
			t.Errorf("%s: got %v, want oneOf", variant(&p), vs)
		}
	}
	b, _ := json.Marshal(Pet{})
	if string(b) != "null" {
		t.Fatalf("empty Pet encodes as %s", b)
	}
}

func TestVariantsRoundTrip(t *testing.T) {
	for _, p := range []Pet{
		{Dog: &Dog{PetType: "dog", Name: "Rex", Barks: Ptr(false)}},
		{Cat: &Cat{PetType: "kitty", Name: "Tom", Lives: Ptr(int64(7))}},
		{Lizard: &Lizard{PetType: "Lizard"}},
	} {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		back := decodePet(t, string(b))
		if variant(back) != variant(&p) {
			t.Errorf("%s came back as %s", b, variant(back))
		}
		b2, _ := json.Marshal(back)
		if string(b2) != string(b) {
			t.Errorf("re-encoded %s, first %s", b2, b)
		}
	}
	b, _ := json.Marshal(Pet{Lizard: &Lizard{PetType: "Lizard"}})
	if string(b) != `{"petType":"Lizard"}` {
		t.Fatalf("got %s", b)
	}
}

type shelter struct {
	UnimplementedHandler
	calls atomic.Int32
	got   atomic.Value
}

func (s *shelter) AddPet(ctx context.Context, body *Pet) (*Pet, error) {
	s.calls.Add(1)
	s.got.Store(variant(body))
	return body, nil
}

func TestAddPetOverHTTP(t *testing.T) {
	h := &shelter{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.AddPet(context.Background(), &Pet{Cat: &Cat{PetType: "kitty", Name: "Tom", Lives: Ptr(int64(9))}})
	if err != nil {
		t.Fatal(err)
	}
	if h.got.Load() != "Cat" || out.Cat == nil || out.Cat.Name != "Tom" {
		t.Fatalf("server saw %v, client got %+v", h.got.Load(), out)
	}
	_, err = c.AddPet(context.Background(), &Pet{})
	if vs := violations(t, err); vs[0].Rule != "oneOf" {
		t.Fatalf("got %v", vs)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
	for _, body := range []string{`{"petType":"kitty","name":"Tom","lives":0}`, `"Tom"`} {
		resp, err := http.Post(srv.URL+"/pets", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("%s: status %d body %s, want 400", body, resp.StatusCode, b)
		}
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
}

// The server decodes the variant a discriminator names with its own
// decoder: a value that breaks it is refused naming the property at fault,
// a discriminator naming no variant is refused naming the discriminator,
// and a closed variant (Lizard, additionalProperties: false) refuses a
// property it does not name, as a closed object anywhere else does. The
// client reads past such a property in answers.
func TestServerDecodesTheNamedVariant(t *testing.T) {
	h := &shelter{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	for body, want := range map[string]string{
		`{"petType":"kitty","name":"Tom","lives":"nine"}`: `lives: expected a number, got a string`,
		`{"petType":"fish","name":"Nemo"}`:                `petType \"fish\" names none of Dog, Cat, Lizard (discriminator)`,
		`{"petType":"Lizard","name":"Liz","tail":1}`:      `tail: is not allowed (additionalProperties)`,
	} {
		resp, err := http.Post(srv.URL+"/pets", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d %s, want 400 saying %s", body, resp.StatusCode, b, want)
		}
	}
	if n := h.calls.Load(); n != 0 {
		t.Fatalf("handler called %d times, want 0", n)
	}
	var p Pet
	if err := json.Unmarshal([]byte(`{"petType":"Lizard","name":"Liz","tail":1}`), &p); err != nil || p.Lizard == nil || p.Validate() != nil {
		t.Errorf("the reading side: %v, %s, %v", err, variant(&p), p.Validate())
	}
}
