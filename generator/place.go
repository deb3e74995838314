package generator

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// kin-openapi's validation errors say where a defect is as a chain of
// wrappers (a section, a path, an operation; a component) whose messages
// are "invalid paths: invalid path /x: invalid operation GET: …", but not
// the line, and not the place inside a schema or an operation. place finds
// it in the spec file: the place the chain names (or a JSON pointer the
// message starts with), then in it the value the message quotes
// ("unsupported 'type' value \"strin\"").

// sectionKey is the document key of each section kin-openapi names.
var sectionKey = map[string]string{
	"paths": "paths", "components": "components", "security": "security", "info": "info", "servers": "servers",
	"tags": "tags", "external docs": "externalDocs", "webhooks": "webhooks", "jsonSchemaDialect": "jsonSchemaDialect",
}

// componentsKey is the key under components of each kind of component.
var componentsKey = map[string]string{
	"schema": "schemas", "parameter": "parameters", "request body": "requestBodies", "response": "responses",
	"header": "headers", "security scheme": "securitySchemes", "example": "examples", "link": "links", "callback": "callbacks",
}

// pointerOf follows the wrappers of err, each of which wrote one head of
// msg, to a JSON pointer, and returns it with the rest of msg:
// ("#/components/schemas/Pet", "unsupported …"). It stops at the first
// wrapper it does not know, or whose head msg does not start with; a
// pointer the rest starts with is the place.
func pointerOf(err error, msg string) (string, string) {
	ptr := "#"
	for e := err; e != nil; e = errors.Unwrap(e) {
		var head, seg string
		switch w := e.(type) {
		case *openapi3.SectionValidationError:
			head, seg = "invalid "+w.Section+": ", sectionKey[w.Section]
			if ptr != "#" {
				seg = ""
			}
		case *openapi3.PathValidationError:
			head, seg = "invalid path "+w.Path+": ", pointerEscape(w.Path)
		case *openapi3.OperationValidationError:
			head, seg = "invalid operation "+w.Method+": ", strings.ToLower(w.Method)
		case *openapi3.ComponentValidationError:
			head = fmt.Sprintf("%s %q: ", w.Section, w.Name)
			if key := componentsKey[w.Section]; key != "" {
				seg = key + "/" + pointerEscape(w.Name)
			}
		case *openapi3.WebhookValidationError:
			head, seg = fmt.Sprintf("webhook %q: ", w.Name), pointerEscape(w.Name)
		default:
			continue // the head, if it writes one, stops the next wrapper's
		}
		if seg == "" || !strings.HasPrefix(msg, head) {
			return ptr, msg
		}
		ptr += "/" + seg
		msg = msg[len(head):]
	}
	if p, rest, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(p, "#/") && !strings.Contains(p, " ") {
		return p, rest // the message names its place itself
	}
	return ptr, msg
}

var (
	quoted = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
	keyed  = regexp.MustCompile(`'(\w+)'`)
)

// place says where in the spec file root (nil when it could not be read)
// the defect err reports as msg is: "line:col: #/pointer: " and the
// message without the heads the pointer stands for, or msg as it is when
// the chain names no place in the file.
func place(root *yaml.Node, err error, msg string) string {
	if root == nil {
		return msg
	}
	ptr, rest := pointerOf(err, msg)
	base := nodeAt(root, ptr)
	if ptr == "#" || base == nil {
		return msg
	}
	at, atPtr := base, ptr
	// The last quoted word is the most particular: the name in "more than
	// one "query" parameter has name "limit"". A value is looked for before
	// a key of that name, and first under the key the message names
	// ("'type' value …").
	hint := ""
	if k := keyed.FindStringSubmatch(rest); k != nil {
		hint = k[1]
	}
	qs := quoted.FindAllStringSubmatch(rest, -1)
search:
	for _, pass := range []int{valueUnderHint, anyValue, anyKey} {
		if pass == valueUnderHint && hint == "" {
			continue
		}
		// In the place itself first, then through its refs too.
		for _, follow := range []bool{false, true} {
			for i := len(qs) - 1; i >= 0; i-- {
				f := finder{root: root, v: qs[i][1], hint: hint, pass: pass, follow: follow, seen: map[*yaml.Node]bool{}}
				if n, p := f.find(base, ptr); n != nil {
					at, atPtr = n, p
					break search
				}
			}
		}
	}
	return fmt.Sprintf("%d:%d: %s: %s", at.Line, at.Column, atPtr, rest)
}

// The passes of a finder.
const (
	valueUnderHint = iota // a scalar value under the key the message names
	anyValue              // any scalar value
	anyKey                // a key
)

// finder finds, depth first, the first scalar value or key that is v, as
// pass says. With follow, it follows local $refs where they stand, since
// kin-openapi reports a defect of a schema under every schema that refers
// to it (the first in the document's order wins the report): the place
// found is the defect's own.
type finder struct {
	root    *yaml.Node
	v, hint string
	pass    int
	follow  bool                // whether to follow $refs
	seen    map[*yaml.Node]bool // nodes searched, against ref cycles
}

// find searches n, at pointer ptr: the node found and its pointer (a key's
// pointer is its value's).
func (f *finder) find(n *yaml.Node, ptr string) (*yaml.Node, string) {
	if f.seen[n] {
		return nil, ""
	}
	f.seen[n] = true
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			p := ptr + "/" + pointerEscape(k.Value)
			switch {
			case f.pass == anyKey && k.Value == f.v:
				return k, p
			case f.pass != anyKey && val.Kind == yaml.ScalarNode && val.Value == f.v && (f.pass == anyValue || k.Value == f.hint):
				return val, p
			case f.follow && k.Value == "$ref" && val.Kind == yaml.ScalarNode && strings.HasPrefix(val.Value, "#/"):
				if to := nodeAt(f.root, val.Value); to != nil {
					if found, fp := f.find(to, val.Value); found != nil {
						return found, fp
					}
				}
				continue
			}
			if found, fp := f.find(val, p); found != nil {
				return found, fp
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := fmt.Sprintf("%s/%d", ptr, i)
			if f.pass == anyValue && c.Kind == yaml.ScalarNode && c.Value == f.v {
				return c, p
			}
			if found, fp := f.find(c, p); found != nil {
				return found, fp
			}
		}
	}
	return nil, ""
}
