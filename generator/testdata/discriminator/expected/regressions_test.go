package discriminator

import (
	"encoding/json"
	"testing"
)

// Suspected generator bug: Pet.UnmarshalJSON falls back to trying the
// variants in oneOf order when the discriminator value is not in its
// switch, so an unknown value is silently decoded as the first variant
// (Dog) and Validate passes.
//
// A discriminator value that neither the mapping nor a schema name knows
// selects no schema, so the value must not be accepted (OpenAPI 3.1.1,
// Discriminator Object: "validation SHOULD fail"). "Cat" is either Cat's
// implicit name or unknown; a Dog (dropping lives) is wrong either way.
// Uses variant from behaviour_test.go.
func TestUnknownDiscriminatorValueIsRefused(t *testing.T) {
	for _, tc := range []struct {
		json string
		ok   func(*Pet) bool // the decoded value is acceptable without a Validate error
	}{
		{`{"petType":"fish","name":"Nemo"}`, func(*Pet) bool { return false }},
		{`{"petType":"Cat","name":"Tom","lives":3}`, func(p *Pet) bool { return p.Cat != nil }},
	} {
		var p Pet
		if err := json.Unmarshal([]byte(tc.json), &p); err != nil {
			continue // refused while decoding: fine
		}
		if !tc.ok(&p) && p.Validate() == nil {
			t.Errorf("%s accepted as %s with no error", tc.json, variant(&p))
		}
	}
}

// A oneOf that lists one schema twice (Animal: Dog, Cat, Dog, as a
// published spec does) compiles, and every value that names the schema, by
// the mapping or by its name, decodes into the first of the two; a value
// written back keeps its tag.
func TestVariantListedTwice(t *testing.T) {
	for _, tag := range []string{"hound", "Dog"} {
		in := `{"petType":"` + tag + `","name":"Rex"}`
		var a Animal
		if err := json.Unmarshal([]byte(in), &a); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if a.Dog == nil || a.Dog2 != nil || a.Cat != nil || a.Dog.Name != "Rex" {
			t.Errorf("%s decoded as %+v, want the first Dog", in, a)
		}
		if err := a.Validate(); err != nil {
			t.Errorf("%s: %v", in, err)
		}
		out, err := json.Marshal(a)
		if err != nil || string(out) != in {
			t.Errorf("%s written back as %s, %v", in, out, err)
		}
	}
}
