package generator

import (
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgen/specgen/generator/naming"
)

// A schema written in place inside a response, request body or parameter
// of the components is one schema however many operations $ref it: its
// type is keyed and named by where it is written, not by the operation
// that happens to come first in the document. Moving an operation, or
// removing the one that used to come first, then renames nothing. The
// same goes for a parameter written on a path, which all the path's
// operations share.

// home is where a schema shared by operations is written, and the Go name
// its type wants ("": the name its first use gives it).
type home struct {
	key, want string
}

// noteHomeRef records that the schema of a home place is a $ref (see
// noteRef): a type the names file keeps under the place moved there.
func (b *builder) noteHomeRef(key string, s *openapi3.SchemaRef) {
	if s == nil || s.Ref == "" {
		return
	}
	target := s.Ref
	if name, ok := componentName(s.Ref); ok {
		target = "#/components/schemas/" + pointerEscape(name)
	}
	b.noteRef(key, target)
}

// findHomes records the homes of the schemas written inside the
// components' responses, request bodies and parameters and in the
// parameters of a path and, for names files written before types were
// keyed so, the places under the operations each was keyed by then.
func (b *builder) findHomes() {
	b.homes = map[*openapi3.Schema]home{}
	b.legacyKeys = map[string][]string{}
	c := b.doc.Components
	if c == nil {
		c = &openapi3.Components{}
	}
	inline := func(s *openapi3.SchemaRef) bool { return s != nil && s.Ref == "" && s.Value != nil }
	for name, r := range c.Responses {
		if r != nil && r.Ref == "" && r.Value != nil {
			for ct, mt := range r.Value.Content {
				if mt != nil && inline(mt.Schema) {
					b.homes[mt.Schema.Value] = home{mediaKey("#/components/responses/"+pointerEscape(name), ct), suffixed(naming.Declared(name), "Response")}
				} else if mt != nil {
					b.noteHomeRef(mediaKey("#/components/responses/"+pointerEscape(name), ct), mt.Schema)
				}
			}
		}
	}
	for name, r := range c.RequestBodies {
		if r != nil && r.Ref == "" && r.Value != nil {
			for ct, mt := range r.Value.Content {
				if mt != nil && inline(mt.Schema) {
					b.homes[mt.Schema.Value] = home{mediaKey("#/components/requestBodies/"+pointerEscape(name), ct), suffixed(naming.Declared(name), "Request")}
				} else if mt != nil {
					b.noteHomeRef(mediaKey("#/components/requestBodies/"+pointerEscape(name), ct), mt.Schema)
				}
			}
		}
	}
	for name, p := range c.Parameters {
		if p != nil && p.Ref == "" && p.Value != nil && inline(p.Value.Schema) {
			b.homes[p.Value.Schema.Value] = home{"#/components/parameters/" + pointerEscape(name) + "/schema", naming.Declared(name)}
		} else if p != nil && p.Ref == "" && p.Value != nil {
			b.noteHomeRef("#/components/parameters/"+pointerEscape(name)+"/schema", p.Value.Schema)
		}
	}
	var paths map[string]*openapi3.PathItem
	if b.doc.Paths != nil {
		paths = b.doc.Paths.Map()
	}
	// A parameter written on a path is shared by its operations in the
	// same way: its type is keyed by the path. It keeps the name the first
	// operation gives it, so adding an operation before it renames nothing.
	for _, path := range sortedKeys(paths) {
		for _, p := range paths[path].Parameters {
			if p != nil && p.Ref == "" && p.Value != nil && inline(p.Value.Schema) {
				b.homes[p.Value.Schema.Value] = home{key: "#/paths/" + pointerEscape(path) + "/parameters/" + pointerEscape(p.Value.Name) + "/schema"}
			} else if p != nil && p.Ref == "" && p.Value != nil {
				b.noteHomeRef("#/paths/"+pointerEscape(path)+"/parameters/"+pointerEscape(p.Value.Name)+"/schema", p.Value.Schema)
			}
		}
	}
	if len(b.homes) == 0 || len(b.prev) == 0 {
		return
	}
	for _, path := range sortedKeys(paths) {
		item := paths[path]
		for _, method := range sortedKeys(item.Operations()) {
			op := item.Operations()[method]
			key := "#/paths/" + pointerEscape(path) + "/" + strings.ToLower(method)
			for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
				if p == nil || p.Value == nil {
					continue
				}
				old := key + "/parameters/" + pointerEscape(p.Value.Name) + "/schema"
				if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
					b.legacy("#/components/parameters/"+name+"/schema", old)
				} else if slices.Contains(item.Parameters, p) {
					b.legacy("#/paths/"+pointerEscape(path)+"/parameters/"+pointerEscape(p.Value.Name)+"/schema", old)
				}
			}
			b.legacyBodies(key, op)
			for _, cb := range sortedKeys(op.Callbacks) {
				if c := op.Callbacks[cb]; c != nil && c.Value != nil {
					for expr, item := range c.Value.Map() {
						for m, cop := range item.Operations() {
							b.legacyBodies(key+"/callbacks/"+pointerEscape(cb)+"/"+pointerEscape(expr)+"/"+strings.ToLower(m), cop)
						}
					}
				}
			}
		}
	}
	for name, item := range b.doc.Webhooks {
		if item != nil {
			for m, op := range item.Operations() {
				b.legacyBodies("#/webhooks/"+pointerEscape(name)+"/"+strings.ToLower(m), op)
			}
		}
	}
	for k := range b.legacyKeys {
		sort.Strings(b.legacyKeys[k])
	}
}

// legacyBodies records the places under the operation at key of the
// component request body and responses it uses.
func (b *builder) legacyBodies(key string, op *openapi3.Operation) {
	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		if name, ok := strings.CutPrefix(rb.Ref, "#/components/requestBodies/"); ok {
			for ct := range rb.Value.Content {
				b.legacy(mediaKey("#/components/requestBodies/"+name, ct), mediaKey(key+"/requestBody", ct))
			}
		}
	}
	if op.Responses == nil {
		return
	}
	for code, r := range op.Responses.Map() {
		if name, ok := strings.CutPrefix(r.Ref, "#/components/responses/"); ok && r.Value != nil {
			for ct := range r.Value.Content {
				b.legacy(mediaKey("#/components/responses/"+name, ct), mediaKey(key+"/responses/"+pointerEscape(code), ct))
			}
		}
	}
}

func (b *builder) legacy(home, old string) {
	b.legacyKeys[home] = append(b.legacyKeys[home], old)
}

// mediaKey is the key of the schema of the media type ct under at.
func mediaKey(at, ct string) string {
	return at + "/content/" + pointerEscape(ct) + "/schema"
}

// suffixed is name with suffix, unless it ends so already.
func suffixed(name, suffix string) string {
	if strings.HasSuffix(name, suffix) {
		return name
	}
	return name + suffix
}

// prevName is the name key had in the last generation: from the names
// file, at the place it was at if it is in a variant that moved (see
// placeVariants), or, for a key under a component's schema, from the key
// the same place had under the first operation that used it, as earlier
// versions of gen keyed it.
func (b *builder) prevName(key string) string {
	key, none := b.movedFrom(key)
	if name, ok := b.prev[key]; ok || none || len(b.legacyKeys) == 0 {
		return name
	}
	segs := strings.SplitN(key, "/", 8)
	n := 0
	switch {
	case len(segs) >= 5 && segs[1] == "components" && segs[2] == "parameters" && segs[4] == "schema":
		n = 5
	case len(segs) >= 6 && segs[1] == "paths" && segs[3] == "parameters" && segs[5] == "schema":
		n = 6
	case len(segs) >= 7 && segs[1] == "components" && (segs[2] == "responses" || segs[2] == "requestBodies") && segs[4] == "content" && segs[6] == "schema":
		n = 7
	default:
		return ""
	}
	home := strings.Join(segs[:n], "/")
	for _, old := range b.legacyKeys[home] {
		if name, ok := b.prev[old+key[len(home):]]; ok {
			return name
		}
	}
	return ""
}
