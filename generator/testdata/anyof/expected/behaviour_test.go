package anyof

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
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

func decode(t *testing.T, s string) *Owner {
	t.Helper()
	var v Owner
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &v
}

// Every variant the value is valid for is kept.
func TestEveryMatchingVariantIsSet(t *testing.T) {
	o := decode(t, `{"pet":{"name":"Rex","age":3}}`)
	if o.Pet.Named == nil || o.Pet.Aged == nil || o.Pet.Named.Name != "Rex" || o.Pet.Aged.Age != 3 || o.Validate() != nil {
		t.Fatalf("got %+v %v", o.Pet, o.Validate())
	}
	o = decode(t, `{"pet":{"name":"Rex"}}`)
	if o.Pet.Named == nil || o.Pet.Aged != nil || o.Validate() != nil {
		t.Fatalf("name only: %+v", o.Pet)
	}
	o = decode(t, `{"pet":{"age":0}}`) // minimum 0, at the boundary
	if o.Pet.Named != nil || o.Pet.Aged == nil || o.Validate() != nil {
		t.Fatalf("age only: %+v", o.Pet)
	}
	// Invalid for one variant (age below its minimum): only the other is set.
	o = decode(t, `{"pet":{"name":"Rex","age":-1}}`)
	if o.Pet.Named == nil || o.Pet.Aged != nil || o.Validate() != nil {
		t.Fatalf("negative age: %+v %v", o.Pet, o.Validate())
	}
	// Strings with different rules: "abc" fits both, "abcd" the pattern only, "AB" the length only.
	for _, tc := range []struct {
		label      string
		short, low bool
	}{{`"abc"`, true, true}, {`"abcd"`, false, true}, {`"AB"`, true, false}} {
		o := decode(t, `{"pet":{"name":"x"},"label":`+tc.label+`}`)
		if (o.Label.String != nil) != tc.short || (o.Label.String1 != nil) != tc.low || o.Validate() != nil {
			t.Errorf("%s: %+v %v", tc.label, o.Label, o.Validate())
		}
	}
	o = decode(t, `{"pet":{"name":"x"},"id":7}`)
	if o.ID.Int == nil || *o.ID.Int != 7 || o.ID.String != nil {
		t.Fatalf("id: %+v", o.ID)
	}
}

// At least one variant must match: Validate reports a value that matches none.
func TestNoMatchingVariantIsReported(t *testing.T) {
	// Valid for neither: said first, then the first that decodes is kept
	// and its rules reported.
	o := decode(t, `{"pet":{"name":""}}`)
	vs := violations(t, o.Validate())
	if o.Pet.Named == nil || len(vs) != 2 || vs[0].Path != "pet" || vs[0].Rule != "anyOf" || vs[0].Message != "is valid for none of Named, Aged" ||
		vs[1].Path != "pet.name" || vs[1].Rule != "minLength" {
		t.Fatalf("got %+v %v", o.Pet, vs)
	}
	o = decode(t, `{"pet":{"color":"red"}}`)
	vs = violations(t, o.Validate())
	// An absent name breaks no other rule.
	if len(vs) != 2 || vs[0].Rule != "anyOf" || vs[1].Path != "pet.name" || vs[1].Rule != "required" {
		t.Fatalf("got %v", vs)
	}
	o = decode(t, `{"pet":{"name":"x"},"label":"ABCD"}`)
	if vs := violations(t, o.Validate()); len(vs) != 2 || vs[0].Path != "label" || vs[0].Rule != "anyOf" || vs[1].Path != "label" || vs[1].Rule != "maxLength" {
		t.Fatalf("got %v", vs)
	}
	// Nothing set at all.
	vs = violations(t, (&Owner{}).Validate())
	if len(vs) != 1 || vs[0].Path != "pet" || vs[0].Rule != "anyOf" || vs[0].Message != "has no variant set, want at least one" {
		t.Fatalf("got %v", vs)
	}
	// A JSON kind no variant has is kept as it came (a newer server's
	// variant, say): Validate reports it, and encoding writes it back.
	keptAsItCame(t, `{"pet":"Rex"}`, "pet", "is a string that fits none of Named, Aged")
	keptAsItCame(t, `{"pet":{"name":"x"},"id":true}`, "id", "is a boolean that fits none of String, Int")
	keptAsItCame(t, `{"pet":{"name":"x"},"label":1}`, "label", "is a number that fits none of String, String1")
}

// keptAsItCame decodes s, where the value at path fits none of its
// anyOf's variants, and checks that Validate reports it with msg and that
// encoding writes s back.
func keptAsItCame(t *testing.T, s, path, msg string) {
	t.Helper()
	o := decode(t, s)
	vs := violations(t, o.Validate())
	if !slices.Contains(vs, Violation{Path: path, Rule: "anyOf", Message: msg}) {
		t.Errorf("%s: want %s: %s, got %v", s, path, msg, vs)
	}
	var in, out any
	b, err := json.Marshal(o)
	if json.Unmarshal([]byte(s), &in) != nil || err != nil || json.Unmarshal(b, &out) != nil || !reflect.DeepEqual(in, out) {
		t.Errorf("%s written back as %s, %v", s, b, err)
	}
}

// Encoding writes the variants that are set merged into one object.
func TestEncodingMergesObjects(t *testing.T) {
	o := Owner{Pet: Pet{Named: &Named{Name: "Rex"}, Aged: &Aged{Age: 3}}, ID: &ID{String: Ptr("a1")}}
	b, err := json.Marshal(o)
	if err != nil || string(b) != `{"pet":{"name":"Rex","age":3},"id":"a1"}` {
		t.Fatalf("got %s, %v", b, err)
	}
	back := decode(t, string(b))
	if back.Pet.Named.Name != "Rex" || back.Pet.Aged.Age != 3 || *back.ID.String != "a1" {
		t.Fatalf("round trip: %+v", back)
	}
	b, _ = json.Marshal(Owner{Pet: Pet{Aged: &Aged{Age: 1}}, Label: &Label{String: Ptr("abc"), String1: Ptr("abc")}})
	if string(b) != `{"pet":{"age":1},"label":"abc"}` {
		t.Fatalf("got %s", b)
	}
	b, _ = json.Marshal(Pet{})
	if string(b) != "null" {
		t.Fatalf("got %s", b)
	}
}

// anyOf with null stays a nullable value.
func TestAnyOfWithNullIsNullable(t *testing.T) {
	o := decode(t, `{"pet":{"age":1},"friend":null}`)
	if !o.Friend.Set || !o.Friend.Null {
		t.Fatalf("got %+v", o.Friend)
	}
	o = decode(t, `{"pet":{"age":1},"friend":{"name":"Ann"}}`)
	if f, ok := o.Friend.Get(); !ok || f.Name != "Ann" {
		t.Fatalf("got %+v", o.Friend)
	}
}

// A variant that is the only one of its JSON kind is kept for its kind
// alone; Validate reports what it breaks. A kind neither variant has is
// kept as it came.
func TestVariantOfItsOwnKind(t *testing.T) {
	o := decode(t, `{"pet":{"age":1},"tagged":["a","b"]}`)
	if o.Tagged == nil || o.Tagged.Named != nil || o.Tagged.Tags == nil || len(*o.Tagged.Tags) != 2 || o.Validate() != nil {
		t.Fatalf("tags: %+v %v", o.Tagged, o.Validate())
	}
	o = decode(t, `{"pet":{"age":1},"tagged":{"name":"x"}}`)
	if o.Tagged.Named == nil || o.Tagged.Named.Name != "x" || o.Tagged.Tags != nil || o.Validate() != nil {
		t.Fatalf("name: %+v %v", o.Tagged, o.Validate())
	}
	o = decode(t, `{"pet":{"age":1},"tagged":{"name":""}}`)
	if vs := violations(t, o.Validate()); o.Tagged.Named == nil || len(vs) != 1 || vs[0].Path != "tagged.name" || vs[0].Rule != "minLength" {
		t.Fatalf("invalid name: %+v %v", o.Tagged, vs)
	}
	o = decode(t, `{"pet":{"age":1},"tagged":["a",""]}`)
	if vs := violations(t, o.Validate()); o.Tagged.Tags == nil || len(vs) != 1 || vs[0].Path != "tagged[1]" || vs[0].Rule != "minLength" {
		t.Fatalf("invalid tag: %+v %v", o.Tagged, vs)
	}
	keptAsItCame(t, `{"pet":{"age":1},"tagged":"a"}`, "tagged", "is a string that fits none of Named, Tags")
	keptAsItCame(t, `{"pet":{"age":1},"tagged":[1]}`, "tagged", "is an array that fits none of Named, Tags")
}

type owners struct{ UnimplementedHandler }

func (owners) CreateOwner(ctx context.Context, body *Owner) (*Owner, error) { return body, nil }

func TestAnyOfOverHTTP(t *testing.T) {
	srv := httptest.NewServer(NewServer(owners{}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.CreateOwner(context.Background(), &Owner{Pet: Pet{Named: &Named{Name: "Rex"}, Aged: &Aged{Age: 2}}})
	if err != nil || out.Pet.Named == nil || out.Pet.Aged == nil || out.Pet.Aged.Age != 2 {
		t.Fatalf("got %+v, %v", out, err)
	}
	_, err = c.CreateOwner(context.Background(), &Owner{})
	if vs := violations(t, err); vs[0].Rule != "anyOf" {
		t.Fatalf("got %v", vs)
	}
	resp, err := srv.Client().Post(srv.URL+"/owners", "application/json", strings.NewReader(`{"pet":{"age":-1}}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// Valid for neither: the variant with all its required properties is
	// the one reported.
	if resp.StatusCode != 400 || !strings.Contains(string(b), `"invalid: pet: is valid for none of Named, Aged (anyOf); pet.age: must be at least 0 (minimum)"`) {
		t.Fatalf("got %d %s", resp.StatusCode, b)
	}
}
