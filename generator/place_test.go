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
// where the schema is written, a parameter the builder names by its name,
// a property of an allOf part it names as the whole schema's. A warning
// whose place the document does not hold keeps its pointer alone.
func TestWarningsSayTheLine(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /pets:
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
              kind: {type: string}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
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
	for _, w := range []struct{ ptr, line string }{
		{"#/paths/~1pets/get/parameters/filter", "        - name: filter"},
		{"#/components/schemas/Pet", "    Pet:"},
		{"#/components/schemas/Pet/properties/name", "            name:"},
	} {
		n := 0
		for i, l := range lines {
			if l == w.line {
				n = i + 1
			}
		}
		col := len(w.line) - len(strings.TrimLeft(w.line, " -")) + 1
		prefix := fmt.Sprintf("%s:%d:%d: %s: ", at, n, col, w.ptr)
		found := false
		for _, got := range res.Warnings {
			found = found || strings.HasPrefix(got, prefix)
		}
		if !found {
			t.Errorf("no warning starting %q in:\n%s", prefix, strings.Join(res.Warnings, "\n"))
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
	ws := []string{"#/components/schemas/Gone: x", "#/paths/~1pets/get/parameters/7: y", "no pointer"}
	placeWarnings(doc, at, ws)
	if ws[0] != "#/components/schemas/Gone: x" || ws[1] != "#/paths/~1pets/get/parameters/7: y" || ws[2] != "no pointer" {
		t.Errorf("placed what the document does not hold: %q", ws)
	}
}
