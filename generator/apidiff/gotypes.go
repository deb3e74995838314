package apidiff

import (
	"strings"

	"github.com/specgen/specgen/generator/ir"
)

// The functions in this file spell the Go types the emitters write
// (generator/emit: goType, refLike, shapeOf, signature). They must follow
// those: two schemas that generate the same Go type must spell the same.

// goType is the Go type of a schema use, without optionality.
func goType(s *ir.Schema) string {
	if s == nil {
		return "json.RawMessage"
	}
	switch s.Kind {
	case ir.KNamed:
		if s.As != nil {
			return s.As.Name
		}
		return s.Named.Name
	case ir.KString:
		return "string"
	case ir.KInt:
		if s.Format == "int32" {
			return "int32"
		}
		return "int64"
	case ir.KNumber:
		if s.Format == "float" {
			return "float32"
		}
		return "float64"
	case ir.KBool:
		return "bool"
	case ir.KArray:
		return "[]" + elemType(s)
	case ir.KMap:
		return "map[string]" + elemType(s)
	case ir.KObject:
		return "map[string]any"
	}
	return "json.RawMessage"
}

// elemType is the Go type of an array's items or a map's values.
func elemType(s *ir.Schema) string {
	if s.PointerElems() {
		return "*" + goType(s.Elem)
	}
	return goType(s.Elem)
}

// refLike reports whether the Go type of s has nil as a natural zero.
func refLike(s *ir.Schema) bool {
	switch s.Kind {
	case ir.KArray, ir.KMap, ir.KObject, ir.KAny:
		return true
	case ir.KNamed:
		switch s.Named.Kind {
		case ir.Slice, ir.Map, ir.Raw:
			return true
		}
	}
	return false
}

type shape int

const (
	shapeValue shape = iota
	shapePtr
	shapeNullPtr
	shapeOmitZero
	shapeNullable
	shapeReqPtr
)

// shapeOf says how a field is held in Go; params is true for the fields of
// a struct of query and header parameters.
func shapeOf(f *ir.Field, params bool) shape {
	nullable := f.Schema.Nullable
	if f.Indirect {
		switch {
		case f.AlwaysRequired() && !nullable:
			return shapeReqPtr
		case f.AlwaysRequired():
			return shapeNullPtr
		}
		return shapePtr
	}
	switch {
	case f.AlwaysRequired() && !nullable:
		return shapeValue
	case f.AlwaysRequired() && nullable:
		if refLike(f.Schema) {
			return shapeValue
		}
		return shapeNullPtr
	case !nullable || params:
		if refLike(f.Schema) {
			return shapeOmitZero
		}
		return shapePtr
	}
	return shapeNullable
}

// fieldType is the Go type of a struct field.
func fieldType(f *ir.Field, params bool) string {
	t := goType(f.Schema)
	switch shapeOf(f, params) {
	case shapePtr, shapeNullPtr, shapeReqPtr:
		return "*" + t
	case shapeNullable:
		return "Nullable[" + t + "]"
	}
	return t
}

// kindName names a type kind for people.
func kindName(k ir.TypeKind) string {
	switch k {
	case ir.Struct:
		return "struct"
	case ir.Enum:
		return "enum"
	case ir.Scalar:
		return "scalar"
	case ir.Slice:
		return "slice"
	case ir.Map:
		return "map"
	case ir.Union:
		return "union"
	case ir.Raw:
		return "raw JSON"
	case ir.Tuple:
		return "tuple"
	}
	return "type"
}

// definition is what a named type is declared as, for the kinds whose
// declaration is one Go type (type X string, type X = Y, type X []Y).
func definition(t *ir.Type) string {
	switch t.Kind {
	case ir.Struct, ir.Union, ir.Tuple:
		return "struct"
	case ir.Raw:
		return "json.RawMessage"
	}
	if t.Underlying == nil {
		return ""
	}
	if t.Kind == ir.Scalar && t.Underlying.Kind == ir.KNamed {
		return "= " + goType(t.Underlying)
	}
	return goType(t.Underlying)
}

// aliases maps each type p declares as an alias of another (type Owner =
// Person, and the copies of a schema shared shapes make) to the Go type it
// names.
func aliases(p *ir.Package) map[string]string {
	m := map[string]string{}
	for _, t := range p.Types {
		if t.Kind == ir.Scalar && t.Underlying != nil && t.Underlying.Kind == ir.KNamed {
			m[t.Name] = goType(t.Underlying)
		}
	}
	return m
}

// resolveAliases rewrites every type name in the Go type spelled s that
// is an alias in m by what it names, until none is left: *Owner becomes
// *Person.
func resolveAliases(s string, m map[string]string) string {
	if len(m) == 0 {
		return s
	}
	for range len(m) + 1 {
		var b strings.Builder
		changed := false
		for i := 0; i < len(s); {
			j := i
			for j < len(s) && (s[j] == '_' || s[j] >= '0' && s[j] <= '9' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
				j++
			}
			if j == i {
				b.WriteByte(s[i])
				i++
				continue
			}
			word := s[i:j]
			if to, ok := m[word]; ok && (i == 0 || s[i-1] != '.') {
				word, changed = to, true
			}
			b.WriteString(word)
			i = j
		}
		s = b.String()
		if !changed {
			break
		}
	}
	return s
}

func isParams(t *ir.Type) bool { return t != nil && t.Params }

// Parts of a method signature, as emit.signature writes them.

func pathArgs(op *ir.Operation) string {
	parts := make([]string, len(op.PathParams))
	for i, p := range op.PathParams {
		parts[i] = p.ArgName + " " + goType(p.Schema)
	}
	return strings.Join(parts, ", ")
}

func pathArgTypes(op *ir.Operation) string {
	parts := make([]string, len(op.PathParams))
	for i, p := range op.PathParams {
		parts[i] = goType(p.Schema)
	}
	return strings.Join(parts, ", ")
}

func bodyArg(op *ir.Operation) string {
	switch {
	case op.Body == nil:
		return ""
	case op.Body.Raw:
		return "*RawBody"
	}
	return "*" + goType(op.Body.Schema)
}

func paramsArg(op *ir.Operation) string {
	if op.Params == nil {
		return ""
	}
	return "*" + op.Params.Name
}

func results(op *ir.Operation) string {
	switch {
	case op.Result != nil:
		return "(*" + op.Result.Name + ", error)"
	case op.Success.Raw:
		return "(*RawResponse, error)"
	case op.Success.Schema != nil:
		return "(*" + goType(op.Success.Schema) + ", error)"
	}
	return "error"
}

// signature is the method's signature as Go prints it.
func signature(op *ir.Operation) string {
	params := []string{"ctx context.Context"}
	if a := pathArgs(op); a != "" {
		params = append(params, a)
	}
	if b := bodyArg(op); b != "" {
		params = append(params, "body "+b)
	}
	if p := paramsArg(op); p != "" {
		params = append(params, "params "+p)
	}
	return op.Name + "(" + strings.Join(params, ", ") + ") " + results(op)
}

// typeChange describes a change of Go type, naming pointer-ness changes.
func typeChange(old, new string) string {
	switch {
	case "*"+new == old:
		return "type changed from " + old + " to " + new + " (no longer a pointer)"
	case "*"+old == new:
		return "type changed from " + old + " to " + new + " (now a pointer)"
	case "Nullable["+new+"]" == old:
		return "type changed from " + old + " to " + new + " (no longer Nullable)"
	case "Nullable["+old+"]" == new:
		return "type changed from " + old + " to " + new + " (now Nullable)"
	case strings.TrimPrefix(old, "*") == strings.TrimPrefix(new, "*") ||
		unwrapNullable(old) == unwrapNullable(new) ||
		strings.TrimPrefix(old, "*") == unwrapNullable(new) ||
		unwrapNullable(old) == strings.TrimPrefix(new, "*"):
		return "type changed from " + old + " to " + new + " (pointer-ness changed)"
	}
	return "type changed from " + old + " to " + new
}

func unwrapNullable(s string) string {
	if strings.HasPrefix(s, "Nullable[") && strings.HasSuffix(s, "]") {
		return s[len("Nullable[") : len(s)-1]
	}
	return s
}
