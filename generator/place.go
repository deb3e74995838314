package generator

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// kin-openapi's validation messages name where a defect is as a chain of
// "invalid …: " heads (the paths, a path, an operation; the components, a
// schema) but not the line, and often not the place inside a schema. place
// finds it in the spec file: the place the chain names (or a JSON pointer
// the message starts with), then in it the first key or value that the
// message quotes ("unsupported 'type' value \"strin\""), depth first.

var (
	pathHead      = regexp.MustCompile(`^invalid path ([^:]+)$`)
	operationHead = regexp.MustCompile(`^invalid operation ([A-Za-z]+)$`)
	componentHead = regexp.MustCompile(`^(schema|parameter|response|requestBody|header|securityScheme|example|link|callback) "([^"]*)"$`)
	quoted        = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
)

// componentsKey is the key under components of each kind the chain names.
var componentsKey = map[string]string{
	"schema": "schemas", "parameter": "parameters", "response": "responses", "requestBody": "requestBodies",
	"header": "headers", "securityScheme": "securitySchemes", "example": "examples", "link": "links", "callback": "callbacks",
}

// pointerOf follows the heads of msg to a JSON pointer, and returns it with
// the rest of the message: ("#/components/schemas/Pet", "unsupported …").
func pointerOf(msg string) (string, string) {
	ptr := "#"
	for {
		head, rest, ok := strings.Cut(msg, ": ")
		if !ok {
			return ptr, msg
		}
		switch {
		case head == "invalid paths":
			ptr = "#/paths"
		case head == "invalid components":
			ptr = "#/components"
		case head == "invalid security" || head == "invalid info" || head == "invalid servers" || head == "invalid tags":
			ptr = "#/" + strings.TrimPrefix(head, "invalid ")
		case pathHead.MatchString(head) && ptr == "#/paths":
			ptr += "/" + pointerEscape(pathHead.FindStringSubmatch(head)[1])
		case operationHead.MatchString(head) && strings.HasPrefix(ptr, "#/paths/"):
			ptr += "/" + strings.ToLower(operationHead.FindStringSubmatch(head)[1])
		case componentHead.MatchString(head) && ptr == "#/components":
			m := componentHead.FindStringSubmatch(head)
			ptr += "/" + componentsKey[m[1]] + "/" + pointerEscape(m[2])
		default:
			return ptr, msg
		}
		msg = rest
	}
}

// place says where in the spec file root (nil when it could not be read)
// the defect msg reports is: "line:col: #/pointer: " and the message without
// the heads the pointer replaces, or msg as it is when the chain names no
// place in the file.
func place(root *yaml.Node, msg string) string {
	if root == nil {
		return msg
	}
	ptr, rest := pointerOf(msg)
	if p, r, ok := strings.Cut(rest, ": "); ok && strings.HasPrefix(p, "#/") && !strings.Contains(p, " ") {
		ptr, rest = p, r // the message names its place itself
	}
	base := nodeAt(root, ptr)
	if ptr == "#" || base == nil {
		return msg
	}
	at, atPtr := base, ptr
	// The last quoted word is the most particular: the name in "more than
	// one "query" parameter has name "limit"".
	qs := quoted.FindAllStringSubmatch(rest, -1)
	for i := len(qs) - 1; i >= 0; i-- {
		if n, p := findValue(base, ptr, qs[i][1]); n != nil {
			at, atPtr = n, p
			break
		}
	}
	return fmt.Sprintf("%d:%d: %s: %s", at.Line, at.Column, atPtr, rest)
}

// findValue finds, depth first under n (at pointer ptr), the first key
// or scalar value that is v: the node and its pointer (a key's pointer
// is its value's).
func findValue(n *yaml.Node, ptr, v string) (*yaml.Node, string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			p := ptr + "/" + pointerEscape(k.Value)
			if k.Value == v || val.Kind == yaml.ScalarNode && val.Value == v {
				if k.Value == v {
					return k, p
				}
				return val, p
			}
			if f, fp := findValue(val, p, v); f != nil {
				return f, fp
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := fmt.Sprintf("%s/%d", ptr, i)
			if c.Kind == yaml.ScalarNode && c.Value == v {
				return c, p
			}
			if f, fp := findValue(c, p, v); f != nil {
				return f, fp
			}
		}
	}
	return nil, ""
}
