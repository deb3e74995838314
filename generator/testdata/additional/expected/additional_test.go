package additional

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestUnnamedPropertiesRoundTrip(t *testing.T) {
	in := `{"owner":"ann","team":"core","env":"prod","tier":"gold"}`
	var l Labels
	if err := json.Unmarshal([]byte(in), &l); err != nil {
		t.Fatal(err)
	}
	if l.Owner != "ann" || *l.Team != "core" || len(l.AdditionalProperties) != 2 || l.AdditionalProperties["env"] != "prod" {
		t.Fatalf("decoded %+v", l)
	}
	out, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"owner":"ann","team":"core","env":"prod","tier":"gold"}` {
		t.Errorf("round trip lost or reordered data: %s", out)
	}
	// Without extras the named properties are written alone.
	l.AdditionalProperties = nil
	if out, _ := json.Marshal(l); string(out) != `{"owner":"ann","team":"core"}` {
		t.Errorf("got %s", out)
	}
}

func TestUnnamedPropertiesAreValidated(t *testing.T) {
	var l Labels
	if err := json.Unmarshal([]byte(`{"owner":"ann","note":"`+strings.Repeat("x", 65)+`"}`), &l); err != nil {
		t.Fatal(err)
	}
	err := l.Validate()
	ve, ok := err.(*ValidationError)
	if !ok || len(ve.Violations) != 1 || ve.Violations[0].Path != `["note"]` || ve.Violations[0].Rule != "maxLength" {
		t.Fatalf("got %v", err)
	}
	if err := json.Unmarshal([]byte(`{"owner":"ann","n":5}`), &l); err == nil {
		t.Error("a number accepted where the extra properties must be strings")
	}
}

func TestAnyExtraValue(t *testing.T) {
	var a Anything
	if err := json.Unmarshal([]byte(`{"kind":"k","x":{"deep":[1,2]},"y":null}`), &a); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(a)
	if string(out) != `{"kind":"k","x":{"deep":[1,2]},"y":null}` {
		t.Errorf("got %s", out)
	}
}
