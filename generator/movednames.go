package generator

import (
	"sort"
	"strings"

	"github.com/specgen/specgen/generator/ir"
)

// A spec often moves a schema written in place into components, or
// replaces a nested schema with a $ref to an equal one: the wire does not
// change, but the Go type takes the component's name, and every line of
// code that named the old type stops compiling. The names file still holds
// the old name under the old place. When that place is now a $ref (or lies
// inside a schema reached through one), the old name is kept as a
// deprecated alias of the type the place now leads to, with its enum
// constants, and stays in the names file: regenerating keeps it until the
// user deletes its line there.

// noteRef records that the schema at key is a $ref to the schema keyed
// target.
func (b *builder) noteRef(key, target string) {
	if key == "" || target == "" || key == target {
		return
	}
	if b.refAt == nil {
		b.refAt = map[string]string{}
	}
	b.refAt[key] = target
}

// movedTo follows key through the $refs it crosses: the place it names
// now, and whether a $ref was crossed. A prefix of key that is a $ref is
// replaced by its target, the longest first, until none is left.
func (b *builder) movedTo(key string) (string, bool) {
	crossed := false
	for range 64 { // a cycle of $refs ends here
		found := false
		for i := len(key); i > 0; i = strings.LastIndexByte(key[:i], '/') {
			if t, ok := b.refAt[key[:i]]; ok {
				key, found, crossed = t+key[i:], true, true
				break
			}
		}
		if !found {
			break
		}
	}
	return key, crossed
}

// keepMovedNames declares, for each type name of the last generation whose
// place is now a $ref, an alias of the type found there under the old
// name, with the enum constants it had. A name another declaration took
// meanwhile is not kept.
func (b *builder) keepMovedNames() {
	if len(b.prev) == 0 || len(b.refAt) == 0 {
		return
	}
	byKey := map[string]*ir.Type{}
	taken := map[string]bool{}
	for k := range reservedNames {
		taken[k] = true
	}
	for _, t := range b.types {
		byKey[t.Key] = t
		taken["New"+t.Name] = true // constructors of times in milliseconds
	}
	for _, n := range b.pkg.Names {
		taken[n] = true
	}
	byName := map[string]*ir.Type{}
	for _, t := range b.types {
		byName[t.Name] = t
	}
	var gone []string
	for k := range b.prev {
		if _, _, print := cutComponentPrint(k); print {
			continue // followed by printComponents
		}
		if _, _, record := cutMoveRecord(k); record {
			continue
		}
		if _, ok := b.pkg.Names[k]; !ok && !valueKey(k) && !variantAt(k) {
			gone = append(gone, k)
		}
	}
	sort.Strings(gone)
	var added []*ir.Type
	for _, k := range gone {
		name := b.prev[k]
		at, crossed := b.movedTo(k)
		t := byKey[at]
		if i := printAt(k); i >= 0 {
			// A variant, found by what it holds: its place in the union
			// may have changed as it moved.
			at, crossed = b.movedTo(k[:i])
			at += k[i:]
			t = byName[b.pkg.Names[at]]
		}
		if !crossed || t == nil || t.Name == name || taken[name] || t.Params {
			continue
		}
		taken[name] = true
		a := &ir.Type{
			Name: name, Key: k, Kind: ir.Scalar,
			Underlying: &ir.Schema{Kind: ir.KNamed, Named: t},
			SameAs:     t,
			MovedTo:    at,
		}
		b.pkg.Names[k] = name
		for _, v := range t.EnumValues {
			vk := k + strings.TrimPrefix(v.Key, t.Key)
			if c := b.prev[vk]; c != "" && c != v.Name && !taken[c] {
				taken[c] = true
				a.EnumValues = append(a.EnumValues, ir.EnumValue{Name: c, Key: vk, Value: v.Value})
				b.pkg.Names[vk] = c
			}
		}
		added = append(added, a)
	}
	if len(added) == 0 {
		return
	}
	b.types = append(b.types, added...)
	sort.Slice(b.types, func(i, j int) bool { return b.types[i].Name < b.types[j].Name })
	b.pkg.Types = b.types
}

// valueKey reports whether a names-file key is an enum value's or a
// server's, which keepMovedNames keeps with their types.
func valueKey(k string) bool {
	return strings.HasPrefix(k, "#/servers=") || strings.Contains(k, "/enum=")
}

// variantAt reports whether a key lies at or under a union's variant
// found by its place (…/oneOf/0): where a union moved, its variants may
// be in another order, and the one at the same place another variant. A
// variant is followed by what it holds instead (variantPrint).
func variantAt(k string) bool {
	for _, seg := range []string{"/oneOf/", "/anyOf/"} {
		if i := strings.Index(k, seg); i >= 0 && i+len(seg) < len(k) && k[i+len(seg)] >= '0' && k[i+len(seg)] <= '9' {
			return true
		}
	}
	return false
}

// printAt returns where the record of a variant by what it holds
// starts in k (…/oneOf="object{!radius}"), or -1.
func printAt(k string) int {
	for _, seg := range []string{"/oneOf=\"", "/anyOf=\""} {
		if i := strings.LastIndex(k, seg); i >= 0 {
			return i
		}
	}
	return -1
}
