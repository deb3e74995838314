package apidiff

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/specgen/specgen/generator/ir"
)

// The parts of a type that are not its properties: the maps of
// additionalProperties and patternProperties beside them, the positions
// of a tuple, the required-property sets of a struct.

// structField is the Go type of the field name of the rendered struct
// owner, or fallback when the API was not rendered or lacks it.
func (c *comparer) structField(old bool, owner, name, fallback string) string {
	if api := c.api(old); api != nil {
		if d := api.types[owner]; d != nil {
			if t, ok := d.fields[name]; ok {
				return t
			}
		}
	}
	return fallback
}

// mapGo is the Go type of a map of values s, as the emitters write the
// maps of additionalProperties and patternProperties.
func mapGo(s *ir.Schema) string {
	return "map[string]" + elemType(&ir.Schema{Kind: ir.KMap, Elem: s})
}

// extraProps compares the maps of a struct that hold the properties it
// does not name: AdditionalProperties and the PatternProperties maps.
func (c *comparer) extraProps(o, n *ir.Type, d dir) {
	const add = "AdditionalProperties"
	if !o.Closed && n.Closed && o.Additional == nil && n.Additional == nil && len(n.Patterns) == 0 {
		// The server refuses, in requests, properties a closed type does
		// not name; the client reads past them in answers.
		if d&dReq != 0 {
			c.add(ClientBreaking, false, "type "+n.Name, "now additionalProperties: false: the server refuses requests with properties the type does not name, which it took before")
		} else {
			c.add(Compatible, false, "type "+n.Name, "now additionalProperties: false; the client reads past properties it does not name")
		}
	}
	where := fmt.Sprintf("type %s, field %s", n.Name, add)
	switch {
	case o.Additional == nil && n.Additional == nil:
	case o.Additional == nil:
		c.add(Compatible, false, where, "additional properties now kept: field %s added (%s)", add, c.structField(false, n.Name, add, mapGo(n.Additional)))
	case n.Additional == nil:
		what := "no longer kept"
		if n.Closed {
			what = "no longer allowed (additionalProperties: false)"
		}
		c.compile(where, "additional properties %s: field %s removed (was %s): code that sets or reads it no longer compiles", what, add, c.structField(true, o.Name, add, mapGo(o.Additional)))
	default:
		ot, nt := c.structField(true, o.Name, add, mapGo(o.Additional)), c.structField(false, n.Name, add, mapGo(n.Additional))
		if ot == nt || c.typeChanged(where, "additional properties: ", ot, nt) {
			c.rules(where, d, schemaRules("additional properties: ", o.Additional, n.Additional))
		}
	}

	// Pattern maps, by pattern, then by Go field (a pattern rewritten).
	byPattern, byField := map[string]*ir.PatternProps{}, map[string]*ir.PatternProps{}
	for _, p := range o.Patterns {
		byPattern[p.Pattern], byField[p.Field] = p, p
	}
	used := map[*ir.PatternProps]bool{}
	var unpaired []*ir.PatternProps
	for _, np := range n.Patterns {
		if op := byPattern[np.Pattern]; op != nil && !used[op] {
			used[op] = true
			c.pattern(o, n, op, np, d)
			continue
		}
		unpaired = append(unpaired, np)
	}
	for _, np := range unpaired {
		where := fmt.Sprintf("type %s, field %s", n.Name, np.Field)
		if op := byField[np.Field]; op != nil && !used[op] {
			used[op] = true
			c.pattern(o, n, op, np, d)
			continue
		}
		c.add(Compatible, false, where, "patternProperties %q added: field %s (%s) holds the properties whose names match it", np.Pattern, np.Field, c.structField(false, n.Name, np.Field, mapGo(np.Schema)))
	}
	for _, op := range o.Patterns {
		if !used[op] {
			c.compile(fmt.Sprintf("type %s, field %s", n.Name, op.Field), "patternProperties %q removed: field %s removed (was %s): code that sets or reads it no longer compiles", op.Pattern, op.Field, c.structField(true, o.Name, op.Field, mapGo(op.Schema)))
		}
	}
}

// pattern compares two versions of one patternProperties map.
func (c *comparer) pattern(o, n *ir.Type, op, np *ir.PatternProps, d dir) {
	where := fmt.Sprintf("type %s, field %s", n.Name, np.Field)
	if op.Field != np.Field {
		c.compile(where, "field of patternProperties %q renamed from %s to %s", np.Pattern, op.Field, np.Field)
	}
	if op.Pattern != np.Pattern {
		c.add(ClientBreaking, false, where, "pattern of field %s changed from %q to %q: properties whose names match the old pattern no longer go to it, and the new pattern's do; senders of the old names are refused or misread", np.Field, op.Pattern, np.Pattern)
	}
	ot, nt := c.structField(true, o.Name, op.Field, mapGo(op.Schema)), c.structField(false, n.Name, np.Field, mapGo(np.Schema))
	if ot == nt || c.typeChanged(where, fmt.Sprintf("patternProperties %q: ", np.Pattern), ot, nt) {
		c.rules(where, d, schemaRules("values: ", op.Schema, np.Schema))
	}
}

// tuple compares two versions of a tuple (prefixItems): its positions as
// fields, the items after them (Rest) and the rules of the whole array.
func (c *comparer) tuple(o, n *ir.Type, d dir) {
	itemGo := func(old bool, t *ir.Type, it *ir.TupleItem) string {
		fb := goType(it.Schema)
		if !it.Required || it.Schema.Nullable && !refLike(it.Schema) {
			fb = "*" + fb // optional, or may be null
		}
		return c.structField(old, t.Name, it.Name, fb)
	}
	for i, ni := range n.Items {
		where := fmt.Sprintf("type %s, field %s", n.Name, ni.Name)
		if i >= len(o.Items) {
			desc := fmt.Sprintf("position %d added (%s %s", i, ni.Name, itemGo(false, n, ni))
			if !ni.Required {
				c.add(Compatible, false, where, "%s, optional)", desc)
				continue
			}
			desc += ", required)"
			switch k, server := senderBurden(d); k {
			case ClientBreaking:
				what := desc + ": the client refuses requests without it"
				if server {
					what += ", and servers must fill it in every response"
				}
				c.add(k, server, where, "%s", what)
			case ServerBreaking:
				c.add(k, true, where, "%s: servers must fill it in every response", desc)
			default:
				c.add(Compatible, false, where, "%s", desc)
			}
			continue
		}
		oi := o.Items[i]
		if oi.Name != ni.Name {
			c.compile(where, "position %d renamed from %s to %s", i, oi.Name, ni.Name)
		}
		ot, nt := itemGo(true, o, oi), itemGo(false, n, ni)
		if ot == nt || c.typeChanged(where, fmt.Sprintf("position %d: ", i), ot, nt) {
			c.rules(where, d, schemaRules(fmt.Sprintf("position %d: ", i), oi.Schema, ni.Schema))
		}
	}
	for i := len(n.Items); i < len(o.Items); i++ {
		oi := o.Items[i]
		c.compile(fmt.Sprintf("type %s, field %s", n.Name, oi.Name), "position %d removed (was %s %s): code that sets or reads it no longer compiles", i, oi.Name, itemGo(true, o, oi))
	}

	where := fmt.Sprintf("type %s, field Rest", n.Name)
	restGo := func(old bool, t *ir.Type) string {
		return c.structField(old, t.Name, "Rest", goType(&ir.Schema{Kind: ir.KArray, Elem: t.Rest}))
	}
	switch {
	case o.Rest == nil && n.Rest == nil:
	case o.Rest == nil:
		c.add(Compatible, false, where, "items after position %d now allowed: field Rest added (%s)", len(n.Items)-1, restGo(false, n))
	case n.Rest == nil:
		c.compile(where, "items after position %d no longer allowed: field Rest removed (was %s): code that sets or reads it no longer compiles", len(o.Items)-1, restGo(true, o))
	default:
		ot, nt := restGo(true, o), restGo(false, n)
		if ot == nt || c.typeChanged(where, fmt.Sprintf("items after position %d: ", len(n.Items)-1), ot, nt) {
			c.rules(where, d, schemaRules(fmt.Sprintf("items after position %d: ", len(n.Items)-1), o.Rest, n.Rest))
		}
	}
	c.rules("type "+n.Name, d, diffRules("", o.ArrayRules, n.ArrayRules))
}

// alternativesText spells a struct's required-property sets.
func alternativesText(a *ir.Alternatives) string {
	mode := "oneOf"
	if a.Mode == ir.AnyOf {
		mode = "anyOf"
	}
	sets := make([]string, len(a.Sets))
	for i, s := range a.Sets {
		sets[i] = "[" + strings.Join(s, ", ") + "]"
		if i < len(a.Empty) && a.Empty[i] {
			sets[i] = "{} (no property)"
		}
	}
	return mode + " " + strings.Join(sets, " | ")
}

// alternatives compares the required-property sets of a struct (a oneOf
// or anyOf of required lists): which properties must be there together.
func (c *comparer) alternatives(where string, o, n *ir.Type, d dir) {
	switch {
	case o.Alternatives == nil && n.Alternatives == nil:
	case o.Alternatives == nil:
		c.rules(where, d, []ruleChange{{true, "required properties now " + alternativesText(n.Alternatives)}})
	case n.Alternatives == nil:
		c.rules(where, d, []ruleChange{{false, "required properties " + alternativesText(o.Alternatives) + " removed"}})
	default:
		ot, nt := alternativesText(o.Alternatives), alternativesText(n.Alternatives)
		if ot == nt {
			return
		}
		// Looser only when the sets are the same and oneOf became anyOf:
		// two sets cannot be compared in general.
		o2 := *o.Alternatives
		o2.Mode = n.Alternatives.Mode
		looser := o.Alternatives.Mode == ir.OneOf && n.Alternatives.Mode == ir.AnyOf && alternativesText(&o2) == nt
		c.rules(where, d, []ruleChange{{!looser, "required properties changed from " + ot + " to " + nt}})
	}
}

// presence compares the sets of properties a struct may not have all at
// once (not: {required: [...]}) and its dependentRequired: a set or a
// dependency added refuses objects the old type took.
func (c *comparer) presence(where string, o, n *ir.Type, d dir) {
	forbidden := func(t *ir.Type) map[string]bool {
		m := map[string]bool{}
		for _, set := range t.Forbidden {
			s := slices.Clone(set)
			slices.Sort(s)
			m[strings.Join(s, ", ")] = true
		}
		return m
	}
	depends := func(t *ir.Type) map[string]bool {
		m := map[string]bool{}
		for _, dep := range t.Dependencies {
			for _, then := range dep.Then {
				m[dep.If+" requires "+then] = true
			}
		}
		return m
	}
	var changes []ruleChange
	for _, pair := range []struct {
		old, new    map[string]bool
		added, gone string
	}{
		{forbidden(o), forbidden(n), "properties %s may no longer all be there together", "properties %s may now all be there together"},
		{depends(o), depends(n), "dependentRequired added: %s", "dependentRequired removed: %s"},
	} {
		for _, k := range slices.Sorted(maps.Keys(pair.new)) {
			if !pair.old[k] {
				changes = append(changes, ruleChange{true, fmt.Sprintf(pair.added, k)})
			}
		}
		for _, k := range slices.Sorted(maps.Keys(pair.old)) {
			if !pair.new[k] {
				changes = append(changes, ruleChange{false, fmt.Sprintf(pair.gone, k)})
			}
		}
	}
	if len(changes) > 0 {
		c.rules(where, d, changes)
	}
}

// receiverBurden classifies a change that asks more of whoever receives
// a value travelling in d: a guarantee it no longer has. The client
// receives responses and the server requests.
func receiverBurden(d dir) (Kind, bool) {
	switch {
	case d&dResp != 0:
		return ClientBreaking, d&dReq != 0
	case d&dReq != 0:
		return ServerBreaking, true
	}
	return Compatible, false
}

func modeName(m ir.UnionMode) string {
	switch m {
	case ir.AnyOf:
		return "anyOf"
	case ir.TypeList:
		return "a list of types"
	}
	return "oneOf"
}

// unionRules compares what picks the variants of a union: oneOf or anyOf,
// and the discriminator.
func (c *comparer) unionRules(o, n *ir.Type, d dir) {
	where := "type " + n.Name
	if o.Mode != n.Mode {
		switch {
		case o.Mode == ir.OneOf && n.Mode == ir.AnyOf:
			what := "now anyOf (was oneOf): a value valid for several variants is accepted and decodes into each of them"
			switch k, server := receiverBurden(d); k {
			case ClientBreaking:
				c.add(k, server, where, "%s, so code that reads responses may find several set", what)
			case ServerBreaking:
				c.add(k, server, where, "%s, so handlers may receive several set", what)
			default:
				c.add(k, server, where, "%s", what)
			}
		default:
			c.rules(where, d, []ruleChange{{true, fmt.Sprintf("now %s (was %s)", modeName(n.Mode), modeName(o.Mode))}})
		}
	}
	od, nd := o.Discriminator, n.Discriminator
	switch {
	case od == nil && nd == nil:
		return
	case od == nil:
		c.rules(where, d, []ruleChange{{true, fmt.Sprintf("discriminator %s added: values whose %s does not name a variant are refused", nd.Property, nd.Property)}})
		return
	case nd == nil:
		c.add(Compatible, false, where, "discriminator %s removed: the variant is found by trying each", od.Property)
		return
	case od.Property != nd.Property:
		c.add(ClientBreaking, false, where, "discriminator property now %s (was %s): values that name their variant the old way are refused, old clients against the new server and new clients against an old one", nd.Property, od.Property)
		return
	}
	olds, news := map[string]string{}, map[string]string{}
	for _, m := range od.Mapping {
		olds[m.Value] = m.Variant
	}
	for _, m := range nd.Mapping {
		news[m.Value] = m.Variant
	}
	dropped := map[string]bool{} // variants that lost a value
	for _, m := range od.Mapping {
		nv, ok := news[m.Value]
		if ok && nv == m.Variant {
			continue
		}
		dropped[m.Variant] = true
		var now []string
		for _, x := range nd.Mapping {
			if x.Variant == m.Variant && olds[x.Value] != x.Variant {
				now = append(now, fmt.Sprintf("%q", x.Value))
			}
		}
		what := fmt.Sprintf("discriminator value %q no longer picks variant %s", m.Value, m.Variant)
		switch {
		case ok:
			what += " (it picks " + nv + ")"
		case len(now) > 0:
			what = fmt.Sprintf("discriminator value of variant %s now %s (was %q)", m.Variant, strings.Join(now, ", "), m.Value)
		}
		c.add(ClientBreaking, false, where, "%s: values that carry the old one are refused, old clients against the new server and new clients against an old one (the Go code compiles as before)", what)
	}
	for _, m := range nd.Mapping {
		if _, ok := olds[m.Value]; ok {
			continue
		}
		if dropped[m.Variant] {
			continue // reported above as the variant's value changing
		}
		c.add(Compatible, false, where, "discriminator value %q added: it picks variant %s", m.Value, m.Variant)
	}
}
