package emit

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/specgen/specgen/generator/emit/lookaround"
	"github.com/specgen/specgen/generator/emit/runpattern"
	"github.com/specgen/specgen/generator/ir"
)

// computeNeeds finds which types have a validate method that checks
// anything, to a fixed point so that recursive types are handled.
func (g *gen) computeNeeds() {
	for changed := true; changed; {
		changed = false
		for _, t := range g.p.Types {
			if !g.needs[t] && g.typeNeeds(t) {
				g.needs[t] = true
				changed = true
			}
		}
	}
	g.computeNilSafe()
}

// computeNilSafe picks the types whose validate method takes a nil
// receiver, so that the optional pointers to them are checked in one line:
// those with a pointer receiver that more than one optional property or
// variant points to.
func (g *gen) computeNilSafe() {
	g.nilSafe = map[*ir.Type]bool{}
	refs := map[*ir.Type]int{}
	for _, t := range g.p.Types {
		switch t.Kind {
		case ir.Struct:
			for _, f := range t.Fields {
				switch shapeOf(f, isParams(t)) {
				case shapePtr, shapeNullPtr:
					if f.Schema.Kind == ir.KNamed && !(f.Required && (f.ReadOnly || f.WriteOnly)) {
						refs[f.Schema.Named]++
					}
				}
			}
		case ir.Union:
			for _, v := range t.Variants {
				if v.Schema.Kind == ir.KNamed {
					refs[v.Schema.Named]++
				}
			}
		}
	}
	for t, n := range refs {
		if n > 1 && g.needs[t] && pointerReceiver(t) {
			g.nilSafe[t] = true
		}
	}
}

func (g *gen) typeNeeds(t *ir.Type) bool {
	switch t.Kind {
	case ir.Enum:
		return !t.Open || g.schemaNeeds(t.Underlying)
	case ir.Union, ir.Tuple:
		return true
	case ir.External:
		return false
	case ir.Struct:
		if len(trackedFields(t)) > 0 || (t.Additional != nil && g.schemaNeeds(t.Additional)) || t.Alternatives != nil || len(t.Patterns) > 0 ||
			len(t.Forbidden) > 0 || len(t.Dependencies) > 0 || !t.ObjectRules.Empty() {
			return true
		}
		for _, f := range t.Fields {
			if f.ReadOnly || f.WriteOnly || g.schemaNeeds(f.Schema) {
				return true
			}
		}
		return false
	}
	if t.Kind == ir.Scalar && t.Underlying != nil && t.Underlying.Kind == ir.KNamed {
		// An alias has the methods of the type it names; its own rules are
		// checked where it is used.
		return g.needs[t.Underlying.Named]
	}
	return t.Underlying != nil && g.schemaNeeds(t.Underlying)
}

func (g *gen) schemaNeeds(s *ir.Schema) bool {
	switch s.Kind {
	case ir.KNamed:
		return g.needs[s.Named] || useRules(s) != nil
	case ir.KArray, ir.KMap:
		return !s.Rules.Empty() || g.schemaNeeds(s.Elem)
	}
	return !s.Rules.Empty()
}

// useRules is the schema of the rules a use of a named type adds to the
// type's own ({$ref: Count, maximum: 5} in 3.1, allOf: [$ref] beside
// maximum in 3.0): checked on the value as its base kind, a scalar, a list
// or a map (the type checks the items itself). nil when there are none, or
// for an object, union or tuple.
func useRules(s *ir.Schema) *ir.Schema {
	if s.Kind != ir.KNamed || s.Rules.Empty() {
		return nil
	}
	switch b := s.Base(); b.Kind {
	case ir.KString, ir.KInt, ir.KNumber, ir.KBool:
		return &ir.Schema{Kind: b.Kind, Format: b.Format, Rules: s.Rules}
	case ir.KArray, ir.KMap:
		return &ir.Schema{Kind: b.Kind, Elem: &ir.Schema{Kind: ir.KAny}, Rules: s.Rules}
	}
	return nil
}

// useVal is the value of a named type as the checks of its base kind
// take it: a named boolean converted to bool, for && and !.
func useVal(u *ir.Schema, val expr) expr {
	if u.Kind == ir.KBool {
		return func() *jen.Statement { return jen.Bool().Parens(val()) }
	}
	return val
}

func (g *gen) validateFile(f *jen.File) {
	var decls []jen.Code
	for _, t := range g.p.Types {
		if (t.Kind == ir.Scalar && t.Underlying.Kind == ir.KNamed) || t.Kind == ir.External {
			continue // an alias shares its target's methods
		}
		decls = append(decls, g.validateDecl(t))
	}
	if len(g.patOrder) > 0 {
		var defs []jen.Code
		for _, p := range g.patOrder {
			defs = append(defs, jen.Id(g.patterns[p]).Op("=").Add(patternValue(p)))
		}
		f.Add(comment("Patterns of the spec, compiled once. A run of characters from one set is matched\nwithout a regular expression: runPattern has the run's bounds and its set."))
		f.Var().Defs(defs...)
	}
	for _, d := range decls {
		f.Add(d)
	}
}

func pointerReceiver(t *ir.Type) bool {
	return t.Kind == ir.Struct || t.Kind == ir.Union || t.Kind == ir.Tuple
}

func receiver(t *ir.Type) *jen.Statement {
	if pointerReceiver(t) {
		return jen.Id("v").Op("*").Id(t.Name)
	}
	return jen.Id("v").Id(t.Name)
}

// validateDecl emits Validate (and ValidateRequest/ValidateResponse where
// direction matters) and the validate method that does the work.
func (g *gen) validateDecl(t *ir.Type) jen.Code {
	out := jen.Null()
	if !g.needs[t] {
		return out.Add(comment(fmt.Sprintf("Validate reports nothing: %s has no rules to break.", t.Name))).Line().
			Func().Params(receiver(t)).Id("Validate").Params().Error().Add(oneLine(jen.Return(jen.Nil()))).Line()
	}
	entry := func(name, dir, doc string) {
		out.Add(comment(doc)).Line().
			Func().Params(receiver(t)).Id(name).Params().Error().Add(oneLine(jen.Return(jen.Id("validateAll").Call(jen.Id("v"), jen.Id(dir))))).Line().Line()
	}
	if t.DirectionalRequired {
		entry("Validate", "dirAny", "Validate reports every rule v breaks as a *ValidationError, or nil. Properties that are\nrequired in one direction only (readOnly, writeOnly) are not required here; see\nValidateRequest and ValidateResponse.")
		entry("ValidateRequest", "dirRequest", "ValidateRequest is Validate for a value sent to the server: writeOnly properties\nlisted as required must be there.")
		entry("ValidateResponse", "dirResponse", "ValidateResponse is Validate for a value the server sends: readOnly properties\nlisted as required must be there.")
	} else {
		entry("Validate", "dirAny", "Validate reports every rule v breaks as a *ValidationError, or nil.")
	}
	var body []jen.Code
	switch t.Kind {
	case ir.Struct:
		body = g.structChecks(t)
		if t.Alternatives != nil {
			body = append(body, alternativeChecks(t)...)
		}
		body = append(body, presenceChecks(t)...)
		for i, p := range t.Patterns {
			m := &ir.Schema{Kind: ir.KMap, Elem: p.Schema, Rules: ir.Rules{KeyRules: &ir.Rules{Pattern: p.Pattern}}}
			body = append(body, g.checks(m, field(p.Field), pathConst(), i)...)
			if names := t.ObjectRules.KeyRules; names != nil {
				// propertyNames, beside the pattern: a check of the keys alone.
				keys := &ir.Schema{Kind: ir.KMap, Elem: &ir.Schema{Kind: ir.KAny}, Rules: ir.Rules{KeyRules: names}}
				body = append(body, g.checks(keys, field(p.Field), pathConst(), len(t.Patterns)+i)...)
			}
		}
		if t.Additional != nil {
			m := &ir.Schema{Kind: ir.KMap, Elem: t.Additional, Rules: ir.Rules{KeyRules: t.ObjectRules.KeyRules}}
			body = append(body, g.checks(m, func() *jen.Statement { return jen.Id("v").Dot("AdditionalProperties") }, pathConst(), 0)...)
		}
	case ir.Enum:
		if t.Open {
			body = g.checks(t.Underlying, useVal(t.Underlying, func() *jen.Statement { return jen.Id("v") }), pathConst(), 0)
			break
		}
		if t.Underlying.Kind == ir.KString {
			body = []jen.Code{jen.Id("checkEnum").Call(jen.Id("e"), jen.Id("path"), jen.Id("v"), readableLit(enumMessage(t)))}
			break
		}
		body = []jen.Code{jen.Id("e").Dot("enum").Call(jen.Id("v").Dot("Valid").Call(), jen.Id("path"), readableLit(enumMessage(t)))}
	case ir.Union:
		body = g.unionChecks(t)
	case ir.Tuple:
		body = g.tupleChecks(t)
	default:
		body = g.checks(t.Underlying, useVal(t.Underlying, func() *jen.Statement { return jen.Id("v") }), pathConst(), 0)
	}
	if g.nilSafe[t] {
		body = append([]jen.Code{jen.If(jen.Id("v").Op("==").Nil()).Block(jen.Return())}, body...)
	}
	sig := jen.Func().Params(receiver(t)).Id("validate").Params(jen.Id("e").Op("*").Id("validator"), jen.Id("path").Op("*").Id("vpath"), jen.Id("dir").Id("direction"))
	if len(body) == 1 {
		return out.Add(sig).Add(oneLine(body[0])).Line()
	}
	out.Add(sig).Block(body...).Line()
	return out
}

// unionChecks validates the variants of a union that are set and counts
// them against oneOf (exactly one) or anyOf (at least one).
func (g *gen) unionChecks(t *ir.Type) []jen.Code {
	var set []jen.Code
	names := make([]string, len(t.Variants))
	var each []jen.Code
	for i, v := range t.Variants {
		names[i] = v.Name
		set = append(set, jen.Id("v").Dot(v.Name).Op("!=").Nil())
		each = append(each, g.guarded(jen.Id("v").Dot(v.Name), v.Schema, pathConst())...)
	}
	body := []jen.Code{jen.Id("n").Op(":=").Id("countSet").Call(set...)}
	if matchDecoded(t) {
		// Decoding found the value valid for none: say so first, then
		// what the nearest variant, kept, breaks (which alone could
		// mislead: a wrong id reads as a missing externalId).
		rule := "oneOf"
		if t.Mode == ir.AnyOf {
			rule = "anyOf"
		}
		body = append(body, jen.Id("e").Dot("addIf").Call(jen.Id("v").Dot("unmatched"),
			jen.Id("path"), jen.Lit(rule), jen.Lit("is valid for none of "+joinNames(names))))
	}
	body = append(body, each...)
	check := jen.Id("checkOneOf")
	if t.Mode == ir.AnyOf {
		check = jen.Id("checkAnyOf")
	}
	body = append(body, check.Call(jen.Id("e"), jen.Id("path"), jen.Id("dir"), jen.Id("n"), jen.Id("v").Dot("other"), jen.Lit(joinNames(names))))
	if t.Mode == ir.AnyOf {
		return body
	}
	if tracksMatches(t) {
		args := []jen.Code{jen.Id("e"), jen.Id("path"), jen.Id("v").Dot("matched")}
		for _, v := range t.Variants {
			args = append(args, jen.Lit(v.Name))
		}
		body = append(body, jen.Id("checkMatched").Call(args...))
	}
	return body
}

// enumMessage is the violation of a value an enum type does not list: the
// values it does, or how many there are when that is more than a line
// holds. It never shows the value itself.
func enumMessage(t *ir.Type) string {
	show := make([]string, len(t.EnumValues))
	for i, v := range t.EnumValues {
		show[i] = v.Text()
	}
	switch list := strings.Join(show, ", "); {
	case len(show) == 0:
		return "is not a value the spec lists"
	case len(show) == 1:
		return "must be " + list
	case len(show) <= 8 && len(list) <= 80:
		return "must be one of " + list
	default:
		// Not the type's name: an alias's value would name its target.
		return fmt.Sprintf("must be one of the %d values the spec lists", len(show))
	}
}

// readableLit is a string literal, in backquotes when s has quotes to
// escape and can be written raw.
func readableLit(s string) jen.Code {
	if strings.Contains(s, `"`) && !strings.ContainsAny(s, "`\r") && strconv.CanBackquote(s) {
		return jen.Id("`" + s + "`")
	}
	return jen.Lit(s)
}

// guarded checks the value an optional pointer ptr points to, when it is
// set: through the pointer when the type's validate method takes nil, on
// one line when a single rule applies, else in an if block.
func (g *gen) guarded(ptr *jen.Statement, s *ir.Schema, path expr) []jen.Code {
	plain := useRules(s) == nil
	if s.Kind == ir.KNamed && g.nilSafe[s.Named] && plain {
		return []jen.Code{ptr.Clone().Dot("validate").Call(jen.Id("e"), path(), jen.Id("dir"))}
	}
	if s.Kind == ir.KNamed && s.Named.Kind == ir.Enum && !s.Named.Open && s.Named.Underlying.Kind == ir.KString && plain {
		return []jen.Code{jen.Id("checkEnumPtr").Call(jen.Id("e"), path(), ptr.Clone(), readableLit(enumMessage(s.Named)))}
	}
	list := g.checkList(s, func() *jen.Statement { return jen.Parens(jen.Op("*").Add(ptr.Clone())) }, path, 0)
	return guardPtr(ptr, list)
}

// guard runs checks under a condition: one rule as one addIf call with
// the condition joined to its own.
func guard(cond *jen.Statement, list []vcheck) []jen.Code {
	if len(list) == 0 {
		return nil
	}
	if len(list) == 1 && list[0].cond != nil {
		c := list[0]
		return []jen.Code{jen.Id("e").Dot("addIf").Call(cond.Op("&&").Add(c.cond), c.path, jen.Lit(c.rule), jen.Lit(c.msg))}
	}
	return []jen.Code{jen.If(cond).Block(codes(list)...)}
}

// guardPtr is guard for checks of the value the pointer ptr points to:
// one check that takes the pointer itself is called with it.
func guardPtr(ptr *jen.Statement, list []vcheck) []jen.Code {
	if len(list) == 1 && list[0].opt != nil {
		return []jen.Code{list[0].opt(ptr)}
	}
	return guard(ptr.Clone().Op("!=").Nil(), list)
}

type expr func() *jen.Statement

func pathConst() expr { return func() *jen.Statement { return jen.Id("path") } }

func fieldPath(name string) expr {
	return func() *jen.Statement { return pathField(jen.Id("path"), name) }
}

func field(name string) expr {
	return func() *jen.Statement { return jen.Id("v").Dot(name) }
}

func deref(recv, name string) expr {
	return func() *jen.Statement { return jen.Parens(jen.Op("*").Id(recv).Dot(name)) }
}

func (g *gen) structChecks(t *ir.Type) []jen.Code {
	params := isParams(t)
	bit := map[*ir.Field]int{}
	for i, f := range trackedFields(t) {
		bit[f] = i
	}
	// The required properties decoded JSON lacked are reported in property
	// order, one call for each run of them with no other check between.
	var all, body []jen.Code
	var run []jen.Code
	first := 0
	flush := func() {
		if len(run) > 0 {
			missing := jen.Id("v").Dot("missing")
			if first > 0 {
				missing.Op(">>").Lit(first)
			}
			all = append(all, jen.Id("e").Dot("requiredBits").Call(append([]jen.Code{jen.Id("path"), missing}, run...)...))
			run = nil
		}
		all = append(all, body...)
		body = nil
	}
	for _, f := range t.Fields {
		if len(body) > 0 {
			flush()
		}
		if i, ok := bit[f]; ok {
			if len(run) == 0 {
				first = i
			}
			run = append(run, jen.Lit(f.JSONName))
		}
		p := fieldPath(f.JSONName)
		if params {
			p = func() *jen.Statement { return pathLit(f.JSONName) }
		}
		var dir string
		if f.Required && f.ReadOnly {
			dir = "dirResponse"
		} else if f.Required && f.WriteOnly {
			dir = "dirRequest"
		}
		if f.LeftOutOfResponses() && !params {
			// A writeOnly property must not come back in a response (a
			// discriminator must: it tells the variant).
			if present := presentCond(f); present != nil {
				body = append(body, jen.Id("e").Dot("addIf").Call(jen.Id("dir").Op("==").Id("dirResponse").Op("&&").Add(present),
					p(), jen.Lit("writeOnly"), jen.Lit("must not be sent in a response")))
			}
		}
		fv := jen.Id("v").Dot(f.Name)
		switch shapeOf(f, params) {
		case shapeValue:
			list := g.checkList(f.Schema, field(f.Name), p, 0)
			if refLike(f.Schema) && !f.AlwaysRequired() {
				body = append(body, guard(fv.Clone().Op("!=").Nil(), list)...)
			} else {
				body = append(body, codes(list)...)
			}
		case shapeValueOmit:
			body = append(body, guard(fv.Clone().Op("!=").Add(zeroOf(f.Schema)), g.checkList(f.Schema, field(f.Name), p, 0))...)
		case shapeReqPtr:
			body = append(body, jen.If(fv.Clone().Op("==").Nil()).Block(
				jen.Id("e").Dot("required").Call(p()),
			).Else().Block(g.checks(f.Schema, deref("v", f.Name), p, 0)...))
		case shapePtr, shapeNullPtr:
			if dir != "" {
				body = append(body, g.directional(fv.Clone().Op("==").Nil(), dir, p, g.checks(f.Schema, deref("v", f.Name), p, 0)))
				continue
			}
			body = append(body, g.guarded(fv, f.Schema, p)...)
		case shapeOmitZero:
			list := g.checkList(f.Schema, field(f.Name), p, 0)
			switch {
			case dir != "":
				body = append(body, g.directional(fv.Clone().Op("==").Nil(), dir, p, codes(list)))
			case (f.Schema.Kind == ir.KArray || f.Schema.Kind == ir.KMap) && onlyElementRules(f.Schema.Rules):
				// Only the elements (and keys) have rules, and ranging over nil checks none.
				body = append(body, codes(list)...)
			default:
				body = append(body, guard(fv.Clone().Op("!=").Nil(), list)...)
			}
		case shapeNullable:
			var checks []jen.Code
			if inner := g.checks(f.Schema, func() *jen.Statement { return jen.Id("x") }, p, 0); len(inner) > 0 {
				// Get tells presence too.
				checks = []jen.Code{jen.If(jen.List(jen.Id("x"), jen.Id("ok")).Op(":=").Add(fv.Clone()).Dot("Get").Call(), jen.Id("ok")).Block(inner...)}
			}
			if dir != "" {
				body = append(body, g.directional(jen.Op("!").Add(fv.Clone()).Dot("Set"), dir, p, checks))
				continue
			}
			body = append(body, checks...)
		}
	}
	flush()
	return all
}

// directional checks a property required in one direction only: absent,
// it is reported in that direction; present, its checks run. A readOnly
// one is required in a handler's result (dirResult) too.
func (g *gen) directional(absent *jen.Statement, dir string, p expr, checks []jen.Code) jen.Code {
	op := "=="
	if dir == "dirResponse" {
		op = ">="
	}
	st := jen.If(absent).Block(jen.Id("e").Dot("addIf").Call(jen.Id("dir").Op(op).Id(dir), p(), jen.Lit("required"), jen.Lit("is required")))
	if len(checks) > 0 {
		st.Else().Block(checks...)
	}
	return st
}

// tupleChecks validates a Tuple: the count of items it writes against
// minItems and maxItems, each position by its schema, the rest by items,
// and that no optional position is missing before one that is set.
func (g *gen) tupleChecks(t *ir.Type) []jen.Code {
	nreq := 0
	for _, it := range t.Items {
		if it.Required {
			nreq++
		}
	}
	count := jen.Lit(nreq)
	if nreq > 0 {
		count = jen.Lit(nreq).Op("-").Id("v").Dot("short")
	}
	body := []jen.Code{jen.Id("n").Op(":=").Add(count)}
	var cases []jen.Code
	if t.Rest != nil {
		cases = append(cases, jen.Case(jen.Len(jen.Id("v").Dot("Rest")).Op(">").Lit(0)).Block(
			jen.Id("n").Op("=").Lit(len(t.Items)).Op("+").Len(jen.Id("v").Dot("Rest")),
		))
	}
	for i := len(t.Items) - 1; i >= 0; i-- {
		if it := t.Items[i]; !it.Required {
			cases = append(cases, jen.Case(jen.Id("v").Dot(it.Name).Op("!=").Nil()).Block(jen.Id("n").Op("=").Lit(i+1)))
		}
	}
	if len(cases) > 0 {
		body = append(body, jen.Switch().Block(cases...))
	}
	r := t.ArrayRules
	if r.MinItems != nil || r.MaxItems != nil {
		body = append(body, jen.Id("checkCount").Call(jen.Id("e"), jen.Id("path"), jen.Id("n"), boundArg(r.MinItems), boundArg(r.MaxItems), jen.Lit("items"), jen.Lit("minItems"), jen.Lit("maxItems")))
	}
	for i, it := range t.Items {
		ip := func() *jen.Statement { return pathIndex(jen.Id("path"), jen.Lit(i)) }
		if it.Required && !nullItem(it) {
			// Checked when decoded JSON had it (or the value was built in Go).
			if checks := g.checks(it.Schema, field(it.Name), ip, 0); len(checks) > 0 {
				body = append(body, jen.If(jen.Id("v").Dot("short").Op("<").Lit(nreq-i)).Block(checks...))
			}
			continue
		}
		checks := g.checks(it.Schema, deref("v", it.Name), ip, 0)
		if it.Required || it.Schema.Nullable {
			// nil is null here, which breaks none of the item's rules (a
			// nil optional one before a set one is written as null).
			if len(checks) > 0 {
				body = append(body, jen.If(jen.Id("v").Dot(it.Name).Op("!=").Nil()).Block(checks...))
			}
			continue
		}
		st := jen.If(jen.Id("v").Dot(it.Name).Op("==").Nil()).Block(
			jen.If(jen.Id("n").Op(">").Lit(i)).Block(
				jen.Id("e").Dot("add").Call(ip(), jen.Lit("prefixItems"), jen.Lit("is missing before an item that is set")),
			),
		)
		if len(checks) > 0 {
			st.Else().Block(checks...)
		}
		body = append(body, st)
	}
	if t.Rest != nil {
		item := func() *jen.Statement { return jen.Id("v").Dot("Rest").Index(jen.Id("i")) }
		inner := g.checks(t.Rest, derefElem(restOf(t), item),
			func() *jen.Statement { return pathIndex(jen.Id("path"), jen.Lit(len(t.Items)).Op("+").Id("i")) }, 1)
		if len(inner) > 0 {
			body = append(body, jen.For(jen.Id("i").Op(":=").Range().Id("v").Dot("Rest")).Block(unlessNil(restOf(t), item, inner)...))
		}
	}
	return body
}

// fieldPresence returns the condition that a field of a struct is there
// (with there false: that it is not): a required one by the bit of
// missing, an optional one by its Go form; nil for a field that always is.
func fieldPresence(t *ir.Type) func(f *ir.Field, there bool) *jen.Statement {
	bit := map[*ir.Field]int{}
	for i, f := range trackedFields(t) {
		bit[f] = i
	}
	return func(f *ir.Field, there bool) *jen.Statement {
		if i, ok := bit[f]; ok {
			eq := map[bool]string{true: "==", false: "!="}[there]
			return jen.Id("v").Dot("missing").Op("&").Id(fmt.Sprintf("(1 << %d)", i)).Op(eq).Lit(0)
		}
		return presenceCond(f, there)
	}
}

// presentTest is fieldPresence by JSON name: a literal for a property that
// always is there, or never (the struct does not name it).
func presentTest(t *ir.Type) func(name string, there bool) *jen.Statement {
	of := fieldPresence(t)
	return func(name string, there bool) *jen.Statement {
		for _, f := range t.Fields {
			if f.JSONName == name {
				if c := of(f, there); c != nil {
					return c
				}
				return jen.Lit(there)
			}
		}
		return jen.Lit(!there)
	}
}

// andAll joins conditions with &&; nil for none.
func andAll(conds []*jen.Statement) *jen.Statement {
	var all *jen.Statement
	for _, c := range conds {
		if all == nil {
			all = c
		} else {
			all = all.Op("&&").Add(c)
		}
	}
	return all
}

// presenceChecks checks how many properties a struct has (minProperties,
// maxProperties), its sets of properties that may not all be there (not:
// {required: [...]}) and its dependentRequired.
func presenceChecks(t *ir.Type) []jen.Code {
	present := presentTest(t)
	var out []jen.Code
	if r := t.ObjectRules; r.MinProps != nil || r.MaxProps != nil {
		// How many properties are there: the named ones set, the
		// entries of the maps that hold the others, and those it read past.
		of := fieldPresence(t)
		fixed := 0
		var set []jen.Code
		for _, f := range t.Fields {
			if c := of(f, true); c != nil {
				set = append(set, c)
			} else {
				fixed++
			}
		}
		var n *jen.Statement
		plus := func(c jen.Code) {
			if n == nil {
				n = jen.Add(c)
			} else {
				n = n.Op("+").Add(c)
			}
		}
		if fixed > 0 {
			plus(jen.Lit(fixed))
		}
		if len(set) > 0 {
			plus(jen.Id("countSet").Call(set...))
		}
		for _, p := range t.Patterns {
			plus(jen.Len(jen.Id("v").Dot(p.Field)))
		}
		if t.Additional != nil {
			plus(jen.Len(jen.Id("v").Dot("AdditionalProperties")))
		}
		if countsUnnamed(t) {
			plus(jen.Id("v").Dot("unnamed"))
		}
		if n == nil {
			n = jen.Lit(0)
		}
		out = append(out, jen.Id("checkCount").Call(jen.Id("e"), jen.Id("path"), n, boundArg(r.MinProps), boundArg(r.MaxProps), jen.Lit("properties"), jen.Lit("minProperties"), jen.Lit("maxProperties")))
	}
	for _, set := range t.Forbidden {
		msg := "has " + strings.Join(set, ", ") + ", which may not all be there together"
		switch len(set) {
		case 1:
			msg = "has " + set[0] + ", which is not allowed"
		case 2:
			msg = "has " + set[0] + " and " + set[1] + ", which may not both be there"
		}
		var conds []*jen.Statement
		for _, n := range set {
			conds = append(conds, present(n, true))
		}
		out = append(out, jen.If(andAll(conds)).Block(jen.Id("e").Dot("add").Call(jen.Id("path"), jen.Lit("not"), jen.Lit(msg))))
	}
	for _, d := range t.Dependencies {
		for _, n := range d.Then {
			out = append(out, jen.If(present(d.If, true).Op("&&").Add(present(n, false))).Block(
				jen.Id("e").Dot("add").Call(jen.Id("path"), jen.Lit("dependentRequired"), jen.Lit("has "+d.If+" but not "+n+", which "+d.If+" requires")),
			))
		}
	}
	return out
}

// alternativeChecks checks which of the property sets of a oneOf or anyOf
// of required-only branches are all there.
func alternativeChecks(t *ir.Type) []jen.Code {
	a := t.Alternatives
	present := presentTest(t)
	block := []jen.Code{jen.Id("n").Op(":=").Lit(0)}
	var names []string
	for i, set := range a.Sets {
		var conds []*jen.Statement
		if a.Empty[i] {
			// No property at all.
			for _, f := range t.Fields {
				conds = append(conds, present(f.JSONName, false))
			}
			for _, p := range t.Patterns {
				conds = append(conds, jen.Len(jen.Id("v").Dot(p.Field)).Op("==").Lit(0))
			}
			if t.Additional != nil {
				conds = append(conds, jen.Len(jen.Id("v").Dot("AdditionalProperties")).Op("==").Lit(0))
			}
			cond := andAll(conds)
			if cond == nil {
				cond = jen.True()
			}
			names = append(names, "no property")
			block = append(block, jen.If(cond).Block(jen.Id("n").Op("++")))
			continue
		}
		for _, name := range set {
			conds = append(conds, present(name, true))
		}
		cond := andAll(conds)
		names = append(names, strings.Join(set, ", "))
		block = append(block, jen.If(cond).Block(jen.Id("n").Op("++")))
	}
	list := strings.Join(names, "; ")
	if a.Mode == ir.AnyOf {
		block = append(block, jen.If(jen.Id("n").Op("==").Lit(0)).Block(
			jen.Id("e").Dot("add").Call(jen.Id("path"), jen.Lit("anyOf"), jen.Lit("has none of the property sets of its alternatives ("+list+"), want at least one")),
		))
	} else {
		block = append(block, jen.If(jen.Id("n").Op("!=").Lit(1)).Block(
			jen.Id("e").Dot("add").Call(jen.Id("path"), jen.Lit("oneOf"), jen.Qual("fmt", "Sprintf").Call(jen.Lit("has the properties of %d of its alternatives ("+list+"), want exactly one"), jen.Id("n"))),
		))
	}
	return []jen.Code{jen.Block(block...)}
}

// vcheck is one check of a value: a rule broken when cond holds, or code
// of another form.
type vcheck struct {
	cond      *jen.Statement
	path      jen.Code
	rule, msg string
	code      jen.Code
	// opt, when set, is the same check of an optional pointer in one call
	// that passes nil.
	opt func(ptr *jen.Statement) jen.Code
}

func (c vcheck) stmt() jen.Code {
	if c.cond != nil {
		return jen.Id("e").Dot("addIf").Call(c.cond, c.path, jen.Lit(c.rule), jen.Lit(c.msg))
	}
	return c.code
}

func codes(list []vcheck) []jen.Code {
	out := make([]jen.Code, len(list))
	for i, c := range list {
		out[i] = c.stmt()
	}
	return out
}

// checks emits the rules of one schema use on the value val at path.
func (g *gen) checks(s *ir.Schema, val, path expr, depth int) []jen.Code {
	return codes(g.checkList(s, val, path, depth))
}

// checkList is checks, each rule kept apart so that a caller can join a
// condition to it.
func (g *gen) checkList(s *ir.Schema, val, path expr, depth int) []vcheck {
	var list []vcheck
	r := s.Rules
	add := func(cond *jen.Statement, rule string, msg string) {
		list = append(list, vcheck{cond: cond, path: path(), rule: rule, msg: msg})
	}
	emit := func(c jen.Code) { list = append(list, vcheck{code: c}) }
	switch s.Kind {
	case ir.KNamed:
		// The rules of the use first (looser ones are dropped when the
		// model is built). When they are the tighter, useStart and useEnd
		// keep the type from reporting the same rule again: "at most 5"
		// here, not also the type's own "at most 10".
		u := useRules(s)
		scoped := u != nil && s.Tighter && g.needs[s.Named]
		if scoped {
			emit(jen.Id("e").Dot("useStart").Call())
		}
		if u != nil {
			list = append(list, g.checkList(u, useVal(u, val), path, depth)...)
		}
		if g.needs[s.Named] {
			emit(val().Dot("validate").Call(jen.Id("e"), path(), jen.Id("dir")))
		}
		if scoped {
			emit(jen.Id("e").Dot("useEnd").Call())
		}
	case ir.KString:
		if isTime(s) || isBytes(s) {
			break // the text rules apply to the wire form, which encoding/json checks
		}
		// checkLength(e, path, string(x), args...), or checkLengthPtr(e, path, p, args...)
		// for a pointer p to the string.
		text := func(f string, args ...jen.Code) {
			list = append(list, vcheck{
				code: jen.Id(f).Call(append([]jen.Code{jen.Id("e"), path(), jen.String().Parens(val())}, args...)...),
				opt: func(ptr *jen.Statement) jen.Code {
					return jen.Id(f + "Ptr").Call(append([]jen.Code{jen.Id("e"), path(), ptr}, args...)...)
				},
			})
		}
		if r.MinLength != nil || r.MaxLength != nil {
			text("checkLength", boundArg(r.MinLength), boundArg(r.MaxLength))
		}
		if r.Pattern != "" {
			text("checkPattern", g.patternVar(r.Pattern))
		}
		if r.Format != "" {
			text("checkFormat", jen.Lit(r.Format))
		}
		if c, ok := r.Const.(string); ok && r.HasConst {
			add(jen.String().Parens(val()).Op("!=").Lit(c), "const", "must be "+strconv.Quote(c))
		} else if r.HasConst {
			emit(jsonEnumCheck(val(), path(), "const", []any{r.Const}))
		}
		if r.Enum != nil {
			emit(enumCheck(s, val, path, r.Enum))
		}
	case ir.KBool:
		allowed := map[bool]bool{}
		values := r.Enum
		rule := "enum"
		if r.HasConst {
			values, rule = []any{r.Const}, "const"
		}
		other := false
		for _, x := range values {
			if b, ok := x.(bool); ok {
				allowed[b] = true
			} else {
				other = true
			}
		}
		switch {
		case values == nil || (allowed[true] && allowed[false]):
		case other || len(allowed) == 0:
			emit(jsonEnumCheck(val(), path(), rule, values))
		case allowed[true]:
			add(jen.Op("!").Add(val()), rule, "must be true")
		default:
			add(val(), rule, "must be false")
		}
		if r.HasConst && r.Enum != nil {
			emit(jsonEnumCheck(val(), path(), "enum", r.Enum))
		}
	case ir.KInt, ir.KNumber:
		isInt := s.Kind == ir.KInt
		lo, hi := typeRange(s)
		if r.Min != nil && *r.Min > lo && *r.Min <= hi {
			lit, op, msg := numBound(*r.Min, isInt, r.ExclusiveMin, true)
			add(val().Op(op).Add(lit), ruleName("minimum", r.ExclusiveMin), msg)
		}
		if r.Max != nil && *r.Max < hi && *r.Max >= lo {
			lit, op, msg := numBound(*r.Max, isInt, r.ExclusiveMax, false)
			add(val().Op(op).Add(lit), ruleName("maximum", r.ExclusiveMax), msg)
		}
		// A bound past every value of the Go type (minimum: 1e300 on an
		// int32) lets no value through. The int64 range's ends are
		// rounded in float64, so only a bound clearly past them counts.
		wide := isInt && s.Format == "int64"
		if r.Min != nil && (!wide && *r.Min > hi || wide && *r.Min > 1<<63) {
			_, _, msg := numBound(*r.Min, isInt, r.ExclusiveMin, true)
			emit(jen.Id("e").Dot("add").Call(path(), jen.Lit(ruleName("minimum", r.ExclusiveMin)), jen.Lit(msg)))
		}
		if r.Max != nil && (!wide && *r.Max < lo || wide && *r.Max < -(1<<63)) {
			_, _, msg := numBound(*r.Max, isInt, r.ExclusiveMax, false)
			emit(jen.Id("e").Dot("add").Call(path(), jen.Lit(ruleName("maximum", r.ExclusiveMax)), jen.Lit(msg)))
		}
		if r.MultipleOf != nil {
			m := *r.MultipleOf
			if isInt && m == math.Trunc(m) && m >= 1 && m < 1<<53 && m <= hi {
				add(val().Op("%").Id(strconv.FormatInt(int64(m), 10)).Op("!=").Lit(0), "multipleOf", "must be a multiple of "+fmtNum(m))
			} else {
				check := "isMultiple"
				if s.Format == "float" {
					check = "isMultiple32" // a float32 holds a decimal less closely
				}
				add(jen.Op("!").Id(check).Call(jen.Float64().Parens(val()), jen.Id(fmtNum(m))), "multipleOf", "must be a multiple of "+fmtNum(m))
			}
		}
		if c, ok := r.Const.(float64); ok && r.HasConst {
			if isInt && c == math.Trunc(c) && c >= lo && c <= hi {
				add(val().Op("!=").Id(strconv.FormatInt(int64(c), 10)), "const", "must be "+fmtNum(c))
			} else {
				add(jen.Float64().Parens(val()).Op("!=").Id(fmtNum(c)), "const", "must be "+fmtNum(c))
			}
		} else if r.HasConst {
			emit(jsonEnumCheck(val(), path(), "const", []any{r.Const}))
		}
		if r.Enum != nil {
			emit(enumCheck(s, val, path, r.Enum))
		}
	case ir.KAny, ir.KObject, ir.KExternal:
		if r.HasConst {
			emit(jsonEnumCheck(val(), path(), "const", []any{r.Const}))
		}
		if r.Enum != nil {
			emit(jsonEnumCheck(val(), path(), "enum", r.Enum))
		}
	}
	switch s.Kind {
	case ir.KArray, ir.KMap:
		if r.HasConst {
			emit(jsonEnumCheck(val(), path(), "const", []any{r.Const}))
		}
		if r.Enum != nil {
			emit(jsonEnumCheck(val(), path(), "enum", r.Enum))
		}
	}
	switch s.Kind {
	case ir.KArray:
		if r.MinItems != nil || r.MaxItems != nil {
			emit(jen.Id("checkCount").Call(jen.Id("e"), path(), jen.Len(val()), boundArg(r.MinItems), boundArg(r.MaxItems), jen.Lit("items"), jen.Lit("minItems"), jen.Lit("maxItems")))
		}
		if r.UniqueItems {
			check := "checkUnique"
			if s.Elem != nil && (s.Elem.Kind == ir.KAny || isRaw(s.Elem)) {
				check = "checkUniqueJSON" // values kept as written
			}
			emit(jen.Id(check).Call(jen.Id("e"), path(), val()))
		}
		i := fmt.Sprintf("i%d", depth)
		item := func() *jen.Statement { return val().Index(jen.Id(i)) }
		inner := g.checks(s.Elem,
			derefElem(s, item),
			func() *jen.Statement { return pathIndex(path(), jen.Id(i)) },
			depth+1)
		if len(inner) > 0 {
			emit(jen.For(jen.Id(i).Op(":=").Range().Add(val())).Block(unlessNil(s, item, inner)...))
		}
	case ir.KMap, ir.KObject:
		if r.MinProps != nil || r.MaxProps != nil {
			emit(jen.Id("checkCount").Call(jen.Id("e"), path(), jen.Len(val()), boundArg(r.MinProps), boundArg(r.MaxProps), jen.Lit("properties"), jen.Lit("minProperties"), jen.Lit("maxProperties")))
		}
		k := fmt.Sprintf("k%d", depth)
		x := fmt.Sprintf("x%d", depth)
		elemPath := func() *jen.Statement { return pathKey(path(), jen.Id(k)) }
		var inner []jen.Code
		if r.KeyRules != nil {
			inner = append(inner, g.checks(&ir.Schema{Kind: ir.KString, Rules: *r.KeyRules}, func() *jen.Statement { return jen.Id(k) }, elemPath, depth+1)...)
		}
		usesX := false
		if s.Kind == ir.KMap {
			item := func() *jen.Statement { usesX = true; return jen.Id(x) }
			vc := g.checks(s.Elem, derefElem(s, item), elemPath, depth+1)
			inner = append(inner, unlessNil(s, item, vc)...)
		}
		if len(inner) > 0 {
			// Map order is random: what the loop reports is put in key
			// order afterwards, so the violations come out the same way
			// every time, without sorting the keys of valid maps.
			mark := fmt.Sprintf("n%d", depth)
			keyVar, valVar := jen.Id(k), jen.Id("_")
			if usesX {
				valVar = jen.Id(x)
			}
			emit(jen.Block(
				jen.Id(mark).Op(":=").Len(jen.Id("e").Dot("violations")),
				jen.For(rangeVars(keyVar, valVar, usesX).Op(":=").Range().Add(val())).Block(inner...),
				jen.Id("e").Dot("sortFrom").Call(jen.Id(mark)),
			))
		}
	}
	return list
}

// derefElem is the value of an item of the array or map s, given the
// item: what it points to when items are held by pointer.
func derefElem(s *ir.Schema, item expr) expr {
	if !s.PointerElems() || s.Elem.Kind == ir.KNamed && useRules(s.Elem) == nil {
		return item // a method called on the pointer reads what it points to
	}
	return func() *jen.Statement { return jen.Parens(jen.Op("*").Add(item())) }
}

// unlessNil guards the checks of an item held by pointer: a nil one is a
// null, which breaks none of the item's rules.
func unlessNil(s *ir.Schema, item expr, checks []jen.Code) []jen.Code {
	if !s.PointerElems() || len(checks) == 0 {
		return checks
	}
	return []jen.Code{jen.If(item().Op("!=").Nil()).Block(checks...)}
}

// enumCheck checks that a string or number is one of the allowed values
// (an enum written beside a reference, which narrows its target's):
// compared in Go when they are all of the value's kind and range, as JSON
// otherwise. null is the nullability's business: a value here is not
// null, so an enum of null alone allows none. Like a type's own enum, it
// is not checked where enums are open.
func enumCheck(s *ir.Schema, val, path expr, allowed []any) jen.Code {
	lo, hi := typeRange(s)
	var cond *jen.Statement
	var shown []string
	seen := map[string]bool{}
	for _, a := range allowed {
		var lit string
		out := false
		switch x := a.(type) {
		case nil:
			if !seen["null"] {
				seen["null"] = true
				shown = append(shown, "null")
			}
			continue
		case string:
			if s.Kind == ir.KString {
				lit = strconv.Quote(x)
			}
		case float64:
			if s.Kind == ir.KNumber || (s.Kind == ir.KInt && x == math.Trunc(x)) {
				lit, out = fmtNum(x), x < lo || x > hi
			}
		case int:
			if s.Kind == ir.KInt || s.Kind == ir.KNumber {
				lit, out = strconv.Itoa(x), float64(x) < lo || float64(x) > hi
			}
		case int64:
			if s.Kind == ir.KInt || s.Kind == ir.KNumber {
				lit, out = strconv.FormatInt(x, 10), float64(x) < lo || float64(x) > hi
			}
		}
		if lit == "" {
			return jsonEnumCheck(val(), path(), "enum", allowed)
		}
		if seen[lit] {
			continue // a repeat: go vet calls x == 1 || x == 1 redundant
		}
		seen[lit] = true
		shown = append(shown, lit)
		if out {
			continue // no value of the Go type is this one
		}
		eq := val().Op("==").Id(lit)
		if cond == nil {
			cond = eq
		} else {
			cond = cond.Op("||").Add(eq)
		}
	}
	if cond == nil {
		// No value of the Go type is allowed (null alone, say).
		return jsonEnumCheck(val(), path(), "enum", allowed)
	}
	msg := "must be " + shown[0]
	if len(shown) > 1 {
		msg = "must be one of " + strings.Join(shown, ", ")
	}
	return jen.Id("e").Dot("enum").Call(cond, path(), jen.Lit(msg))
}

// jsonEnumCheck checks that a value is one of the allowed JSON values,
// compared as JSON: for const and enum on types without constants.
func jsonEnumCheck(val *jen.Statement, path *jen.Statement, rule string, allowed []any) jen.Code {
	args := []jen.Code{jen.Id("e"), path, val, jen.Lit(rule)}
	seen := map[string]bool{}
	for _, a := range allowed {
		b, err := json.Marshal(a)
		if err != nil {
			b = []byte("null")
		}
		if !seen[string(b)] { // an enum may repeat a value
			seen[string(b)] = true
			args = append(args, jen.Lit(string(b)))
		}
	}
	return jen.Id("checkJSONEnum").Call(args...)
}

// typeRange is the range of values the Go type of a number holds; bounds
// at or past its ends are checked by the type itself.
func typeRange(s *ir.Schema) (lo, hi float64) {
	switch {
	case s.Kind == ir.KInt && s.Format == "int32":
		return math.MinInt32, math.MaxInt32
	case s.Kind == ir.KInt:
		return -(1 << 63), 1<<63 - 1024 // the largest float64 below 2^63
	case s.Format == "float":
		return -math.MaxFloat32, math.MaxFloat32
	}
	return -math.MaxFloat64, math.MaxFloat64
}

func ruleName(base string, exclusive bool) string {
	if exclusive {
		return "exclusive" + string(base[0]-32) + base[1:]
	}
	return base
}

func boundArg(p *uint64) jen.Code {
	if p == nil {
		return jen.Lit(-1)
	}
	return jen.Lit(int(*p))
}

func fmtNum(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64) // 9007199254740991, not 9.007199254740991e+15
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// numBound returns the literal to compare with, the operator that finds a
// violation, and the message.
func numBound(b float64, isInt, exclusive, lower bool) (jen.Code, string, string) {
	if isInt && b != math.Trunc(b) {
		// An integer against a fractional bound: round the bound inwards.
		if lower {
			b, exclusive = math.Ceil(b), false
		} else {
			b, exclusive = math.Floor(b), false
		}
	}
	lit := jen.Id(fmtNum(b))
	if isInt && b >= -(1<<63) && b < 1<<63 {
		lit = jen.Id(strconv.FormatInt(int64(b), 10))
	}
	switch {
	case lower && exclusive:
		return lit, "<=", "must be greater than " + fmtNum(b)
	case lower:
		return lit, "<", "must be at least " + fmtNum(b)
	case exclusive:
		return lit, ">=", "must be less than " + fmtNum(b)
	}
	return lit, ">", "must be at most " + fmtNum(b)
}

// patternVar is the variable that holds a compiled pattern (see pattern).
func (g *gen) patternVar(p string) *jen.Statement {
	if g.asked != nil {
		return g.ask(deferredName{pattern: p})
	}
	return jen.Id(g.pattern(p))
}

// pattern returns the variable that holds a compiled pattern.
func (g *gen) pattern(p string) string {
	if n, ok := g.patterns[p]; ok {
		return n
	}
	n := "pattern" + strconv.Itoa(len(g.patOrder))
	g.patterns[p] = n
	g.patOrder = append(g.patOrder, p)
	return n
}

// presentCond is the condition under which an optional field is present,
// or nil when its Go form cannot tell.
func presentCond(f *ir.Field) *jen.Statement { return presenceCond(f, true) }

// presenceCond is presentCond, or with there false its opposite: the
// condition that an optional field is not there.
func presenceCond(f *ir.Field, there bool) *jen.Statement {
	op := map[bool]string{true: "!=", false: "=="}[there]
	switch shapeOf(f, false) {
	case shapePtr, shapeNullPtr, shapeOmitZero, shapeReqPtr:
		return jen.Id("v").Dot(f.Name).Op(op).Nil()
	case shapeNullable:
		if there {
			return jen.Id("v").Dot(f.Name).Dot("Set")
		}
		return jen.Op("!").Id("v").Dot(f.Name).Dot("Set")
	case shapeValueOmit:
		return jen.Id("v").Dot(f.Name).Op(op).Add(zeroOf(f.Schema))
	}
	return nil
}

// The JSON paths of violations, as *vpath values built on the stack and
// written out only when a violation is reported.
func pathRoot() *jen.Statement { return jen.Nil() }

func pathLit(name string) *jen.Statement {
	return jen.Op("&").Id("vpath").Values(jen.Id("name").Op(":").Lit(name))
}

func pathField(up *jen.Statement, name string) *jen.Statement {
	return jen.Op("&").Id("vpath").Values(jen.Id("up").Op(":").Add(up), jen.Id("name").Op(":").Lit(name))
}

func pathIndex(up *jen.Statement, i jen.Code) *jen.Statement {
	return jen.Op("&").Id("vpath").Values(jen.Id("up").Op(":").Add(up), jen.Id("idx").Op(":").Add(i), jen.Id("kind").Op(":").Lit(1))
}

func pathKey(up *jen.Statement, k jen.Code) *jen.Statement {
	return jen.Op("&").Id("vpath").Values(jen.Id("up").Op(":").Add(up), jen.Id("name").Op(":").Add(k), jen.Id("kind").Op(":").Lit(2))
}

func rangeVars(k, v *jen.Statement, both bool) *jen.Statement {
	if both {
		return jen.List(k, v)
	}
	return k
}

// onlyElementRules reports whether an array's or map's rules apply to its
// elements and keys only, none to the whole.
func onlyElementRules(r ir.Rules) bool {
	r.KeyRules = nil
	return r.Empty()
}

// patternValue is the pattern src: a run the runtime matches by a loop over
// the runes, a regular expression, or one with lookarounds, split.
func patternValue(src string) jen.Code {
	r, ok := runpattern.Parse(src)
	if !ok {
		main, conds, ok := lookaround.Split(src)
		if !ok {
			return jen.Id("newPattern").Call(jen.Lit(src))
		}
		var must, mustNot []jen.Code
		for _, c := range conds {
			if c.Not {
				mustNot = append(mustNot, jen.Lit(c.Expr))
			} else {
				must = append(must, jen.Lit(c.Expr))
			}
		}
		list := func(l []jen.Code) jen.Code {
			if l == nil {
				return jen.Nil()
			}
			return jen.Index().String().Values(l...)
		}
		return jen.Id("lookPattern").Call(jen.Lit(src), jen.Lit(main), list(must), list(mustNot))
	}
	args := []jen.Code{jen.Lit(src), jen.Lit(r.Min), jen.Lit(r.Max), jen.Op(fmt.Sprintf("%#x", r.ASCII[0])), jen.Op(fmt.Sprintf("%#x", r.ASCII[1]))}
	for _, c := range r.Ranges {
		if utf8.ValidRune(c) {
			args = append(args, jen.LitRune(c))
		} else {
			args = append(args, jen.Op(fmt.Sprintf("%#x", c))) // a surrogate: '\ud800' is no Go literal
		}
	}
	return jen.Id("runPattern").Call(args...)
}
