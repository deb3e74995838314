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
