package generator

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgen/specgen/generator/ir"
)

// A variant written in place in a oneOf or anyOf is keyed by its position
// (…/oneOf/1), so a variant inserted before the others used to take the
// name of the one it pushed along: code reading u.ShapeVariant0 then read
// another variant, and still compiled where the two had the same fields.
// So the names file also records each such variant by what it holds
// (…/oneOf="object{!radius}"), as enum values are recorded by value, and a
// variant that moved takes its name, and its nested types theirs, from
// the place it was at.

// variantPrint is what a variant written in place holds: its types, its
// properties, required ones marked !, a single allowed value after =, and
// its enum.
func variantPrint(s *openapi3.Schema) string {
	var parts []string
	for _, name := range sortedKeys(s.Properties) {
		p := name
		if slices.Contains(s.Required, name) {
			p = "!" + p
		}
		if v := s.Properties[name].Value; v != nil {
			if only := singleValue(v); only != "" {
				p += "=" + only
			}
		}
		parts = append(parts, p)
	}
	out := strings.Join(typesOf(s), "|") + "{" + strings.Join(parts, ",") + "}"
	if len(s.Enum) > 0 {
		if b, err := json.Marshal(s.Enum); err == nil {
			out += "=" + string(b)
		}
	}
	return out
}

// singleValue is the JSON of the one value s allows (const, or an enum of
// one), or "".
func singleValue(s *openapi3.Schema) string {
	v := s.Const
	if v == nil && len(s.Enum) == 1 {
		v = s.Enum[0]
	}
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// placeVariants finds what the variants written in place in alts hold
// and, with the names of the last generation, where each was. A variant
// now at another place is looked up at its old one (b.moved) and keeps its
// name (ShapeVariant0 stays ShapeVariant0 with a variant inserted before
// it); one at the old place of another that moved is new, and takes the
// first ShapeVariant<n> no other variant holds. It returns the print of
// each variant written in place that no other one shares, and the name
// each variant wants (base + "Variant" + its place, unless it moved).
func (b *builder) placeVariants(alts openapi3.SchemaRefs, key, word, base string) (prints, wants []string) {
	prints, wants = make([]string, len(alts)), make([]string, len(alts))
	count := map[string]int{}
	for i, alt := range alts {
		wants[i] = base + "Variant" + strconv.Itoa(i)
		if alt != nil && alt.Ref == "" && alt.Value != nil && !isNull(alt) {
			prints[i] = variantPrint(alt.Value)
			count[prints[i]]++
		}
	}
	for i, p := range prints {
		if count[p] > 1 {
			prints[i] = "" // two alike: told apart by place only
		}
	}
	if len(b.prev) == 0 {
		return prints, wants
	}
	at := func(i int) string { return key + "/" + word + "/" + strconv.Itoa(i) }
	was := map[int]int{}
	taken := map[int]bool{}
	places := b.prevVariants()[key+"/"+word]
	for i, p := range prints {
		name := b.prev[printKey(key, word, p)]
		if p == "" || name == "" {
			continue
		}
		if j, ok := places[name]; ok {
			was[i], taken[j] = j, true
		}
	}
	if len(was) == 0 {
		return prints, wants
	}
	held := map[string]bool{}
	for i := range alts {
		if j, ok := was[i]; ok && j != i {
			wants[i] = b.prev[at(j)]
			b.moved[at(i)] = at(j)
		}
		if _, ok := was[i]; ok || !taken[i] {
			held[wants[i]] = true
		}
	}
	n := 0
	for i := range alts {
		if _, ok := was[i]; !ok && taken[i] {
			b.moved[at(i)] = "" // another variant's place before
			for ; held[base+"Variant"+strconv.Itoa(n)]; n++ {
			}
			wants[i] = base + "Variant" + strconv.Itoa(n)
			held[wants[i]] = true
		}
	}
	return prints, wants
}

// prevVariants indexes the variants of the last generation: by union and
// word ("#/components/schemas/Shape/oneOf"), the place of each variant's
// type by its name. It is built once, on first use.
func (b *builder) prevVariants() map[string]map[string]int {
	if b.variantPlaces != nil {
		return b.variantPlaces
	}
	b.variantPlaces = map[string]map[string]int{}
	for key, name := range b.prev {
		i := strings.LastIndexByte(key, '/')
		j, err := strconv.Atoi(key[i+1:])
		if i < 0 || err != nil || j < 0 {
			continue
		}
		if union := key[:i]; strings.HasSuffix(union, "/oneOf") || strings.HasSuffix(union, "/anyOf") {
			if b.variantPlaces[union] == nil {
				b.variantPlaces[union] = map[string]int{}
			}
			b.variantPlaces[union][name] = j
		}
	}
	return b.variantPlaces
}

// printKey is the names file's key of the variant with print p.
func printKey(key, word, p string) string {
	return key + "/" + word + "=" + strconv.Quote(p)
}

// movedFrom is key as the last generation knew it, when it is under a
// variant that moved ("" and true when it had no name then).
func (b *builder) movedFrom(key string) (string, bool) {
	best := ""
	for at := range b.moved {
		if len(at) > len(best) && (key == at || strings.HasPrefix(key, at+"/")) {
			best = at
		}
	}
	if best == "" {
		return key, false
	}
	if b.moved[best] == "" {
		return "", true
	}
	return b.moved[best] + key[len(best):], false
}

// ownVariant is a variant written in place, whose field is named after
// its own type, and its union.
type ownVariant struct {
	union   *ir.Type
	variant *ir.Variant
}

// nameOwnVariants gives each variant written in place the final name of
// its type as its field's name. Its type's name may be the one it had in
// the last generation, which placeVariants keeps when the variant moved,
// or one a collision changed: the field follows it, so that the field and
// its type share a name and both stay put. A union whose fields would
// then clash keeps the names they have.
func (b *builder) nameOwnVariants() {
	want := map[*ir.Variant]string{}
	var unions []*ir.Type
	for _, ov := range b.ownVariants {
		name := ov.variant.Schema.Named.Name
		if unionMethods[name] {
			name += "Type"
		}
		if !slices.Contains(unions, ov.union) {
			unions = append(unions, ov.union)
		}
		want[ov.variant] = name
	}
	for _, t := range unions {
		seen := map[string]bool{}
		clash := false
		for _, v := range t.Variants {
			name := v.Name
			if w, ok := want[v]; ok {
				name = w
			}
			clash = clash || seen[name]
			seen[name] = true
		}
		for _, v := range t.Variants {
			if w, ok := want[v]; ok && !clash {
				v.Name = w
			}
		}
	}
}
