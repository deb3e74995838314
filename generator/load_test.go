package generator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestJoinSurrogates(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"a": "Hello! \ud83d\udc4d"}`, `{"a": "Hello! \U0001F44D"}`},
		{`{"a": "\uD83D\uDE00 and \ud83d\udc4d"}`, `{"a": "\U0001F600 and \U0001F44D"}`},
		// An escaped backslash followed by text that looks like an escape.
		{`{"a": "\\ud83d\\udc4d"}`, `{"a": "\\ud83d\\udc4d"}`},
		// A lone surrogate is left for the parsers to judge.
		{`{"a": "\ud83d x"}`, `{"a": "\ud83d x"}`},
		// Outside strings nothing is touched; an escaped quote does not end one.
		{`{"k\"\ud83d\udc4d": 1}`, `{"k\"\U0001F44D": 1}`},
		{`{"a": "plain"}`, `{"a": "plain"}`},
	} {
		if got := string(joinSurrogates([]byte(c.in))); got != c.want {
			t.Errorf("joinSurrogates(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}

// TestMarkedJSONLoadsTheSame loads JSON documents with the fast reader and
// with kin-openapi's own, and compares the documents and the order read
// from positions.
func TestMarkedJSONLoadsTheSame(t *testing.T) {
	var specs []string
	real := filepath.Join("..", "..", "shared", "specs", "real")
	for _, name := range []string{"telegram-bot.json", "twilio-api-v2010.json", "k8s-core-v1.json"} {
		if _, err := os.Stat(filepath.Join(real, name)); err == nil {
			specs = append(specs, filepath.Join(real, name))
		} else {
			t.Logf("skipping %s: the shared real specs are not present", name)
		}
	}
	dir := t.TempDir()
	surrogates := filepath.Join(dir, "surrogates.json")
	if err := os.WriteFile(surrogates, []byte(`{"openapi": "3.0.3", "info": {"title": "t \ud83d\udc4d", "version": "1"},
  "paths": {}, "components": {"schemas": {"B": {"type": "object", "properties": {"z": {"type": "string", "example": "\ud83d\ude00"}, "a": {"type": "string"}}}}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	specs = append(specs, surrogates)
	for _, spec := range specs {
		if _, err := os.Stat(spec); err != nil {
			continue
		}
		load := func(read openapi3.ReadFromURIFunc) (*openapi3.T, []byte) {
			doc, err := newLoader(read).LoadFromFile(spec)
			if err != nil {
				t.Fatalf("%s: %v", spec, err)
			}
			doc.Extensions = nil
			raw, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			return doc, raw
		}
		fast, fastJSON := load(readMarkingJSON)
		plain, plainJSON := load(openapi3.ReadFromFile)
		if string(fastJSON) != string(plainJSON) {
			t.Errorf("%s: the document read with the document start differs from kin-openapi's reading", spec)
		}
		// Positions: where kin-openapi's own reading has them (its YAML
		// parser took the document), they give the same order.
		if fast.Components == nil {
			continue
		}
		for name, s := range fast.Components.Schemas {
			ps := plain.Components.Schemas[name]
			if s.Value == nil || len(s.Value.Properties) == 0 || ps.Value.Properties[orderedProperties(ps.Value.Properties)[0]].Origin == nil {
				continue
			}
			got, want := orderedProperties(s.Value.Properties), orderedProperties(ps.Value.Properties)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s: %s: properties ordered %v, want %v", spec, name, got, want)
			}
		}
		if spec == surrogates {
			// kin-openapi's YAML parser refuses the pairs, so its own
			// reading falls back to JSON and has no positions.
			if got := strings.Join(orderedProperties(fast.Components.Schemas["B"].Value.Properties), ","); got != "z,a" {
				t.Errorf("surrogates: properties in %s, want document order z,a", got)
			}
		}
	}
}

// AfterRead is called once a spec is read, before anything is built from
// it, and not at all when the spec does not read.
func TestAfterReadIsCalledOnceTheSpecIsRead(t *testing.T) {
	calls := 0
	res, err := Generate(Options{Spec: "../spec/functions.yaml", Package: "api", AfterRead: func() { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 || len(res.Files) == 0 {
		t.Errorf("AfterRead called %d times for a spec that generates %d files, want once", calls, len(res.Files))
	}
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(broken, []byte("openapi: 3.0.3\ninfo: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	calls = 0
	if _, err := Generate(Options{Spec: broken, Package: "api", AfterRead: func() { calls++ }}); err == nil || calls != 0 {
		t.Errorf("a spec that does not read: err %v, AfterRead called %d times, want an error and no call", err, calls)
	}
}
