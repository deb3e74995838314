package apidiff

import (
	"strings"
	"testing"
)

// resultSpec has an operation that returns a response type: a body and a
// required header, both date-times.
const resultSpec = `openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      operationId: getPets
      responses:
        "200":
          description: ok
          headers:
            X-Expires:
              required: true
              schema: {type: string, format: date-time}
          content:
            application/json:
              schema: {type: string, format: date-time}
        "201":
          description: created
          content:
            application/json:
              schema: {type: array, items: {type: string}, maxItems: 5}
`

func TestResultTypesAndRules(t *testing.T) {
	t.Run("body and header formats", func(t *testing.T) {
		r := compareSpecs(t, resultSpec, strings.ReplaceAll(resultSpec, "format: date-time", "format: byte"))
		check(t, r,
			want{ClientBreaking, "type GetPetsResult, response 200", "body field OK *time.Time → OK *[]byte", true},
			want{ClientBreaking, "type GetPetsResult, field XExpires", "header X-Expires: field XExpires *time.Time → XExpires *string", true})
	})
	t.Run("body rule tightened", func(t *testing.T) {
		r := compareSpecs(t, resultSpec, edit(t, resultSpec, "maxItems: 5", "maxItems: 3"))
		check(t, r, want{ServerBreaking, "type GetPetsResult, response 201", "validation tightened: maxItems lowered from 5 to 3; responses must now meet it", true})
	})
	t.Run("body rule loosened", func(t *testing.T) {
		r := compareSpecs(t, resultSpec, edit(t, resultSpec, "maxItems: 5", "maxItems: 8"))
		check(t, r, want{Compatible, "type GetPetsResult, response 201", "validation loosened: maxItems raised from 5 to 8", false})
	})
	t.Run("header rule tightened", func(t *testing.T) {
		r := compareSpecs(t, resultSpec, edit(t, resultSpec, "schema: {type: string, format: date-time}\n          content", "schema: {type: string, format: date-time, pattern: '^2'}\n          content"))
		check(t, r, want{ServerBreaking, "type GetPetsResult, field XExpires", `header X-Expires: pattern "^2" added`, true})
	})
}

// partsSpec has a response-only struct with additionalProperties and
// patternProperties, a request-only tuple, and a component used only as
// an allOf part of a response type (Base, merged into Dog).
const partsSpec = `openapi: 3.1.0
info: {title: Parts, version: "1"}
paths:
  /pets:
    get:
      operationId: getPet
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
    post:
      operationId: placePet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Point'}
      responses:
        "204": {description: placed}
  /dogs:
    get:
      operationId: getDog
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Dog'}
components:
  schemas:
    Base:
      type: object
      properties:
        id: {type: string}
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        pair:
          type: array
          prefixItems:
            - {$ref: '#/components/schemas/Tag'}
      additionalProperties: {$ref: '#/components/schemas/Label'}
      patternProperties:
        "^x-": {type: integer}
    Dog:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - type: object
          properties:
            bark: {type: boolean}
    Tag:
      type: object
      properties:
        a: {type: string}
    Label:
      type: object
      properties:
        a: {type: string}
    Point:
      type: array
      minItems: 2
      prefixItems:
        - {type: number, title: x}
        - {type: number, title: y, maximum: 10}
      items: {type: string}
`

func TestTuples(t *testing.T) {
	t.Run("position and rest types", func(t *testing.T) {
		r := compareSpecs(t, partsSpec, edit(t, partsSpec,
			"        - {type: number, title: y, maximum: 10}\n      items: {type: string}\n",
			"        - {type: string, title: y}\n      items: {type: integer}\n"))
		check(t, r,
			want{ClientBreaking, "type Point, field Y", "position 1: type changed from float64 to string", true},
			want{ClientBreaking, "type Point, field Rest", "items after position 1: type changed from []string to []int64", true})
	})
	t.Run("minItems makes a position a pointer", func(t *testing.T) {
		r := compareSpecs(t, partsSpec, edit(t, partsSpec, "minItems: 2", "minItems: 1"))
		check(t, r,
			want{ClientBreaking, "type Point, field Y", "position 1: type changed from float64 to *float64 (now a pointer)", true},
			want{Compatible, "type Point", "validation loosened: minItems lowered from 2 to 1", false})
	})
	t.Run("position rule", func(t *testing.T) {
		r := compareSpecs(t, partsSpec, edit(t, partsSpec, "maximum: 10}", "maximum: 5}"))
		check(t, r, want{ClientBreaking, "type Point, field Y", "validation tightened: position 1: maximum lowered from 10 to 5", false})
	})
	t.Run("position added and rest removed", func(t *testing.T) {
		r := compareSpecs(t, partsSpec, edit(t, partsSpec,
			"maximum: 10}\n      items: {type: string}\n",
			"maximum: 10}\n        - {type: number, title: z}\n      items: false\n"))
		check(t, r,
			want{Compatible, "type Point, field Z", "position 2 added (Z *float64, optional)", false},
			want{ClientBreaking, "type Point, field Rest", "field Rest removed (was []string)", true})
	})
}

func TestExtraProperties(t *testing.T) {
	t.Run("types change", func(t *testing.T) {
		r := compareSpecs(t, partsSpec, edit(t, partsSpec,
			"additionalProperties: {$ref: '#/components/schemas/Label'}", "additionalProperties: {type: string}",
			`"^x-": {type: integer}`, `"^x-": {type: string}`))
		check(t, r,
			want{ClientBreaking, "type Pet, field AdditionalProperties", "additional properties: type changed from map[string]Label to map[string]string", true},
			want{ClientBreaking, "type Pet, field PatternProperties", `patternProperties "^x-": type changed from map[string]int64 to map[string]string`, true})
	})
	t.Run("additionalProperties false and a new pattern", func(t *testing.T) {
		r := compareSpecs(t, partsSpec, edit(t, partsSpec,
			"additionalProperties: {$ref: '#/components/schemas/Label'}", "additionalProperties: false",
			`"^x-": {type: integer}`, `"^y-": {type: integer, maximum: 3}`))
		check(t, r,
			want{ClientBreaking, "type Pet, field AdditionalProperties", "additional properties no longer allowed (additionalProperties: false): field AdditionalProperties removed (was map[string]Label)", true},
			want{ClientBreaking, "type Pet, field PatternProperties", `pattern of field PatternProperties changed from "^x-" to "^y-"`, false},
			want{ServerBreaking, "type Pet, field PatternProperties", "validation tightened: values: maximum 3 added; responses must now meet it", true})
	})
	t.Run("added", func(t *testing.T) {
		old := edit(t, partsSpec, "      additionalProperties: {$ref: '#/components/schemas/Label'}\n", "")
		r := compareSpecs(t, old, partsSpec)
		check(t, r, want{Compatible, "type Pet, field AdditionalProperties", "additional properties now kept: field AdditionalProperties added (map[string]Label)", false})
	})
}

func TestDirections(t *testing.T) {
	required := func(t *testing.T, spec, typ string) string {
		return edit(t, spec, "    "+typ+":\n      type: object\n      properties:\n        a: {type: string}\n",
			"    "+typ+":\n      type: object\n      required: [b]\n      properties:\n        a: {type: string}\n        b: {type: string}\n")
	}
	for _, typ := range []string{"Tag", "Label"} {
		t.Run("through "+typ, func(t *testing.T) {
			// Tag is a tuple position and Label the additionalProperties
			// of a response-only type: they travel in responses only.
			r := compareSpecs(t, partsSpec, required(t, partsSpec, typ))
			check(t, r, want{ServerBreaking, "type " + typ + ", field B", "field b added (string, required): servers must fill it in every response", true})
			if r.BreaksClients() {
				t.Errorf("a required field of a response-only type breaks clients:\n%s", r.Text())
			}
		})
	}
	t.Run("allOf part", func(t *testing.T) {
		// Base is merged into Dog, where the field is reported; Base
		// itself travels nowhere.
		r := compareSpecs(t, partsSpec, edit(t, partsSpec,
			"    Base:\n      type: object\n      properties:\n        id: {type: string}\n",
			"    Base:\n      type: object\n      required: [kind]\n      properties:\n        id: {type: string}\n        kind: {type: string}\n"))
		check(t, r,
			want{ServerBreaking, "type Dog, field Kind", "servers must fill it in every response", true},
			want{Compatible, "type Base, field Kind", "field kind added (string, required); no operation sends or receives the type", false})
		if r.BreaksClients() {
			t.Errorf("a required field of an allOf part of a response type breaks clients:\n%s", r.Text())
		}
	})
}

// unionSpec has a discriminated union that travels both ways and a
// request struct (Pair) with room for required-property sets.
const unionSpec = `openapi: 3.1.0
info: {title: Unions, version: "1"}
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /pairs:
    post:
      operationId: createPair
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pair'}
      responses:
        "204": {description: ok}
components:
  schemas:
    Pet:
      oneOf:
        - {$ref: '#/components/schemas/Dog'}
        - {$ref: '#/components/schemas/Cat'}
      discriminator:
        propertyName: kind
        mapping:
          dog: '#/components/schemas/Dog'
          cat: '#/components/schemas/Cat'
    Dog:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
        bark: {type: boolean}
    Cat:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
        meow: {type: boolean}
    Pair:
      type: object
      properties:
        a: {type: string}
        b: {type: string}
`

func TestUnionSemantics(t *testing.T) {
	t.Run("discriminator value changed", func(t *testing.T) {
		r := compareSpecs(t, unionSpec, edit(t, unionSpec, "          dog: '#/components/schemas/Dog'", "          doggo: '#/components/schemas/Dog'"))
		check(t, r, want{ClientBreaking, "type Pet", `discriminator value of variant Dog now "doggo" (was "dog"): values that carry the old one are refused`, false})
	})
	t.Run("discriminator value added", func(t *testing.T) {
		r := compareSpecs(t, unionSpec, edit(t, unionSpec, "          dog: '#/components/schemas/Dog'\n", "          dog: '#/components/schemas/Dog'\n          hound: '#/components/schemas/Dog'\n"))
		check(t, r, want{Compatible, "type Pet", `discriminator value "hound" added: it picks variant Dog`, false})
		if r.BreaksClients() || r.BreaksServers() {
			t.Errorf("a new discriminator value breaks:\n%s", r.Text())
		}
	})
	t.Run("oneOf becomes anyOf", func(t *testing.T) {
		r := compareSpecs(t, unionSpec, edit(t, unionSpec, "    Pet:\n      oneOf:", "    Pet:\n      anyOf:"))
		check(t, r, want{ClientBreaking, "type Pet", "now anyOf (was oneOf): a value valid for several variants is accepted and decodes into each of them, so code that reads responses may find several set", true})
	})
	t.Run("anyOf becomes oneOf", func(t *testing.T) {
		r := compareSpecs(t, edit(t, unionSpec, "    Pet:\n      oneOf:", "    Pet:\n      anyOf:"), unionSpec)
		check(t, r, want{ClientBreaking, "type Pet", "validation tightened: now oneOf (was anyOf)", true})
	})
	alt := "        b: {type: string}\n      oneOf:\n        - {required: [a]}\n        - {required: [b]}\n"
	t.Run("alternatives added", func(t *testing.T) {
		r := compareSpecs(t, unionSpec, edit(t, unionSpec, "        b: {type: string}\n", alt))
		check(t, r, want{ClientBreaking, "type Pair", "validation tightened: required properties now oneOf [a] | [b]; the client refuses requests that met the old rule", false})
	})
	t.Run("alternatives loosened", func(t *testing.T) {
		r := compareSpecs(t, edit(t, unionSpec, "        b: {type: string}\n", alt), edit(t, unionSpec, "        b: {type: string}\n", strings.Replace(alt, "oneOf", "anyOf", 1)))
		check(t, r, want{Compatible, "type Pair", "validation loosened: required properties changed from oneOf [a] | [b] to anyOf [a] | [b]", false})
	})
	notBoth := "        b: {type: string}\n      not: {required: [a, b]}\n"
	t.Run("not of required added and removed", func(t *testing.T) {
		r := compareSpecs(t, unionSpec, edit(t, unionSpec, "        b: {type: string}\n", notBoth))
		check(t, r, want{ClientBreaking, "type Pair", "validation tightened: properties a, b may no longer all be there together; the client refuses requests that met the old rule", false})
		r = compareSpecs(t, edit(t, unionSpec, "        b: {type: string}\n", notBoth), unionSpec)
		check(t, r, want{Compatible, "type Pair", "validation loosened: properties a, b may now all be there together", false})
	})
	t.Run("maxProperties lowered", func(t *testing.T) {
		r := compareSpecs(t, edit(t, unionSpec, "        b: {type: string}\n", "        b: {type: string}\n      maxProperties: 2\n"), edit(t, unionSpec, "        b: {type: string}\n", "        b: {type: string}\n      maxProperties: 1\n"))
		check(t, r, want{ClientBreaking, "type Pair", "validation tightened: maxProperties lowered from 2 to 1; the client refuses requests that met the old rule", false})
	})
	t.Run("dependentRequired added", func(t *testing.T) {
		r := compareSpecs(t, unionSpec, edit(t, unionSpec, "        b: {type: string}\n", "        b: {type: string}\n      dependentRequired: {a: [b]}\n"))
		check(t, r, want{ClientBreaking, "type Pair", "validation tightened: dependentRequired added: a requires b; the client refuses requests that met the old rule", false})
	})
}

const securitySpec = `openapi: 3.1.0
info: {title: Sec, version: "1"}
security: [{key: []}]
paths:
  /pets:
    get:
      operationId: getPets
      responses:
        "204": {description: ok}
    delete:
      operationId: deletePets
      security: [{key: []}, {bearer: []}]
      responses:
        "204": {description: ok}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    bearer: {type: http, scheme: bearer}
`

func TestSecuritySchemes(t *testing.T) {
	t.Run("scheme replaced", func(t *testing.T) {
		r := compareSpecs(t, securitySpec, edit(t, securitySpec, "security: [{key: []}]\n", "security: [{bearer: []}]\n"))
		check(t, r, want{ClientBreaking, "method GetPets", "security now accepts bearer (was apiKey header X-Key): clients configured for apiKey header X-Key are refused", false})
	})
	t.Run("one of two dropped", func(t *testing.T) {
		r := compareSpecs(t, securitySpec, edit(t, securitySpec, "security: [{key: []}, {bearer: []}]", "security: [{key: []}]"))
		check(t, r, want{ClientBreaking, "method DeletePets", "clients configured for bearer are refused", false})
	})
	t.Run("header renamed", func(t *testing.T) {
		r := compareSpecs(t, securitySpec, edit(t, securitySpec, "name: X-Key", "name: X-Api-Key"))
		check(t, r, want{ClientBreaking, "method GetPets", "security now accepts apiKey header X-Api-Key (was apiKey header X-Key)", false})
	})
	t.Run("one added", func(t *testing.T) {
		r := compareSpecs(t, securitySpec, edit(t, securitySpec, "security: [{key: []}]\n", "security: [{key: []}, {bearer: []}]\n"))
		check(t, r, want{Compatible, "method GetPets", "security now also accepts bearer", false})
		if r.BreaksClients() {
			t.Errorf("accepting one more scheme breaks clients:\n%s", r.Text())
		}
	})
	t.Run("a second scheme required", func(t *testing.T) {
		r := compareSpecs(t, securitySpec, edit(t, securitySpec, "security: [{key: []}]\n", "security: [{key: [], bearer: []}]\n"))
		check(t, r, want{ClientBreaking, "method GetPets", "security now accepts apiKey header X-Key and bearer (was apiKey header X-Key): clients configured for apiKey header X-Key are refused", false})
	})
	t.Run("a pair relaxed to one of it", func(t *testing.T) {
		pair := edit(t, securitySpec, "security: [{key: []}]\n", "security: [{key: [], bearer: []}]\n")
		r := compareSpecs(t, pair, securitySpec)
		check(t, r, want{Compatible, "method GetPets", "security now also accepts apiKey header X-Key", false})
		if r.BreaksClients() {
			t.Errorf("needing one scheme of a pair breaks clients:\n%s", r.Text())
		}
	})
	t.Run("anonymous allowed", func(t *testing.T) {
		r := compareSpecs(t, securitySpec, edit(t, securitySpec, "security: [{key: []}]\n", "security: [{}, {key: []}]\n"))
		check(t, r, want{Compatible, "method GetPets", "no longer requires authentication", false})
		r = compareSpecs(t, edit(t, securitySpec, "security: [{key: []}]\n", "security: [{}, {key: []}]\n"), securitySpec)
		check(t, r, want{ClientBreaking, "method GetPets", "now requires authentication", false})
	})
}

const paramSpec = `openapi: 3.1.0
info: {title: Params, version: "1"}
paths:
  /pets:
    post:
      operationId: listPets
      parameters:
        - {name: X-Request-ID, in: header, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, default: 10}}
        - {name: ids, in: query, style: form, explode: false, schema: {type: array, items: {type: string}}}
        - {name: filter, in: query, style: deepObject, schema: {type: object, properties: {a: {type: string}}}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Filter'}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
components:
  schemas:
    Filter:
      type: object
      properties:
        size: {type: integer, default: 10}
        sort: {$ref: '#/components/schemas/Sort'}
    Sort:
      type: string
      enum: [name_asc, name_desc]
      x-enum-varnames: [Ascending, Descending]
`

func TestParamKeysAndWire(t *testing.T) {
	t.Run("header renamed in case only", func(t *testing.T) {
		r := compareSpecs(t, paramSpec, edit(t, paramSpec, "name: X-Request-ID", "name: x-request-id"))
		if len(r.Changes) != 0 {
			t.Errorf("a header name's case is not a change:\n%s", r.Text())
		}
	})
	t.Run("query parameter moved to a header", func(t *testing.T) {
		r := compareSpecs(t, paramSpec, edit(t, paramSpec, "{name: limit, in: query,", "{name: limit, in: header,"))
		check(t, r, want{ClientBreaking, "method ListPets, header parameter limit", "moved from query to header (the Go field Limit is unchanged)", false})
		for _, c := range r.Changes {
			if strings.Contains(c.What, "no longer compiles") {
				t.Errorf("a moved parameter keeps its field, yet: %s: %s", c.Where, c.What)
			}
		}
	})
	// explode defaults to true for the form style only: writing out the
	// default is no change.
	for _, tc := range []struct{ name, old, new string }{
		{"header", "{name: X-Request-ID, in: header,", "{name: X-Request-ID, in: header, explode: false,"},
		{"simple header", "{name: X-Request-ID, in: header,", "{name: X-Request-ID, in: header, style: simple, explode: false,"},
		{"query", "{name: limit, in: query,", "{name: limit, in: query, explode: true,"},
		{"deepObject", "style: deepObject,", "style: deepObject, explode: true,"},
	} {
		t.Run("default explode written out, "+tc.name, func(t *testing.T) {
			if r := compareSpecs(t, paramSpec, edit(t, paramSpec, tc.old, tc.new)); len(r.Changes) != 0 {
				t.Errorf("the default written out is reported:\n%s", r.Text())
			}
		})
	}
	for _, tc := range []struct{ name, old, new, what string }{
		{"explode", "style: form, explode: false", "style: form, explode: true", "now written form, exploded (was form, not exploded)"},
		{"delimiter", "style: form, explode: false", "style: pipeDelimited, explode: false", "now written pipeDelimited, not exploded (was form, not exploded)"},
		{"deepObject", "style: deepObject", "style: form", "now written formObject, exploded (was deepObject, exploded)"},
	} {
		t.Run("style "+tc.name, func(t *testing.T) {
			r := compareSpecs(t, paramSpec, edit(t, paramSpec, tc.old, tc.new))
			p := "ids"
			if tc.name == "deepObject" {
				p = "filter"
			}
			check(t, r, want{ClientBreaking, "method ListPets, query parameter " + p, tc.what, false})
		})
	}
	t.Run("request content type", func(t *testing.T) {
		r := compareSpecs(t, paramSpec, edit(t, paramSpec, "      requestBody:\n        content:\n          application/json:", "      requestBody:\n        content:\n          application/merge-patch+json:"))
		check(t, r, want{ClientBreaking, "method ListPets", "request content type now application/merge-patch+json (was application/json)", false})
	})
	t.Run("success status", func(t *testing.T) {
		r := compareSpecs(t, paramSpec, edit(t, paramSpec, "        \"200\":\n", "        \"201\":\n"))
		check(t, r, want{ClientBreaking, "method ListPets", "succeeds with 201 (was 200)", false})
	})
}

func TestDefaults(t *testing.T) {
	r := compareSpecs(t, paramSpec, strings.ReplaceAll(paramSpec, "default: 10", "default: 100"))
	check(t, r,
		want{Compatible, "method ListPets, query parameter limit", "default changed from 10 to 100: LimitOrDefault() returns the new default", false},
		want{Compatible, "type Filter, field Size", "field size: default changed from 10 to 100: SizeOrDefault() returns the new default", false})
	for _, c := range r.Changes {
		if strings.Contains(c.What, "documentation only") {
			t.Errorf("a default is called documentation: %s", c.What)
		}
	}
}

func TestEnumValueUnderSameName(t *testing.T) {
	r := compareSpecs(t, paramSpec, edit(t, paramSpec, "enum: [name_asc, name_desc]", "enum: [asc, name_desc]"))
	check(t, r, want{ClientBreaking, "type Sort", `constant SortAscending now stands for "asc" (was "name_asc"): code that uses it compiles as before, but the value on the wire changed; requests that carry the old value are refused`, false})
	for _, c := range r.Changes {
		if strings.Contains(c.What, "no longer compiles") || strings.Contains(c.What, "added") {
			t.Errorf("the renamed value is reported as removed and added: %s", c.What)
		}
	}
}

func TestMultipleOfTolerance(t *testing.T) {
	spec := edit(t, paramSpec, "{type: integer, default: 10}}", "{type: number, multipleOf: 0.3}}")
	r := compareSpecs(t, spec, edit(t, spec, "multipleOf: 0.3", "multipleOf: 0.1"))
	check(t, r, want{Compatible, "method ListPets, query parameter limit", "validation loosened: multipleOf changed from 0.3 to 0.1", false})
	r = compareSpecs(t, spec, edit(t, spec, "multipleOf: 0.3", "multipleOf: 0.2"))
	check(t, r, want{ClientBreaking, "method ListPets, query parameter limit", "validation tightened: multipleOf changed from 0.3 to 0.2", false})
	// Off by 1e-10: 1000 is a multiple of 0.1 but not of 0.10000000001.
	spec = edit(t, spec, "multipleOf: 0.3", "multipleOf: 0.1")
	r = compareSpecs(t, spec, edit(t, spec, "multipleOf: 0.1", "multipleOf: 0.10000000001"))
	check(t, r, want{ClientBreaking, "method ListPets, query parameter limit", "validation tightened: multipleOf changed from 0.1 to 0.10000000001", false})
}

func TestGoTypeImport(t *testing.T) {
	spec := edit(t, paramSpec, "        size: {type: integer, default: 10}\n",
		"        size: {type: integer, default: 10}\n        seed:\n          type: string\n          x-go-type: rand.Rand\n          x-go-type-import: {path: math/rand}\n")
	r := compareSpecs(t, spec, edit(t, spec, "{path: math/rand}", "{path: math/rand/v2}"))
	check(t, r, want{ClientBreaking, "type Filter, field Seed", "field seed: *rand.Rand now imported from math/rand/v2 (was math/rand): the same spelling names another Go type", true})
}

// A type that becomes closed (additionalProperties: false) is refused by
// the server when a request carries a property it does not name: a break
// for clients where it travels in requests; in answers the client reads
// past such properties.
func TestTypeBecomingClosed(t *testing.T) {
	old := `openapi: 3.1.0
info: {title: Closed, version: "1"}
paths:
  /x:
    post:
      operationId: putX
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/In'}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Out'}
components:
  schemas:
    In:
      type: object
      properties:
        a: {type: string}
    Out:
      type: object
      properties:
        b: {type: string}
`
	closed := edit(t, old, "        a: {type: string}\n", "        a: {type: string}\n      additionalProperties: false\n",
		"        b: {type: string}\n", "        b: {type: string}\n      additionalProperties: false\n")
	check(t, compareSpecs(t, old, closed),
		want{ClientBreaking, "type In", "now additionalProperties: false: the server refuses requests with properties the type does not name, which it took before", false},
		want{Compatible, "type Out", "now additionalProperties: false; the client reads past properties it does not name", false})
}
