package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"reflect"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// A spec also renames a component (Pet becomes Animal), or writes its
// schema in place where it was a $ref before. The wire does not change,
// but the old place is gone and nothing leads from it to the new one, so
// movedTo cannot follow it. So the names file also records each component
// by a print of what it holds (#/components/schemas/Pet="3fa1…"): a
// component that is gone, whose print exactly one type new in this
// generation has, moved there, and keepMovedNames keeps its name, its
// nested types' names and its enum constants as deprecated aliases. The
// type the alias names holds the same, so code using the old name reads
// and writes the same JSON. Two new types with that print, or none, keep
// nothing, nor does a type that was there before: it holds the same by
// chance. The move is recorded (Pet=>"…/Animal") and followed from there
// on as a $ref is, whatever becomes of the schema, for as long as the
// alias's line stays.

// schemaPrint is a digest of what s holds: its documentation (title,
// description, examples, externalDocs, $comment) and x-go-name left out
// at every depth, and a $ref to self (the component's own key) written as
// "#", so that a recursive component keeps its print when renamed. "" when
// the schemas written in place nest deeper than any real spec does.
func schemaPrint(s *openapi3.Schema, self string) string {
	p := printer{self: self}
	p.enc = json.NewEncoder(&p.buf)
	if !p.schema(s, 0) {
		return ""
	}
	sum := sha256.Sum256(p.buf.Bytes())
	return hex.EncodeToString(sum[:6])
}

// printer writes a schema out field by field, in the order of
// openapi3.Schema's fields, each that is set as its name and its JSON.
type printer struct {
	self string
	buf  bytes.Buffer
	enc  *json.Encoder
}

// undocumentedFields are the fields of openapi3.Schema a print leaves out.
var undocumentedFields = map[string]bool{"Origin": true, "Title": true, "Description": true, "Example": true, "Examples": true, "ExternalDocs": true, "Comment": true}

func (p *printer) schema(s *openapi3.Schema, depth int) bool {
	if depth > 64 {
		return false
	}
	if s == nil {
		p.buf.WriteString("nil;")
		return true
	}
	v := reflect.ValueOf(s).Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		fv := v.Field(i)
		if undocumentedFields[f.Name] || fv.IsZero() {
			continue
		}
		if f.Name == "Extensions" && s.Extensions["x-go-name"] != nil {
			ext := maps.Clone(s.Extensions) // a name is no part of what it holds
			delete(ext, "x-go-name")
			if len(ext) == 0 {
				continue
			}
			fv = reflect.ValueOf(ext)
		}
		p.buf.WriteString(f.Name)
		p.buf.WriteByte(':')
		ok := true
		switch x := fv.Interface().(type) {
		case *openapi3.SchemaRef:
			ok = p.ref(x, depth)
		case openapi3.SchemaRefs:
			for _, r := range x {
				ok = ok && p.ref(r, depth)
			}
		case openapi3.Schemas:
			for _, k := range sortedKeys(x) {
				p.buf.WriteString(strconv.Quote(k))
				ok = ok && p.ref(x[k], depth)
			}
		case openapi3.BoolSchema:
			if x.Has != nil {
				p.buf.WriteString(strconv.FormatBool(*x.Has))
			}
			ok = p.ref(x.Schema, depth)
		default:
			if p.enc.Encode(x) != nil {
				return false
			}
		}
		if !ok {
			return false
		}
		p.buf.WriteByte(';')
	}
	return true
}

func (p *printer) ref(r *openapi3.SchemaRef, depth int) bool {
	switch {
	case r == nil:
		p.buf.WriteString("{}")
		return true
	case r.Ref == p.self:
		p.buf.WriteString("{$ref:#}")
		return true
	case r.Ref != "":
		p.buf.WriteString("{$ref:" + strconv.Quote(r.Ref) + "}")
		return true
	}
	p.buf.WriteByte('{')
	ok := p.schema(r.Value, depth+1)
	p.buf.WriteByte('}')
	return ok
}

// componentPrintKey is the names file's key of the component at key with
// print p.
func componentPrintKey(key, p string) string {
	return key + "=" + strconv.Quote(p)
}

// cutComponentPrint splits a names-file key written by componentPrintKey
// into the component's key and its print.
func cutComponentPrint(k string) (key, print string, ok bool) {
	i := strings.LastIndex(k, "=\"")
	if i < 0 || !strings.HasSuffix(k, "\"") {
		return "", "", false
	}
	if _, isComponent := componentName(k[:i]); !isComponent {
		return "", "", false
	}
	p, err := strconv.Unquote(k[i+1:])
	if err != nil || len(p) != 12 {
		return "", "", false
	}
	return k[:i], p, true
}

// printComponents records the print of every component schema that is a
// type of its own in the names file and, for each component of the last
// generation that is gone, notes where it moved: where its record says,
// or else to the one type new in this generation that holds what it held
// (see the top of this file). It runs once every name is final, before
// keepMovedNames.
func (b *builder) printComponents() {
	var schemas openapi3.Schemas
	if b.doc.Components != nil {
		schemas = b.doc.Components.Schemas
	}
	for _, name := range sortedKeys(schemas) {
		ref := schemas[name]
		key := "#/components/schemas/" + pointerEscape(name)
		goName := b.pkg.Names[key]
		if ref == nil || ref.Ref != "" || ref.Value == nil || goName == "" {
			continue // an alias of another schema moves with it
		}
		if p := schemaPrint(ref.Value, key); p != "" {
			b.pkg.Names[componentPrintKey(key, p)] = goName
		}
	}
	if len(b.prev) == 0 {
		return
	}
	// A move found before is followed from its record, whatever has
	// become of the schema since, as a $ref is.
	recorded := map[string]bool{}
	for k := range b.prev {
		from, to, ok := cutMoveRecord(k)
		if !ok {
			continue
		}
		recorded[from] = true
		if _, still := b.pkg.Names[from]; still {
			continue
		}
		if _, there := b.pkg.Names[to]; there || b.prev[to] != "" {
			b.noteRef(from, to) // to may have moved on in turn: movedTo follows
			b.movedComponents = append(b.movedComponents, [2]string{from, to})
		}
	}
	gone := map[string][]string{} // print → the components gone that had it
	for k := range b.prev {
		key, p, ok := cutComponentPrint(k)
		if !ok || recorded[key] {
			continue
		}
		if _, still := b.pkg.Names[key]; still {
			continue
		}
		if _, moved := b.refAt[key]; moved {
			continue // a $ref now: movedTo follows it
		}
		gone[p] = append(gone[p], key)
	}
	if len(gone) == 0 {
		return
	}
	// The types new in this generation that have a print of one gone: a
	// type that was there before holds the same by chance, not by a move.
	found := map[string][]string{} // print → the new types that have it
	for _, t := range b.types {
		s := b.schemaAt[t.Key]
		if s == nil || t.SameAs != nil {
			continue
		}
		if _, old := b.prev[t.Key]; old {
			continue
		}
		if p := schemaPrint(s, t.Key); gone[p] != nil {
			found[p] = append(found[p], t.Key)
		}
	}
	for p, keys := range gone {
		if len(found[p]) != 1 {
			continue
		}
		for _, key := range keys {
			b.noteRef(key, found[p][0])
			b.movedComponents = append(b.movedComponents, [2]string{key, found[p][0]})
		}
	}
}

// moveRecordKey is the names file's key of a component that moved from
// one place to another (#/components/schemas/Pet=>"#/components/schemas/Animal").
func moveRecordKey(from, to string) string {
	return from + "=>" + strconv.Quote(to)
}

// cutMoveRecord splits a names-file key written by moveRecordKey.
func cutMoveRecord(k string) (from, to string, ok bool) {
	i := strings.Index(k, "=>\"")
	if i < 0 {
		return "", "", false
	}
	if _, isComponent := componentName(k[:i]); !isComponent {
		return "", "", false
	}
	to, err := strconv.Unquote(k[i+2:])
	if err != nil {
		return "", "", false
	}
	return k[:i], to, true
}

// keepMoveRecords records in the names file each component that moved and
// whose old name keepMovedNames kept: the next generation follows it from
// there, and the alias stays as long as its line.
func (b *builder) keepMoveRecords() {
	for _, m := range b.movedComponents {
		if name := b.pkg.Names[m[0]]; name != "" && name == b.prev[m[0]] {
			b.pkg.Names[moveRecordKey(m[0], m[1])] = name
		}
	}
}
