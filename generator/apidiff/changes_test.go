package apidiff

import (
	"strings"
	"testing"
)

// A path parameter that changes style (simple → label) changes every URL
// the client builds (/pets/5 → /pets/.5), and the new server refuses a
// label value without its "." prefix: old clients break on the wire.
func TestChangePathParamStyle(t *testing.T) {
	label := edit(t, baseSpec, "{name: petId, in: path, required: true,", "{name: petId, in: path, required: true, style: label,")
	r := compareSpecs(t, baseSpec, label)
	if !r.BreaksClients() {
		t.Errorf("path parameter style simple → label is not reported as breaking clients:\n%s", r.Text())
	}
}

// A success body whose schema now allows null: the old client reads a null
// 2xx body as a *ResponseError, the new one as a nil result, so a new server
// that answers null breaks old clients.
func TestChangeResponseBodyNowNullable(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: Names, version: "1"}
paths:
  /names:
    get:
      operationId: listNames
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
`
	r := compareSpecs(t, spec, edit(t, spec, "schema: {type: array,", "schema: {type: [array, 'null'],"))
	if !r.BreaksClients() {
		t.Errorf("a success body that may now be null is not reported as breaking clients:\n%s", r.Text())
	}
}

// The spec's servers generate constants (ServerURL1, ServerURL2; ServerURL
// when there is one): dropping a server removes a constant that client code
// passes to NewClient, which then no longer compiles.
func TestChangeServerRemoved(t *testing.T) {
	two := "servers: [{url: 'https://a.example'}, {url: 'https://b.example'}]\n" + baseSpec
	one := "servers: [{url: 'https://a.example'}]\n" + baseSpec
	r := compareSpecs(t, two, one)
	if !r.BreaksClients() || !strings.Contains(r.Text(), "ServerURL2") {
		t.Errorf("removing a server (and its constant ServerURL2) is not reported as breaking:\n%s", r.Text())
	}
}

// An OAuth2 scope added to an operation's requirement: tokens without it
// are refused, as credentials without a new x-capability are.
func TestChangeOAuthScopeAdded(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: S, version: "1"}
paths:
  /pets:
    get:
      operationId: getPets
      security: [{oauth: [read]}]
      responses:
        "204": {description: ok}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://x.example/token
          scopes: {read: r, write: w}
`
	for _, to := range []string{"[{oauth: [read, write]}]", "[{oauth: [write]}]"} {
		r := compareSpecs(t, spec, edit(t, spec, "[{oauth: [read]}]", to))
		if !r.BreaksClients() {
			t.Errorf("security [{oauth: [read]}] → %s is not reported as breaking clients:\n%s", to, r.Text())
		}
	}
}

// A named type used only in a response header travels in responses: a
// tighter rule on it is server-breaking, as on a body type (servers must
// now meet it; WithResponseValidation answers 500).
func TestChangeResponseHeaderTypeDirection(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: H, version: "1"}
paths:
  /pets:
    get:
      operationId: getPets
      responses:
        "200":
          description: ok
          headers:
            X-Level: {required: true, schema: {$ref: '#/components/schemas/Level'}}
          content:
            application/json:
              schema: {type: string}
components:
  schemas:
    Level: {type: integer, maximum: 10}
`
	r := compareSpecs(t, spec, edit(t, spec, "maximum: 10", "maximum: 5"))
	check(t, r, want{ServerBreaking, "type Level", "maximum lowered from 10 to 5; responses must now meet it", true})
}

// A response rule loosened lets the new server send values the old spec
// forbade: compatible, since clients read answers leniently, but a client
// built WithStrict refuses them, and the report says so.
func TestChangeResponseRuleLoosened(t *testing.T) {
	r := compareSpecs(t, baseSpec, edit(t, baseSpec,
		"        name: {type: string, maxLength: 50}\n        kind: {$ref: '#/components/schemas/Kind'}\n        status:",
		"        name: {type: string, maxLength: 100}\n        kind: {$ref: '#/components/schemas/Kind'}\n        status:"))
	// Compatible, as clients read answers leniently by default, but said.
	check(t, r, want{Compatible, "type Pet, field Name", "maxLength raised from 50 to 100; a client built WithStrict from the old spec refuses answers that use it", false})
}

// explode changes nothing for an array in the simple style (a,b,c either
// way; the generated package is the same): not a wire break.
func TestChangeSimpleArrayExplodeIsNoChange(t *testing.T) {
	arr := edit(t, baseSpec, "{name: X-Trace, in: header, schema: {type: string}}", "{name: X-Trace, in: header, schema: {type: array, items: {type: string}}}")
	r := compareSpecs(t, arr, edit(t, arr, "{name: X-Trace, in: header,", "{name: X-Trace, in: header, explode: true,"))
	if r.BreaksClients() || r.BreaksServers() {
		t.Errorf("explode on a simple-style header array is reported as breaking:\n%s", r.Text())
	}
}

// Renaming a path template variable (/pets/{petId} → /pets/{id}) serves the
// same URLs, and the Go signature keeps its types: compatible.
func TestChangePathVariableRenamed(t *testing.T) {
	r := compareSpecs(t, baseSpec, edit(t, baseSpec, "  /pets/{petId}:", "  /pets/{id}:", "{name: petId, in: path", "{name: id, in: path"))
	if r.BreaksClients() {
		t.Errorf("renaming a path variable is reported as breaking clients:\n%s", r.Text())
	}
}

// An enum closed by the spec, then open (x-extensible-enum), then closed
// again: opening lets requests carry values it does not list, so nothing
// breaks; closing it makes the client refuse them.
func TestChangeEnumOpenness(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: R, version: "1"}
paths:
  /runs:
    post:
      operationId: startRun
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Run'}
      responses:
        "204": {description: ok}
components:
  schemas:
    Run:
      type: object
      properties:
        runtime: {$ref: '#/components/schemas/Runtime'}
    Runtime:
      type: string
      enum: [py312, py313]
`
	open := edit(t, spec, "enum: [py312, py313]", "x-extensible-enum: [py312, py313]")
	r := compareSpecs(t, spec, open)
	if r.BreaksClients() || r.BreaksServers() || !strings.Contains(r.Text(), "enum is now open") {
		t.Errorf("closed → open enum is not reported as a compatible loosening:\n%s", r.Text())
	}
	r = compareSpecs(t, open, spec)
	if !r.BreaksClients() || !strings.Contains(r.Text(), "enum is now closed") {
		t.Errorf("open → closed enum in a request is not reported as breaking clients:\n%s", r.Text())
	}
	r = compareSpecs(t, open, edit(t, open, "[py312, py313]", "[py313]"))
	if strings.Contains(r.Text(), "refuses requests") || !strings.Contains(r.Text(), "RuntimePy312") {
		t.Errorf("a value dropped from an open enum: want the constant's removal, and no refused requests:\n%s", r.Text())
	}
}

// A closed enum keeps only its values, not the rules beside them (every
// value is listed); opened, it checks those rules. That is no rule added:
// every value the closed enum took still passes.
func TestChangeEnumOpenedKeepsItsRules(t *testing.T) {
	spec := runtimeRequestSpec + `
      type: string
      maxLength: 8
      enum: [py312, py313]
`
	open := edit(t, spec, "enum: [py312, py313]", "x-extensible-enum: [py312, py313]")
	if r := compareSpecs(t, spec, open); r.BreaksClients() || r.BreaksServers() || strings.Contains(r.Text(), "maxLength") {
		t.Errorf("opening an enum with a maxLength is reported as a new rule:\n%s", r.Text())
	}
	if r := compareSpecs(t, open, spec); strings.Contains(r.Text(), "maxLength") {
		t.Errorf("closing an enum with a maxLength is reported as a rule removed:\n%s", r.Text())
	}
}

// A constant of an open enum that now stands for another value: requests
// that carry the old value are still valid, so none is refused.
func TestChangeOpenEnumConstantMoved(t *testing.T) {
	spec := runtimeRequestSpec + `
      type: string
      x-extensible-enum: [py312, py313]
      x-enum-varnames: [Old, New]
`
	r := compareSpecs(t, spec, edit(t, spec, "[py312, py313]", "[py312, py314]"))
	if !strings.Contains(r.Text(), "constant RuntimeNew now stands for") || strings.Contains(r.Text(), "refused") {
		t.Errorf("want the constant's new value, and no refused requests:\n%s", r.Text())
	}
}

// An enum in answers opened: a strict client built from the old spec
// keeps a value it does not know (Valid is false), so it refuses nothing.
func TestChangeResponseEnumOpened(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: R, version: "1"}
paths:
  /runs:
    get:
      operationId: getRun
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Runtime'}
components:
  schemas:
    Runtime:
      type: string
      enum: [py312, py313]
`
	r := compareSpecs(t, spec, edit(t, spec, "enum: [py312, py313]", "x-extensible-enum: [py312, py313]"))
	if !strings.Contains(r.Text(), "enum is now open") || strings.Contains(r.Text(), "refuses") {
		t.Errorf("want the enum opened, and no strict client refusing answers:\n%s", r.Text())
	}
}

// runtimeRequestSpec is a spec whose one operation sends a Runtime; the
// schema's keywords follow, indented by six spaces.
const runtimeRequestSpec = `openapi: 3.1.0
info: {title: R, version: "1"}
paths:
  /runs:
    post:
      operationId: startRun
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Runtime'}
      responses:
        "204": {description: ok}
components:
  schemas:
    Runtime:`
