package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// realSpecs is where the real-world specs are, beside the checkout.
const realSpecs = "../../shared/specs/real"

// typeString matches a schema's type: string, in YAML or JSON.
var typeString = regexp.MustCompile(`(?m)("type"\s*:\s*"string"|\btype:\s*string\b)`)

// TestSpecErrorsPointAtTheFault breaks each real spec under 2 MB by
// misspelling one schema type (at a quarter, half and three quarters of
// the file; at half only over 1 MB), and checks that the error names the
// line and column of the misspelled value and a JSON pointer that leads to
// it. twilio's JSON, with surrogate-pair escapes, is among them.
func TestSpecErrorsPointAtTheFault(t *testing.T) {
	entries, err := os.ReadDir(realSpecs)
	if err != nil {
		t.Skipf("the real specs are not here (%v); this test needs the shared specs beside the checkout (../shared/specs)", err)
	}
	tried := 0
	for _, ent := range entries {
		name := ent.Name()
		ext := filepath.Ext(name)
		if ext != ".json" && ext != ".yaml" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(realSpecs, name))
		if err != nil || len(data) > 2<<20 {
			continue
		}
		if _, _, err := Load(filepath.Join(realSpecs, name)); err != nil {
			continue // broken as it is
		}
		spots := typeString.FindAllIndex(data, -1)
		fracs := []int{1, 2, 3}
		if len(data) > 1<<20 {
			fracs = []int{2} // the larger specs once: loading them is slow under -race
		}
		for _, frac := range fracs {
			if len(spots) == 0 {
				break
			}
			spot := spots[len(spots)*frac/4]
			broken := string(data[:spot[0]]) + strings.Replace(string(data[spot[0]:spot[1]]), "string", "strin", 1) + string(data[spot[1]:])
			path := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err := Load(path)
			var se *SpecError
			if !errors.As(err, &se) {
				t.Errorf("%s, type at byte %d: %v", name, spot[0], err)
				continue
			}
			tried++
			checkPlaced(t, name, path, broken, spot[0], se)
		}
	}
	if tried == 0 {
		t.Skip("no real spec under 2 MB was found")
	}
}

// checkPlaced checks that se names the line and column of the value
// "strin" written at byte at of src, and a pointer that leads to it.
func checkPlaced(t *testing.T, name, path, src string, at int, se *SpecError) {
	t.Helper()
	line := 1 + strings.Count(src[:at], "\n")
	lc, rest, _ := strings.Cut(se.Error(), ": invalid document: ")
	lc = lc[strings.LastIndex(lc, ".")+1:] // after the extension: json:L:C
	parts := strings.Split(lc, ":")
	if len(parts) != 3 {
		t.Errorf("%s: no line:column in %q", name, se.Error())
		return
	}
	if got, _ := strconv.Atoi(parts[1]); got != line {
		t.Errorf("%s: line %d, the fault is on line %d: %s", name, got, line, se.Error())
	}
	ptr, _, ok := strings.Cut(rest, ": ")
	if !ok || !strings.HasPrefix(ptr, "#/") {
		t.Errorf("%s: no pointer in %q", name, se.Error())
		return
	}
	if n := nodeAt(readYAML(path), ptr); n == nil || n.Value != "strin" {
		t.Errorf("%s: %s does not lead to the fault: %s", name, ptr, se.Error())
	}
}

// A defect generated with a warning says where it is, as the builder's
// warnings do: the file, line and column, and the pointer kin-openapi's
// chain names, or one the message carries itself.
func TestToleratedDefectsNameTheirPlace(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a/{id}:
    get:
      operationId: getA
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: gone, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/List"}
components:
  schemas:
    List:
      type: array
`
	path := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	_, warnings, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	at := filepath.ToSlash(path)
	want := []string{
		at + ":18:5: #/components/schemas/List: invalid but generated: when schema type is 'array', schema 'items' must be non-null",
		at + ":5:5: #/paths/~1a~1{id}/get: invalid but generated: path parameter \"gone\" is declared but the path has no {gone}",
	}
	if strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
}

// The builder's warnings say the file, line and column of what they are
// about, from the positions read with the document: through a $ref to
// where the schema is written, a parameter of the operation or of the path
// item, a property of an allOf part the builder names as the whole
// schema's, the schema of a parameter, a header or a media type (at its
// own key, not its parent's). A warning whose place the document does not
// hold keeps its pointer alone.
func TestWarningsSayTheLine(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /pets/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema:
          type: object
          properties:
            a: {type: string}
    get:
      operationId: listPets
      parameters:
        - name: limit
          in: query
          schema: {type: integer}
        - name: filter
          in: query
          style: deepObject
          schema:
            type: object
            properties:
              kind: {type: object, properties: {a: {type: string}}}
        - name: code
          in: query
          schema:
            type: string
            pattern: "(?=c)c"
        - name: authorization
          in: header
          required: true
          schema: {type: string}
        - name: where
          in: query
          content: {application/json: {schema: {type: object}}}
      responses:
        "200":
          description: ok
          headers:
            X-Code:
              schema:
                type: string
                pattern: "(?=h)h"
          content:
            application/json:
              schema:
                type: object
                required: [ghost]
                properties:
                  b: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Base:
      type: object
      properties:
        id: {type: string}
    Pet:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          required: [name, age]
          properties:
            name:
              type: string
              pattern: "^(?<!x)a$"
    Animal:
      oneOf:
        - $ref: "#/components/schemas/Pet"
      discriminator:
        propertyName: kind
        mapping:
          bird: "#/components/schemas/Base"
`
	dir := t.TempDir()
	path := filepath.Join(dir, "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Generate(Options{Spec: path, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	at := filepath.ToSlash(path)
	lines := strings.Split(spec, "\n")
	// line is the number of the first line that is text after the line
	// that is after, and its column.
	line := func(after, text string) (int, int) {
		seen := after == ""
		for i, l := range lines {
			if seen && l == text {
				return i + 1, len(text) - len(strings.TrimLeft(text, " -")) + 1
			}
			seen = seen || l == after
		}
		t.Fatalf("no line %q after %q", text, after)
		return 0, 0
	}
	for _, w := range []struct{ ptr, after, line string }{
		{"#/paths/~1pets~1{id}/parameters/0", "", "      - name: id"},
		{"#/paths/~1pets~1{id}/get/parameters/1", "", "        - name: filter"},
		{"#/paths/~1pets~1{id}/get/parameters/code/schema", "        - name: code", "          schema:"},
		{"#/paths/~1pets~1{id}/get/parameters/3", "", "        - name: authorization"},
		{"#/paths/~1pets~1{id}/get/parameters/4", "", "        - name: where"},
		{"#/paths/~1pets~1{id}/get/responses/200/headers/X-Code/schema", "            X-Code:", "              schema:"},
		{"#/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema", "            application/json:", "              schema:"},
		{"#/components/schemas/Pet", "", "    Pet:"},
		{"#/components/schemas/Pet/properties/name", "", "            name:"},
		// kin-openapi keeps no position for a mapping's entries.
		{"#/components/schemas/Animal/discriminator/mapping/bird", "", `          bird: "#/components/schemas/Base"`},
	} {
		n, col := line(w.after, w.line)
		prefix := fmt.Sprintf("%s:%d:%d: %s: ", at, n, col, w.ptr)
		found := false
		for _, got := range res.Warnings {
			found = found || strings.HasPrefix(got, prefix)
		}
		if !found {
			t.Errorf("no warning starting %q in:\n%s", prefix, strings.Join(res.Warnings, "\n"))
		}
	}
	if !strings.Contains(strings.Join(res.Warnings, "\n"), `parameter "where" is given by content (application/json), not a schema`) {
		t.Errorf("no warning that where is given by content:\n%s", strings.Join(res.Warnings, "\n"))
	}
	// The header parameter named Authorization is ignored, as OpenAPI
	// says: the security schemes set that header.
	for _, f := range res.Files {
		if !strings.Contains(f.Name, "runtime") && strings.Contains(string(f.Content), "Authorization") {
			t.Errorf("%s has the ignored parameter authorization", f.Name)
		}
	}
	for _, got := range res.Warnings {
		if !strings.HasPrefix(got, at+":") {
			t.Errorf("warning without its line: %s", got)
		}
	}
	// A pointer the document does not hold is left as it is.
	doc, _, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	ws := []string{"#/components/schemas/Gone: x", "#/paths/~1pets~1{id}/get/parameters/7: y", "no pointer"}
	placeWarnings(doc, path, ws)
	if ws[0] != "#/components/schemas/Gone: x" || ws[1] != "#/paths/~1pets~1{id}/get/parameters/7: y" || ws[2] != "no pointer" {
		t.Errorf("placed what the document does not hold: %q", ws)
	}
}

// A warning about what another file holds names that file; one on the
// first line of a JSON file has the column of the file, not of what was
// read (a document start put in front); a spec read from a repaired copy
// names no lines, since the copy's are not the file's.
func TestWarningsInOtherFilesAndJSON(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// The other file's name ends like the spec's: still another file.
	write("my-api.yaml", `components:
  parameters:
    Code:
      name: code
      in: query
      schema:
        type: string
        pattern: "(?=x)x"
`)
	main := write("api.yaml", `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - $ref: "my-api.yaml#/components/parameters/Code"
      responses:
        "204": {description: ok}
`)
	res, err := Generate(Options{Spec: main, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0], filepath.ToSlash(filepath.Join(dir, "my-api.yaml"))+":6:7: ") {
		t.Errorf("want one warning at my-api.yaml:6:7, got %q", res.Warnings)
	}
	// A schema of another file is keyed by that file; it is found there.
	write("common.json", `{"components": {"schemas": {
  "Ext": {"type": "object", "required": ["ghost"], "properties": {"a": {"type": "string"}}}}}}`)
	withExt := write("ext.yaml", `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /e:
    get:
      operationId: getE
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "common.json#/components/schemas/Ext"}
`)
	if res, err = Generate(Options{Spec: withExt, Package: "api"}); err != nil {
		t.Fatal(err)
	}
	if want := filepath.ToSlash(filepath.Join(dir, "common.json")) + ":2:3: common.json#/components/schemas/Ext: "; len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0], want) {
		t.Errorf("want one warning starting %q, got %q", want, res.Warnings)
	}
	// A key written by another file (sub/a.yaml refers to b.yaml, which is
	// sub/b.yaml) is not looked up beside the spec, where a b.yaml of
	// another content stands: it keeps its pointer alone.
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("sub/a.yaml", `components:
  schemas:
    A: {type: object, properties: {b: {$ref: "b.yaml#/components/schemas/B"}}}
`)
	write("sub/b.yaml", `components:
  schemas:
    B: {type: object, required: [gone], properties: {x: {type: string}}}
`)
	write("b.yaml", `components:
  schemas:
    Other: {type: string}
    B: {type: string}
`)
	nested := write("nested.yaml", `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /n:
    get:
      operationId: getN
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "sub/a.yaml#/components/schemas/A"}
`)
	if res, err = Generate(Options{Spec: nested, Package: "api"}); err != nil {
		t.Fatal(err)
	}
	gone := 0
	for _, w := range res.Warnings {
		if strings.Contains(w, "gone") {
			gone++
			if !strings.HasPrefix(w, "b.yaml#/components/schemas/B: ") {
				t.Errorf("placed in a file the key does not name: %s", w)
			}
		}
	}
	if gone != 1 {
		t.Errorf("want one warning about B's required gone, got %q", res.Warnings)
	}
	// Named from the working folder, as the spec was.
	t.Chdir(dir)
	if res, err = Generate(Options{Spec: "api.yaml", Package: "api"}); err != nil || len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0], "my-api.yaml:6:7: ") {
		t.Errorf("want one warning at my-api.yaml:6:7, got %q (%v)", res.Warnings, err)
	}
	min := `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"B":{"type":"object","required":["ghost"],"properties":{"a":{"type":"string"}}}}}}`
	res, err = Generate(Options{Spec: write("min.json", min), Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	col := strings.Index(min, `"B"`) + 1
	if want := fmt.Sprintf("min.json:1:%d: #/components/schemas/B: ", col); len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], want) {
		t.Errorf("want a warning with %q, got %q", want, res.Warnings)
	}
	repaired := write("repaired.json", `{
  "openapi": "3.1.0",
  "info": {"title": "t", "version": "1"},
  "paths": {},
  "x-texts": {"intro": "An intro."},
  "components": {
    "schemas": {
      "A": {
        "type": "object",
        "description": {"$ref": "#/x-texts/intro"},
        "required": ["ghost"]
      }
    }
  }
}
`)
	res, err = Generate(Options{Spec: repaired, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) == 0 {
		t.Fatal("no warnings for a repaired spec")
	}
	for _, w := range res.Warnings {
		if !strings.HasPrefix(w, "#/") {
			t.Errorf("a repaired spec's warning names a line: %s", w)
		}
	}
}

// Keywords beside a $ref that no check at that place can hold are
// reported, not dropped in silence: required and properties beside a
// reference to an object, and any rule on an object, union or tuple there.
func TestUncheckedRulesBesideARefAreReported(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Box:
      type: object
      properties:
        a: {type: string}
    Level: {type: integer}
    When: {type: string, format: date-time}
    Raw: {}
    Tags: {type: array, items: {type: string}}
    Low: {$ref: "#/components/schemas/Level", maximum: 1}
    Narrow: {allOf: [{$ref: "#/components/schemas/Tags"}], minItems: 3}
    BigBox: {$ref: "#/components/schemas/Box", maxProperties: 3}
    Later: {$ref: "#/components/schemas/When", maxLength: 30}
    Holder:
      type: object
      properties:
        box:
          $ref: "#/components/schemas/Box"
          required: [a]
          maxProperties: 3
        level:
          $ref: "#/components/schemas/Level"
          maximum: 5
        when: {$ref: "#/components/schemas/When", maxLength: 30}
        raw: {$ref: "#/components/schemas/Raw", maximum: 3}
`
	path := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Generate(Options{Spec: path, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(res.Warnings, "\n")
	for _, want := range []string{
		"#/components/schemas/Holder/properties/box: required next to $ref is not checked",
		"#/components/schemas/Holder/properties/box: rules next to the reference to Box (an object, union or tuple) are not checked",
		"#/components/schemas/Holder/properties/when: rules next to the reference to When (a date-time string) are not checked",
		"#/components/schemas/Holder/properties/raw: rules next to the reference to Raw (raw JSON or a Go type of your own) are not checked",
		"#/components/schemas/Low: Low is declared as another name for Level: the rules written beside its reference are checked where a field, an item, a parameter or a request body is one, not by its Validate nor in responses",
		"#/components/schemas/Narrow: Narrow is declared as another name for Tags: the rules written beside its reference are checked where a field, an item, a parameter or a request body is one, not by its Validate nor in responses",
		"#/components/schemas/BigBox: BigBox is declared as another name for Box; the rules written beside its reference are not checked",
		"#/components/schemas/Later: Later is declared as another name for When; the rules written beside its reference are not checked",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, "properties/level") {
		t.Errorf("a bound beside a reference to an integer is checked, yet reported:\n%s", all)
	}
}

// TestUncheckedKeywordsBesideAllOfRefAreReported: 3.0 puts keywords on a
// reference through allOf: [$ref]. Rules on values there (an enum among
// them) are checked; items or required there are not, and say so.
func TestUncheckedKeywordsBesideAllOfRefAreReported(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Status: {type: string, enum: [queued, running, done]}
    Tags: {type: array, items: {type: string}}
    Holder:
      type: object
      properties:
        status:
          allOf: [{$ref: "#/components/schemas/Status"}]
          enum: [queued]
        tags:
          allOf: [{$ref: "#/components/schemas/Tags"}]
          items: {maxLength: 3}
          required: [x]
        few:
          allOf: [{$ref: "#/components/schemas/Tags"}]
          maxItems: 2
`
	path := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Generate(Options{Spec: path, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(res.Warnings, "\n")
	want := "#/components/schemas/Holder/properties/tags: required, items next to allOf: [$ref] are not checked"
	if !strings.Contains(all, want) {
		t.Errorf("no warning %q in:\n%s", want, all)
	}
	for _, checked := range []string{"properties/few", "properties/status"} {
		if strings.Contains(all, checked) {
			t.Errorf("the rules at %s are checked, yet reported:\n%s", checked, all)
		}
	}
}

// TestRulesBesideARefToAnotherFileAreReported: a pattern Go cannot compile,
// rules on a time, and a keyword that cannot be joined with the target's,
// beside $refs into another file, each come with a warning, and the
// pattern is left out of the package (it would panic when it starts).
func TestRulesBesideARefToAnotherFileAreReported(t *testing.T) {
	dir := t.TempDir()
	common := `openapi: 3.1.0
info: {title: c, version: "1"}
paths: {}
components:
  schemas:
    Name: {type: string, pattern: "^[a-z]+$"}
    When: {type: string, format: date-time}
`
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Holder:
      type: object
      properties:
        look: {$ref: "common.yaml#/components/schemas/Name", pattern: "a(?=y)"}
        when: {$ref: "common.yaml#/components/schemas/When", maxLength: 30}
        other: {$ref: "common.yaml#/components/schemas/Name", pattern: "^b"}
        short: {$ref: "common.yaml#/components/schemas/Name", maxLength: 4}
`
	for name, text := range map[string]string{"common.yaml": common, "api.yaml": spec} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Generate(Options{Spec: filepath.Join(dir, "api.yaml"), Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(res.Warnings, "\n")
	for _, want := range []string{
		`#/components/schemas/Holder/properties/look: pattern "a(?=y)" is not supported by Go regexp`,
		"#/components/schemas/Holder/properties/when: rules beside the reference (on a date-time string) are not checked",
		"#/components/schemas/Holder/properties/other: pattern beside the reference cannot be joined with the one of the schema used; only that one is checked",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, "properties/short") {
		t.Errorf("maxLength beside a $ref to a string is checked, yet reported:\n%s", all)
	}
	for _, f := range res.Files {
		if strings.Contains(string(f.Content), "(?=y)") {
			t.Errorf("%s keeps the pattern Go cannot compile", f.Name)
		}
	}
}

// TestDescriptionBesideARef: 3.1 reads a description beside a $ref as the
// field's, and the type keeps its own; 3.0 ignores what is beside a $ref.
func TestDescriptionBesideARef(t *testing.T) {
	common := `openapi: 3.1.0
info: {title: c, version: "1"}
paths: {}
components:
  schemas:
    Thing: {type: object, description: The thing itself., properties: {a: {type: string}}}
`
	for _, version := range []string{"3.1.0", "3.0.3"} {
		dir := t.TempDir()
		spec := `openapi: ` + version + `
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Holder:
      type: object
      properties:
        first: {$ref: "common.yaml#/components/schemas/Thing", description: Only this use's doc.}
        titled: {$ref: "common.yaml#/components/schemas/Thing", title: A title here}
`
		for name, text := range map[string]string{"common.yaml": common, "api.yaml": spec} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		res, err := Generate(Options{Spec: filepath.Join(dir, "api.yaml"), Package: "api"})
		if err != nil {
			t.Fatal(err)
		}
		var types string
		for _, f := range res.Files {
			if f.Name == "types_gen.go" {
				types = string(f.Content)
			}
		}
		has := func(s string) bool { return strings.Contains(types, s) }
		if !has("// Thing is the thing itself.") {
			t.Errorf("%s: Thing lost its own doc:\n%s", version, types)
		}
		fieldDoc := has("// Only this use's doc.\n\tFirst ")
		titleDoc := has("// A title here\n\tTitled ")
		if want := version == "3.1.0"; fieldDoc != want || titleDoc != want {
			t.Errorf("%s: field docs from beside the $ref: %v %v, want %v:\n%s", version, fieldDoc, titleDoc, want, types)
		}
	}
}

// A list whose items may be null is typed as a list of plain values in a
// parameter or a header, which cannot write a null item; in a form it
// cannot be carried, and the body is passed raw, with a warning that says
// where.
func TestNullableItemsInParametersAndForms(t *testing.T) {
	dir := t.TempDir()
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /x:
    get:
      operationId: getX
      parameters:
        - {name: ids, in: query, schema: {type: array, items: {type: [integer, "null"]}}}
        - {name: X-Tags, in: header, schema: {type: array, items: {type: [string, "null"]}}}
        - {name: more, in: query, schema: {$ref: "#/components/schemas/IdList"}}
      responses:
        "204":
          description: ok
          headers:
            X-Obj: {schema: {type: object}}
    post:
      operationId: postX
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                a: {type: array, items: {type: [string, "null"]}}
      responses:
        "204": {description: ok}
components:
  schemas:
    IdList: {type: array, items: {type: [integer, "null"]}}
`
	path := filepath.Join(dir, "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Generate(Options{Spec: path, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	var params string
	for _, f := range res.Files {
		if f.Name == "params_gen.go" {
			params = string(f.Content)
		}
	}
	for _, want := range []string{"IDs   []int64", "XTags []string", "More  []int64"} {
		if !strings.Contains(params, want) {
			t.Errorf("params_gen.go has no %q:\n%s", want, params)
		}
	}
	all := strings.Join(res.Warnings, "\n")
	for _, want := range []string{
		`: #/paths/~1x/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/a: property "a" cannot be carried by application/x-www-form-urlencoded as a typed value; the body is passed as raw bytes (RawBody)`,
		`: #/paths/~1x/get/responses/204/headers/X-Obj: header "X-Obj" has a schema that headers cannot carry as typed values here; it is read as its text`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in:\n%s", want, all)
		}
	}
}

// A property written in two parts of an allOf as two different structures
// (objects, lists, unions), or as values of two kinds, cannot be joined:
// the last part's schema is its type, and the warning says so.
func TestStructuresOfOnePropertyInTwoAllOfPartsAreReported(t *testing.T) {
	dir := t.TempDir()
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Base:
      type: object
      properties:
        address: {type: object, properties: {city: {type: string}}}
        tags: {type: array, items: {type: string}}
        size: {type: string}
        note: {description: Any words., maxLength: 20}
    Full:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          properties:
            address: {type: object, properties: {street: {type: string}}}
            tags: {type: array, items: {type: integer}}
            size: {type: integer}
            note: {type: string}
`
	path := filepath.Join(dir, "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Generate(Options{Spec: path, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(res.Warnings, "\n")
	for _, name := range []string{"address", "tags", "size"} {
		want := `#/components/schemas/Full/properties/` + name + `: property "` + name + `" is written in more than one part of allOf; the schema of the last is its type, and the others' are not checked`
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, `"note"`) {
		t.Errorf("note's rules without a type join the string's, but a warning names it:\n%s", all)
	}
	var validate string
	for _, f := range res.Files {
		if f.Name == "validate_gen.go" {
			validate = string(f.Content)
		}
	}
	if !strings.Contains(validate, `checkLengthPtr(e, &vpath{up: path, name: "note"}, v.Note, -1, 20)`) {
		t.Errorf("note's maxLength from the first part is not checked:\n%s", validate)
	}
}

// Keywords no generated code checks are reported where they are written,
// never dropped in silence; those it checks are not.
func TestUncheckedKeywordsAreReported(t *testing.T) {
	dir := t.TempDir()
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Thing:
      type: object
      properties:
        tags: {type: array, items: {type: string}, contains: {const: a}, minContains: 1}
        n: {not: {type: string}}
        kind: {type: string}
        extra: {type: string}
        list: {type: array, items: {type: string}, unevaluatedItems: false}
        labels: {type: object, additionalProperties: {type: string}, dependentRequired: {a: [b]}}
      if: {properties: {kind: {const: x}}}
      then: {required: [extra]}
      dependentSchemas: {kind: {required: [extra]}}
      dependentRequired: {kind: [extra, ghost], ghost: [kind]}
      unevaluatedProperties: false
    Shape:
      type: object
      properties:
        a: {type: integer}
      not: {properties: {a: {const: 1}}}
    Checked:
      type: object
      properties:
        a: {type: integer}
        b: {type: integer}
      not: {required: [a, b]}
      dependentRequired: {a: [b]}
      unevaluatedProperties: false
    Either:
      oneOf: [{type: string}, {type: integer}]
      unevaluatedProperties: false
    Fixed:
      type: object
      properties:
        a: {type: integer}
      const: {a: 1}
    Closed:
      type: object
      properties:
        a: {type: integer}
      additionalProperties: false
    Wider:
      allOf:
        - $ref: "#/components/schemas/Closed"
        - {type: object, properties: {b: {type: integer}}}
    Named:
      type: object
      properties:
        ok: {type: string}
        Bad: {type: string}
      propertyNames: {pattern: "^[a-z]+$"}
    Handle: {type: string, maxLength: 8}
    NotRoot:
      allOf:
        - $ref: "#/components/schemas/Handle"
        - not: {enum: [root]}
        - description: Any handle but root.
    ClosedWider:
      allOf:
        - $ref: "#/components/schemas/Closed"
        - {type: object, properties: {b: {type: integer}}}
      unevaluatedProperties: false
`
	path := filepath.Join(dir, "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Generate(Options{Spec: path, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(res.Warnings, "\n")
	for _, want := range []string{
		`#/components/schemas/Thing/properties/tags: contains is not checked`,
		`#/components/schemas/Thing/properties/n: not is not checked`,
		`#/components/schemas/Thing/properties/list: unevaluatedItems is not checked`,
		`#/components/schemas/Thing/properties/labels: dependentRequired is not checked`,
		// if beside unevaluatedProperties: false could evaluate more.
		`#/components/schemas/Thing: dependentSchemas, if/then/else, unevaluatedProperties are not checked`,
		`#/components/schemas/Thing/dependentRequired/kind: required property "ghost" is not defined; ignored`,
		`#/components/schemas/Thing/dependentRequired/ghost: property "ghost" is not defined; the rule is not checked`,
		`#/components/schemas/Shape/not: not is not checked: only a not that lists required properties`,
		`#/components/schemas/Either: unevaluatedProperties is not checked`,
		`#/components/schemas/Fixed: const is not checked`,
		`#/components/schemas/Wider/allOf/0: additionalProperties: false in a part of allOf does not close the whole`,
		`#/components/schemas/Named/propertyNames: property "Bad" breaks propertyNames`,
		`#/components/schemas/NotRoot/allOf/1: this part of allOf is not checked: NotRoot takes the type of part 0 alone`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, "schemas/Checked") || strings.Contains(all, "schemas/ClosedWider") || strings.Contains(all, "NotRoot/allOf/2") || strings.Contains(all, `"ok" breaks`) {
		t.Errorf("a checked keyword is reported:\n%s", all)
	}
	var validate string
	for _, f := range res.Files {
		if f.Name == "validate_gen.go" {
			validate = string(f.Content)
		}
	}
	if !strings.Contains(validate, `has kind but not extra, which kind requires`) {
		t.Errorf("the defined part of Thing's dependentRequired is not checked:\n%s", validate)
	}
}

// A union whose variants cannot take the properties written with it is
// reported, not dropped in silence: two union parts of one allOf, and
// properties beside a discriminated oneOf.
func TestUnionsThatCannotTakeTheirPropertiesAreReported(t *testing.T) {
	dir := t.TempDir()
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    A: {type: object, properties: {kind: {type: string}, a: {type: string}}}
    B: {type: object, properties: {kind: {type: string}, b: {type: string}}}
    Two:
      allOf:
        - oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/B"}]
        - anyOf: [{type: object, properties: {x: {type: integer}}}, {type: object, properties: {y: {type: integer}}}]
        - {type: object, properties: {id: {type: integer}}}
    Tagged:
      type: object
      properties:
        note: {type: string}
      oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/B"}]
      discriminator: {propertyName: kind}
`
	path := filepath.Join(dir, "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Generate(Options{Spec: path, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(res.Warnings, "\n")
	for _, want := range []string{
		`#/components/schemas/Two/allOf/0: the oneOf or anyOf of this part of allOf is not checked`,
		`#/components/schemas/Two/allOf/1: the oneOf or anyOf of this part of allOf is not checked`,
		`#/components/schemas/Tagged: the properties written beside a discriminated oneOf are not kept: write them in each variant`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in:\n%s", want, all)
		}
	}
}

// From a review: a discriminated union part keeps an allOf with
// unevaluatedProperties: false open (its variants' properties are not the
// struct's); the keywords of properties beside a union are reported once,
// where they are written, and those the variants check are not reported;
// properties beside a nullable single variant are reported.
func TestWarningsAroundDistributedProperties(t *testing.T) {
	dir := t.TempDir()
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Cat: {type: object, required: [petType], properties: {petType: {type: string}, meow: {type: boolean}}}
    Dog: {type: object, required: [petType], properties: {petType: {type: string}, bark: {type: boolean}}}
    Pet:
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
      discriminator: {propertyName: petType}
    Owned:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - {type: object, properties: {owner: {type: string}}}
      unevaluatedProperties: false
    Req:
      type: object
      properties:
        a: {type: string}
        b: {type: string}
        tags: {type: array, items: {type: string}, contains: {const: x}}
      not: {required: [a, b]}
      dependentRequired: {a: [b]}
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
    MaybeCat:
      type: object
      properties:
        note: {type: string}
      anyOf: [{$ref: "#/components/schemas/Cat"}, {type: "null"}]
`
	path := filepath.Join(dir, "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Generate(Options{Spec: path, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(res.Warnings, "\n")
	if n := strings.Count(all, "contains is not checked"); n != 1 || !strings.Contains(all, "#/components/schemas/Req/properties/tags: contains is not checked") {
		t.Errorf("the base's unchecked keyword is reported %d times, want once at its place:\n%s", n, all)
	}
	if strings.Contains(all, "not, dependentRequired") || strings.Contains(all, "Req/oneOf") {
		t.Errorf("a keyword the variants check, or a variant's path, is reported:\n%s", all)
	}
	if !strings.Contains(all, "#/components/schemas/MaybeCat: the properties written beside a nullable single variant are not kept") {
		t.Errorf("no warning for the properties beside a nullable variant:\n%s", all)
	}
	var types string
	for _, f := range res.Files {
		if f.Name == "types_gen.go" {
			types = string(f.Content)
		}
	}
	if i := strings.Index(types, "func (v *Owned) decodeJSON"); i < 0 || strings.Contains(types[i:min(len(types), i+1500)], "skipUnnamed") {
		t.Errorf("Owned is closed though its discriminated part evaluates the pets' properties")
	}
}

// Defects that published specs carry and that change nothing generated
// are warnings: an empty title, a server with an empty URL (left out, so
// the one left is ServerURL), external docs without a URL.
func TestDocumentationDefectsAreWarnings(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: "", version: "1"}
servers:
  - url: ""
  - url: https://api.example.com
externalDocs: {description: more}
paths:
  /x:
    get:
      operationId: getX
      responses:
        "204": {description: ok}
`
	path := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Generate(Options{Spec: path, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	at := filepath.ToSlash(path)
	want := []string{
		at + ":2:1: #/info: invalid but generated: value of title must be a non-empty string",
		at + ":3:1: #/servers: invalid but generated: value of url must be a non-empty string",
		at + ":6:1: #/externalDocs: invalid but generated: url is required",
	}
	if strings.Join(res.Warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(res.Warnings, "\n"), strings.Join(want, "\n"))
	}
	doc := ""
	for _, f := range res.Files {
		if f.Name == "doc_gen.go" {
			doc = string(f.Content)
		}
	}
	if !strings.Contains(doc, `const ServerURL = "https://api.example.com"`) || strings.Contains(doc, `""`) {
		t.Errorf("doc_gen.go:\n%s", doc)
	}
}

// Paths that differ only in their parameters' names are generated when
// their methods tell them apart, with a warning that says where.
func TestSameShapedPathsAreAWarning(t *testing.T) {
	res, err := Generate(Options{Spec: filepath.Join("testdata", "samepaths", "spec.yaml"), Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	want := `testdata/samepaths/spec.yaml:4:3: #/paths/~1items~1{itemId}: invalid but generated: paths "/items/{name}" and "/items/{itemId}" differ only in the names of their parameters, which OpenAPI forbids; their methods differ, so a request is routed by its method`
	if len(res.Warnings) != 2 || res.Warnings[0] != want {
		t.Errorf("warnings:\n%s\nwant first:\n%s", strings.Join(res.Warnings, "\n"), want)
	}
}

// Paths that differ only in their parameters' names and share a method
// cannot be served, but can be called: without the server they are
// generated, with a warning.
func TestSameShapedPathsWithAMethodInCommon(t *testing.T) {
	spec := filepath.Join("testdata", "bad", "43-same-shaped-paths-same-method.yaml")
	if _, err := Generate(Options{Spec: spec, Package: "api"}); err == nil || !strings.Contains(err.Error(), "generate: {server: false}") {
		t.Fatalf("with the server: got %v", err)
	}
	res, err := Generate(Options{Spec: spec, Package: "api", NoServer: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "both have GET: a server could not tell them apart, a client can") {
		t.Errorf("warnings: %q", res.Warnings)
	}
	if res.Operations != 2 {
		t.Errorf("%d operations, want 2", res.Operations)
	}
}

// A {name} in a query written after the path that no query parameter
// declares cannot be sent: a warning says so, where it is.
func TestUndeclaredQueryTemplateWarns(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /search?q={q}&page={page}:
    get:
      operationId: search
      parameters:
        - {name: q, in: query, required: true, schema: {type: string}}
      responses:
        "204": {description: ok}
`
	path := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Generate(Options{Spec: path, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.ToSlash(path) + ":5:5: #/paths/~1search?q={q}&page={page}/get: {page} is written after the path, and no query parameter declares it: it is not sent"
	if strings.Join(res.Warnings, "\n") != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(res.Warnings, "\n"), want)
	}
}
