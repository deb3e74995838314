package emit

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

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
}

func (g *gen) typeNeeds(t *ir.Type) bool {
	switch t.Kind {
	case ir.Enum, ir.Union, ir.Tuple:
		return true
	case ir.External:
		return false
	case ir.Struct:
		if len(trackedFields(t)) > 0 || (t.Additional != nil && g.schemaNeeds(t.Additional)) || t.Alternatives != nil || len(t.Patterns) > 0 {
			return true
		}
		for _, f := range t.Fields {
			if f.ReadOnly || f.WriteOnly || g.schemaNeeds(f.Schema) {
				return true
			}
		}
		return false
	}
	return t.Underlying != nil && g.schemaNeeds(t.Underlying)
}

func (g *gen) schemaNeeds(s *ir.Schema) bool {
	switch s.Kind {
	case ir.KNamed:
		return g.needs[s.Named]
	case ir.KArray, ir.KMap:
		return !s.Rules.Empty() || g.schemaNeeds(s.Elem)
	}
	return !s.Rules.Empty()
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
			defs = append(defs, jen.Id(g.patterns[p]).Op("=").Qual("regexp", "MustCompile").Call(jen.Lit(p)))
		}
		f.Add(comment("Patterns of the spec, compiled once."))
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
			Func().Params(receiver(t)).Id("Validate").Params().Error().Block(jen.Return(jen.Nil())).Line()
	}
	entry := func(name, dir, doc string) {
		out.Add(comment(doc)).Line().
			Func().Params(receiver(t)).Id(name).Params().Error().Block(
			jen.Var().Id("e").Id("validator"),
			jen.Id("v").Dot("validate").Call(jen.Op("&").Id("e"), jen.Nil(), jen.Id(dir)),
			jen.Return(jen.Id("e").Dot("err").Call()),
		).Line().Line()
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
		for i, p := range t.Patterns {
			m := &ir.Schema{Kind: ir.KMap, Elem: p.Schema, Rules: ir.Rules{KeyRules: &ir.Rules{Pattern: p.Pattern}}}
			body = append(body, g.checks(m, field(p.Field), pathConst(), i)...)
		}
		if t.Additional != nil {
			body = append(body, g.checks(&ir.Schema{Kind: ir.KMap, Elem: t.Additional}, func() *jen.Statement { return jen.Id("v").Dot("AdditionalProperties") }, pathConst(), 0)...)
		}
	case ir.Enum:
		var show jen.Code = jen.Qual("strconv", "Quote").Call(jen.String().Parens(jen.Id("v")))
		switch t.Underlying.Kind {
		case ir.KInt:
			show = jen.Qual("strconv", "FormatInt").Call(jen.Int64().Parens(jen.Id("v")), jen.Lit(10))
		case ir.KNumber:
			show = jen.Qual("strconv", "FormatFloat").Call(jen.Float64().Parens(jen.Id("v")), jen.LitRune('g'), jen.Lit(-1), jen.Lit(64))
		}
		body = []jen.Code{jen.If(jen.Op("!").Id("v").Dot("Valid").Call()).Block(
			jen.Id("e").Dot("add").Call(jen.Id("path"), jen.Lit("enum"), jen.Lit("unknown value ").Op("+").Add(show)),
		)}
	case ir.Union:
		body = append(body, jen.Id("n").Op(":=").Lit(0))
		if matchDecoded(t) {
			body = append(body, jen.Id("mark").Op(":=").Len(jen.Id("e").Dot("violations")))
		}
		for _, v := range t.Variants {
			inner := []jen.Code{jen.Id("n").Op("++")}
			inner = append(inner, g.checks(v.Schema, deref("v", v.Name), pathConst(), 0)...)
			body = append(body, jen.If(jen.Id("v").Dot(v.Name).Op("!=").Nil()).Block(inner...))
		}
		names := make([]string, len(t.Variants))
		for i, v := range t.Variants {
			names[i] = v.Name
		}
		rule := "oneOf"
		if t.Mode == ir.AnyOf {
			rule = "anyOf"
		}
		if matchDecoded(t) {
			// The kept variant breaks no rule of its own, yet decoding found
			// the value valid for none (another property than a closed object
			// allows, say).
			body = append(body, jen.If(jen.Id("v").Dot("unmatched").Op("&&").Len(jen.Id("e").Dot("violations")).Op("==").Id("mark")).Block(
				jen.Id("e").Dot("add").Call(jen.Id("path"), jen.Lit(rule), jen.Lit("is valid for none of "+joinNames(names))),
			))
		}
		if t.Mode == ir.AnyOf {
			body = append(body, jen.If(jen.Id("n").Op("==").Lit(0)).Block(
				jen.Id("e").Dot("add").Call(jen.Id("path"), jen.Lit("anyOf"), jen.Lit("has no variant set, want at least one")),
			))
			break
		}
		body = append(body, jen.If(jen.Id("n").Op("!=").Lit(1)).Block(
			jen.Id("e").Dot("add").Call(jen.Id("path"), jen.Lit("oneOf"), jen.Qual("fmt", "Sprintf").Call(jen.Lit("has %d variants set, want exactly one"), jen.Id("n"))),
		))
		if tracksMatches(t) {
			names := []jen.Code{jen.Id("v").Dot("matched")}
			for _, v := range t.Variants {
				names = append(names, jen.Lit(v.Name))
			}
			body = append(body, jen.If(jen.Id("v").Dot("matched").Op("!=").Lit(0)).Block(
				jen.Id("e").Dot("add").Call(jen.Id("path"), jen.Lit("oneOf"), jen.Lit("is valid for ").Op("+").Id("variantNames").Call(names...).Op("+").Lit(", want exactly one")),
			))
		}
	case ir.Tuple:
		body = g.tupleChecks(t)
	default:
		body = g.checks(t.Underlying, func() *jen.Statement { return jen.Id("v") }, pathConst(), 0)
	}
	out.Func().Params(receiver(t)).Id("validate").Params(jen.Id("e").Op("*").Id("validator"), jen.Id("path").Op("*").Id("vpath"), jen.Id("dir").Id("direction")).Block(body...).Line()
	return out
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
	var body []jen.Code
	bit := map[*ir.Field]int{}
	for i, f := range trackedFields(t) {
		bit[f] = i
	}
	for _, f := range t.Fields {
		p := fieldPath(f.JSONName)
		if params {
			p = func() *jen.Statement { return pathLit(f.JSONName) }
		}
		if i, ok := bit[f]; ok {
			body = append(body, jen.If(jen.Id("v").Dot("missing").Op("&").Id(fmt.Sprintf("(1 << %d)", i)).Op("!=").Lit(0)).Block(
				jen.Id("e").Dot("required").Call(p()),
			))
		}
		var dir string
		if f.Required && f.ReadOnly {
			dir = "dirResponse"
		} else if f.Required && f.WriteOnly {
			dir = "dirRequest"
		}
		if f.WriteOnly && !params {
			// A writeOnly property must not come back in a response.
			if present := presentCond(f); present != nil {
				body = append(body, jen.If(jen.Id("dir").Op("==").Id("dirResponse").Op("&&").Add(present)).Block(
					jen.Id("e").Dot("add").Call(p(), jen.Lit("writeOnly"), jen.Lit("must not be sent in a response")),
				))
			}
		}
		var absent, present *jen.Statement
		var checks []jen.Code
		switch shapeOf(f, params) {
		case shapeValue:
			checks = g.checks(f.Schema, field(f.Name), p, 0)
			if refLike(f.Schema) && !f.AlwaysRequired() {
				present = jen.Id("v").Dot(f.Name).Op("!=").Nil()
			}
		case shapeValueOmit:
			if checks := g.checks(f.Schema, field(f.Name), p, 0); len(checks) > 0 {
				body = append(body, jen.If(jen.Id("v").Dot(f.Name).Op("!=").Add(zeroOf(f.Schema))).Block(checks...))
			}
			continue
		case shapeReqPtr:
			body = append(body, jen.If(jen.Id("v").Dot(f.Name).Op("==").Nil()).Block(
				jen.Id("e").Dot("required").Call(p()),
			).Else().Block(g.checks(f.Schema, deref("v", f.Name), p, 0)...))
			continue
		case shapePtr, shapeNullPtr:
			absent = jen.Id("v").Dot(f.Name).Op("==").Nil()
			checks = g.checks(f.Schema, deref("v", f.Name), p, 0)
		case shapeOmitZero:
			checks = g.checks(f.Schema, field(f.Name), p, 0)
			if r := f.Schema.Rules; dir == "" && (f.Schema.Kind == ir.KArray || f.Schema.Kind == ir.KMap) && onlyElementRules(r) {
				// Only the elements (and keys) have rules, and ranging over nil checks none.
				body = append(body, checks...)
				continue
			}
			absent = jen.Id("v").Dot(f.Name).Op("==").Nil()
		case shapeNullable:
			absent = jen.Op("!").Id("v").Dot(f.Name).Dot("Set")
			inner := g.checks(f.Schema, func() *jen.Statement { return jen.Id("x") }, p, 0)
			if len(inner) > 0 {
				checks = []jen.Code{jen.If(jen.List(jen.Id("x"), jen.Id("ok")).Op(":=").Id("v").Dot(f.Name).Dot("Get").Call(), jen.Id("ok")).Block(inner...)}
			}
		}
		switch {
		case absent != nil && dir != "":
			st := jen.If(absent).Block(jen.If(jen.Id("dir").Op("==").Id(dir)).Block(jen.Id("e").Dot("required").Call(p())))
			if len(checks) > 0 {
				st.Else().Block(checks...)
			}
			body = append(body, st)
		case absent != nil && len(checks) > 0:
			if shapeOf(f, params) == shapeNullable {
				body = append(body, checks...) // Get already tells presence
			} else {
				body = append(body, jen.If(jen.Id("v").Dot(f.Name).Op("!=").Nil()).Block(checks...))
			}
		case present != nil && len(checks) > 0:
			body = append(body, jen.If(present).Block(checks...))
		default:
			body = append(body, checks...)
		}
	}
	return body
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
		if it.Required {
			// Checked when decoded JSON had it (or the value was built in Go).
			if checks := g.checks(it.Schema, field(it.Name), ip, 0); len(checks) > 0 {
				body = append(body, jen.If(jen.Id("v").Dot("short").Op("<").Lit(nreq-i)).Block(checks...))
			}
			continue
		}
		checks := g.checks(it.Schema, deref("v", it.Name), ip, 0)
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
		inner := g.checks(t.Rest,
			func() *jen.Statement { return jen.Id("v").Dot("Rest").Index(jen.Id("i")) },
			func() *jen.Statement { return pathIndex(jen.Id("path"), jen.Lit(len(t.Items)).Op("+").Id("i")) }, 1)
		if len(inner) > 0 {
			body = append(body, jen.For(jen.Id("i").Op(":=").Range().Id("v").Dot("Rest")).Block(inner...))
		}
	}
	return body
}

// alternativeChecks checks which of the property sets of a oneOf or anyOf
// of required-only branches are all there.
func alternativeChecks(t *ir.Type) []jen.Code {
	a := t.Alternatives
	bit := map[*ir.Field]int{}
	for i, f := range trackedFields(t) {
		bit[f] = i
	}
	present := func(name string) *jen.Statement {
		for _, f := range t.Fields {
			if f.JSONName != name {
				continue
			}
			if i, ok := bit[f]; ok {
				return jen.Id("v").Dot("missing").Op("&").Id(fmt.Sprintf("(1 << %d)", i)).Op("==").Lit(0)
			}
			if c := presentCond(f); c != nil {
				return c
			}
			return jen.True()
		}
		return jen.False()
	}
	block := []jen.Code{jen.Id("n").Op(":=").Lit(0)}
	var names []string
	for i, set := range a.Sets {
		if a.Empty[i] {
			// No property at all.
			var cond *jen.Statement
			and := func(c *jen.Statement) {
				if cond == nil {
					cond = c
				} else {
					cond = cond.Op("&&").Add(c)
				}
			}
			for _, f := range t.Fields {
				and(jen.Op("!").Parens(present(f.JSONName)))
			}
			for _, p := range t.Patterns {
				and(jen.Len(jen.Id("v").Dot(p.Field)).Op("==").Lit(0))
			}
			if t.Additional != nil {
				and(jen.Len(jen.Id("v").Dot("AdditionalProperties")).Op("==").Lit(0))
			}
			if cond == nil {
				cond = jen.True()
			}
			names = append(names, "no property")
			block = append(block, jen.If(cond).Block(jen.Id("n").Op("++")))
			continue
		}
		var cond *jen.Statement
		for _, name := range set {
			if cond == nil {
				cond = present(name)
			} else {
				cond = cond.Op("&&").Add(present(name))
			}
		}
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

// checks emits the rules of one schema use on the value val at path.
func (g *gen) checks(s *ir.Schema, val, path expr, depth int) []jen.Code {
	var out []jen.Code
	r := s.Rules
	add := func(cond *jen.Statement, rule string, msg jen.Code) {
		out = append(out, jen.If(cond).Block(jen.Id("e").Dot("add").Call(path(), jen.Lit(rule), msg)))
	}
	switch s.Kind {
	case ir.KNamed:
		if g.needs[s.Named] {
			out = append(out, val().Dot("validate").Call(jen.Id("e"), path(), jen.Id("dir")))
		}
	case ir.KString:
		if isTime(s) || isBytes(s) {
			break // the text rules apply to the wire form, which encoding/json checks
		}
		if r.MinLength != nil || r.MaxLength != nil {
			out = append(out, jen.Id("checkLength").Call(jen.Id("e"), path(), jen.String().Parens(val()), boundArg(r.MinLength), boundArg(r.MaxLength)))
		}
		if r.Pattern != "" {
			out = append(out, jen.Id("checkPattern").Call(jen.Id("e"), path(), jen.String().Parens(val()), jen.Id(g.pattern(r.Pattern))))
		}
		if r.Format != "" {
			out = append(out, jen.Id("checkFormat").Call(jen.Id("e"), path(), jen.String().Parens(val()), jen.Lit(r.Format)))
		}
		if c, ok := r.Const.(string); ok && r.HasConst {
			add(jen.String().Parens(val()).Op("!=").Lit(c), "const", jen.Lit("must be "+strconv.Quote(c)))
		} else if r.HasConst {
			out = append(out, jsonEnumCheck(val(), path(), "const", []any{r.Const}))
		}
		if r.Enum != nil {
			out = append(out, jsonEnumCheck(val(), path(), "enum", r.Enum))
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
			out = append(out, jsonEnumCheck(val(), path(), rule, values))
		case allowed[true]:
			add(jen.Op("!").Add(val()), rule, jen.Lit("must be true"))
		default:
			add(val(), rule, jen.Lit("must be false"))
		}
		if r.HasConst && r.Enum != nil {
			out = append(out, jsonEnumCheck(val(), path(), "enum", r.Enum))
		}
	case ir.KInt, ir.KNumber:
		isInt := s.Kind == ir.KInt
		lo, hi := typeRange(s)
		if r.Min != nil && *r.Min > lo && *r.Min <= hi {
			lit, op, msg := numBound(*r.Min, isInt, r.ExclusiveMin, true)
			add(val().Op(op).Add(lit), ruleName("minimum", r.ExclusiveMin), jen.Lit(msg))
		}
		if r.Max != nil && *r.Max < hi && *r.Max >= lo {
			lit, op, msg := numBound(*r.Max, isInt, r.ExclusiveMax, false)
			add(val().Op(op).Add(lit), ruleName("maximum", r.ExclusiveMax), jen.Lit(msg))
		}
		if r.MultipleOf != nil {
			m := *r.MultipleOf
			if isInt && m == math.Trunc(m) && m >= 1 && m < 1<<53 {
				add(val().Op("%").Id(strconv.FormatInt(int64(m), 10)).Op("!=").Lit(0), "multipleOf", jen.Lit("must be a multiple of "+fmtNum(m)))
			} else {
				add(jen.Op("!").Id("isMultiple").Call(jen.Float64().Parens(val()), jen.Id(fmtNum(m))), "multipleOf", jen.Lit("must be a multiple of "+fmtNum(m)))
			}
		}
		if c, ok := r.Const.(float64); ok && r.HasConst {
			if isInt && c == math.Trunc(c) && math.Abs(c) < 1<<63 {
				add(val().Op("!=").Id(strconv.FormatInt(int64(c), 10)), "const", jen.Lit("must be "+fmtNum(c)))
			} else {
				add(jen.Float64().Parens(val()).Op("!=").Id(fmtNum(c)), "const", jen.Lit("must be "+fmtNum(c)))
			}
		} else if r.HasConst {
			out = append(out, jsonEnumCheck(val(), path(), "const", []any{r.Const}))
		}
		if r.Enum != nil {
			out = append(out, jsonEnumCheck(val(), path(), "enum", r.Enum))
		}
	case ir.KAny, ir.KObject, ir.KExternal:
		if r.HasConst {
			out = append(out, jsonEnumCheck(val(), path(), "const", []any{r.Const}))
		}
		if r.Enum != nil {
			out = append(out, jsonEnumCheck(val(), path(), "enum", r.Enum))
		}
	}
	switch s.Kind {
	case ir.KArray, ir.KMap:
		if r.HasConst {
			out = append(out, jsonEnumCheck(val(), path(), "const", []any{r.Const}))
		}
		if r.Enum != nil {
			out = append(out, jsonEnumCheck(val(), path(), "enum", r.Enum))
		}
	}
	switch s.Kind {
	case ir.KArray:
		if r.MinItems != nil || r.MaxItems != nil {
			out = append(out, jen.Id("checkCount").Call(jen.Id("e"), path(), jen.Len(val()), boundArg(r.MinItems), boundArg(r.MaxItems), jen.Lit("items"), jen.Lit("minItems"), jen.Lit("maxItems")))
		}
		if r.UniqueItems {
			out = append(out, jen.Id("checkUnique").Call(jen.Id("e"), path(), val()))
		}
		i := fmt.Sprintf("i%d", depth)
		inner := g.checks(s.Elem,
			func() *jen.Statement { return val().Index(jen.Id(i)) },
			func() *jen.Statement { return pathIndex(path(), jen.Id(i)) },
			depth+1)
		if len(inner) > 0 {
			out = append(out, jen.For(jen.Id(i).Op(":=").Range().Add(val())).Block(inner...))
		}
	case ir.KMap, ir.KObject:
		if r.MinProps != nil || r.MaxProps != nil {
			out = append(out, jen.Id("checkCount").Call(jen.Id("e"), path(), jen.Len(val()), boundArg(r.MinProps), boundArg(r.MaxProps), jen.Lit("properties"), jen.Lit("minProperties"), jen.Lit("maxProperties")))
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
			vc := g.checks(s.Elem, func() *jen.Statement { usesX = true; return jen.Id(x) }, elemPath, depth+1)
			inner = append(inner, vc...)
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
			out = append(out, jen.Block(
				jen.Id(mark).Op(":=").Len(jen.Id("e").Dot("violations")),
				jen.For(rangeVars(keyVar, valVar, usesX).Op(":=").Range().Add(val())).Block(inner...),
				jen.Id("e").Dot("sortFrom").Call(jen.Id(mark)),
			))
		}
	}
	return out
}

// jsonEnumCheck checks that a value is one of the allowed JSON values,
// compared as JSON: for const and enum on types without constants.
func jsonEnumCheck(val *jen.Statement, path *jen.Statement, rule string, allowed []any) jen.Code {
	args := []jen.Code{jen.Id("e"), path, val, jen.Lit(rule)}
	for _, a := range allowed {
		b, err := json.Marshal(a)
		if err != nil {
			b = []byte("null")
		}
		args = append(args, jen.Lit(string(b)))
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
	if isInt && math.Abs(b) < 1<<63 {
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
func presentCond(f *ir.Field) *jen.Statement {
	switch shapeOf(f, false) {
	case shapePtr, shapeNullPtr, shapeOmitZero, shapeReqPtr:
		return jen.Id("v").Dot(f.Name).Op("!=").Nil()
	case shapeNullable:
		return jen.Id("v").Dot(f.Name).Dot("Set")
	case shapeValueOmit:
		return jen.Id("v").Dot(f.Name).Op("!=").Add(zeroOf(f.Schema))
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
