package apidiff

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/specgen/specgen/generator/ir"
)

// ruleChange is one validation keyword that changed.
type ruleChange struct {
	tighter bool // the new rule refuses values the old one accepted
	what    string
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// schemaRules compares the rules of two uses of a schema that generate the
// same Go type: their own keywords, nullability, and those of their array
// items and map values, down to the first named type (whose own rules are
// compared with the type).
func schemaRules(prefix string, o, n *ir.Schema) []ruleChange {
	if o == nil || n == nil {
		return nil
	}
	out := diffRules(prefix, o.Rules, n.Rules)
	switch {
	case o.Nullable && !n.Nullable:
		out = append(out, ruleChange{true, prefix + "null no longer allowed"})
	case !o.Nullable && n.Nullable:
		out = append(out, ruleChange{false, prefix + "null now allowed"})
	}
	if o.Elem != nil && n.Elem != nil && o.Kind == n.Kind {
		p := "items: "
		if o.Kind == ir.KMap {
			p = "values: "
		}
		out = append(out, schemaRules(prefix+p, o.Elem, n.Elem)...)
	}
	return out
}

// diffRules compares two sets of validation keywords.
func diffRules(prefix string, o, n ir.Rules) []ruleChange {
	var out []ruleChange
	add := func(tighter bool, format string, args ...any) {
		out = append(out, ruleChange{tighter, prefix + fmt.Sprintf(format, args...)})
	}
	bound := func(name string, o, n *float64, oEx, nEx bool, lower bool) {
		show := func(v *float64, ex bool) string {
			s := num(*v)
			if ex {
				s += " (exclusive)"
			}
			return s
		}
		switch {
		case o == nil && n == nil:
		case o == nil:
			add(true, "%s %s added", name, show(n, nEx))
		case n == nil:
			add(false, "%s %s removed", name, show(o, oEx))
		case *o == *n && oEx == nEx:
		case *o == *n:
			add(nEx, "%s %s is now %s", name, num(*o), map[bool]string{true: "exclusive", false: "inclusive"}[nEx])
		default:
			tighter := *n > *o
			if !lower {
				tighter = *n < *o
			}
			verb := "lowered"
			if *n > *o {
				verb = "raised"
			}
			add(tighter, "%s %s from %s to %s", name, verb, show(o, oEx), show(n, nEx))
		}
	}
	bound("minimum", o.Min, n.Min, o.ExclusiveMin, n.ExclusiveMin, true)
	bound("maximum", o.Max, n.Max, o.ExclusiveMax, n.ExclusiveMax, false)
	count := func(name string, o, n *uint64, lower bool) {
		var of, nf *float64
		if o != nil {
			v := float64(*o)
			of = &v
		}
		if n != nil {
			v := float64(*n)
			nf = &v
		}
		bound(name, of, nf, false, false, lower)
	}
	count("minLength", o.MinLength, n.MinLength, true)
	count("maxLength", o.MaxLength, n.MaxLength, false)
	count("minItems", o.MinItems, n.MinItems, true)
	count("maxItems", o.MaxItems, n.MaxItems, false)
	count("minProperties", o.MinProps, n.MinProps, true)
	count("maxProperties", o.MaxProps, n.MaxProps, false)

	switch {
	case o.MultipleOf == nil && n.MultipleOf == nil:
	case o.MultipleOf == nil:
		add(true, "multipleOf %s added", num(*n.MultipleOf))
	case n.MultipleOf == nil:
		add(false, "multipleOf %s removed", num(*o.MultipleOf))
	case *o.MultipleOf != *n.MultipleOf:
		// Looser only when every multiple of the old is a multiple of the
		// new: when the old is one. The division is allowed the error of
		// floating point alone (0.3/0.1 is 2.9999999999999996), not the
		// generated isMultiple's 1e-9, which holds for one value: a ratio
		// off by 1e-10 (0.1 to 0.10000000001) fails large multiples.
		r := *o.MultipleOf / *n.MultipleOf
		add(math.Abs(r-math.Round(r)) > 1e-12*math.Abs(r) || math.Round(r) == 0, "multipleOf changed from %s to %s", num(*o.MultipleOf), num(*n.MultipleOf))
	}
	switch {
	case o.Pattern == n.Pattern:
	case o.Pattern == "":
		add(true, "pattern %q added", n.Pattern)
	case n.Pattern == "":
		add(false, "pattern %q removed", o.Pattern)
	default:
		// Two regular expressions cannot be compared in general: assume
		// the worst.
		add(true, "pattern changed from %q to %q", o.Pattern, n.Pattern)
	}
	if o.UniqueItems != n.UniqueItems {
		if n.UniqueItems {
			add(true, "uniqueItems added")
		} else {
			add(false, "uniqueItems removed")
		}
	}
	if o.IntegerOnly != n.IntegerOnly {
		if n.IntegerOnly {
			add(true, "now integers only")
		} else {
			add(false, "no longer integers only")
		}
	}
	switch {
	case o.Format == n.Format:
	case o.Format == "":
		add(true, "format %s now checked", n.Format)
	case n.Format == "":
		add(false, "format %s no longer checked", o.Format)
	default:
		add(true, "format changed from %s to %s", o.Format, n.Format)
	}
	jsonText := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	switch {
	case o.HasConst == n.HasConst && (!o.HasConst || jsonText(o.Const) == jsonText(n.Const)):
	case !o.HasConst:
		add(true, "const %s added", jsonText(n.Const))
	case !n.HasConst:
		add(false, "const %s removed", jsonText(o.Const))
	default:
		add(true, "const changed from %s to %s", jsonText(o.Const), jsonText(n.Const))
	}
	if oe, ne := jsonText(o.Enum), jsonText(n.Enum); oe != ne {
		olds := map[string]bool{}
		for _, v := range o.Enum {
			olds[jsonText(v)] = true
		}
		news := map[string]bool{}
		for _, v := range n.Enum {
			news[jsonText(v)] = true
		}
		for _, v := range o.Enum {
			if !news[jsonText(v)] && n.Enum != nil {
				add(true, "enum value %s removed", jsonText(v))
			}
		}
		for _, v := range n.Enum {
			if !olds[jsonText(v)] && o.Enum != nil {
				add(false, "enum value %s added", jsonText(v))
			}
		}
		switch {
		case o.Enum == nil:
			add(true, "enum %s added", ne)
		case n.Enum == nil:
			add(false, "enum %s removed", oe)
		}
	}
	switch {
	case o.KeyRules == nil && n.KeyRules == nil:
	case o.KeyRules == nil:
		out = append(out, diffRules(prefix+"keys: ", ir.Rules{}, *n.KeyRules)...)
	case n.KeyRules == nil:
		out = append(out, diffRules(prefix+"keys: ", *o.KeyRules, ir.Rules{})...)
	default:
		out = append(out, diffRules(prefix+"keys: ", *o.KeyRules, *n.KeyRules)...)
	}
	return out
}
