package generator

import (
	"errors"
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
// warnings do: the pointer kin-openapi's chain names, and one the message
// carries itself.
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
	want := []string{
		"#/components/schemas/List: invalid but generated: when schema type is 'array', schema 'items' must be non-null",
		"#/paths/~1a~1{id}/get: invalid but generated: path parameter \"gone\" is declared but the path has no {gone}",
	}
	if strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
}
