// Package ir is the typed model between the loaded OpenAPI document and the
// emitters. It holds slices only, in a deterministic order, with every Go
// name already resolved. Emitters read it and never look at the document.
package ir

import (
	"fmt"
	"strconv"
	"strings"
)

// Package is everything one generated package holds.
type Package struct {
	Name        string // Go package name
	Title       string
	Description string
	Version     string
	Types       []*Type      // named types, in a deterministic order
	Operations  []*Operation // in document order
	Servers     []Server
	Error       ErrorModel
	Security    []SecurityScheme // the schemes operations use, by name
	// AuthOptions are the client options that send credentials, one per
	// kind of credentials the schemes take.
	AuthOptions []AuthOption
	Warnings    []string // things generated with a fallback, each naming its place
	// Names maps the key (JSON pointer) of every named entity to its Go
	// name, for the names file.
	Names map[string]string
	// NoClient and NoServer leave out the client or the server (types and
	// validation are always generated).
	NoClient, NoServer bool
}

// Server is one entry of the document's servers list.
type Server struct {
	URL         string
	Description string
	Variables   []ServerVariable
	// Name is the Go name of the server's URL: a constant, or a function
	// of its variables when it has some.
	Name string
	Key  string // names-file key: #/servers= and the quoted URL
}

// AuthOption is a client option that sends one kind of credentials to the
// operations whose security accepts one of its schemes. All bearer schemes
// (http bearer, oauth2, openIdConnect) share one option, since they send
// the same header; so do the http basic ones; each apiKey scheme has its
// own.
type AuthOption struct {
	Name       string // Go name: WithBearerToken, WithBasicAuth, WithAPIKey...
	SourceName string // bearer: the variant taking a token source
	Key        string // JSON pointer-like key, for the names file
	Group      string // the key the client keeps the credentials under
	Kind       string // bearer, basic, apiKey
	In, Param  string // apiKey: header, query or cookie, and its name
	Schemes    []string
}

// SecurityScheme is how a request proves who sends it.
type SecurityScheme struct {
	Name string // the scheme's key in components/securitySchemes
	Kind string // "bearer" (http bearer, oauth2, openIdConnect), "basic", "apiKey", "other"
	In   string // apiKey: header, query or cookie
	Key  string // apiKey: the header, query or cookie name
}

// ServerVariable is a {name} in a server URL.
type ServerVariable struct {
	Name, Default, Description string
	Enum                       []string
}

// TypeKind says what Go construct a named type is.
type TypeKind int

const (
	Struct   TypeKind = iota // an object with properties
	Enum                     // a string (or integer) with a fixed set of values
	Scalar                   // a named string, integer, number or boolean
	Slice                    // a named array
	Map                      // a named object of additionalProperties
	Union                    // oneOf/anyOf/type list: one (or, for anyOf, some) of several variants
	Raw                      // any JSON value, kept as raw bytes
	External                 // x-go-type: an alias of a Go type the user names
	Tuple                    // an array with prefixItems: one field per position
)

// UnionMode says which rule a Union's variants follow.
type UnionMode int

const (
	// OneOf: the value matches exactly one variant.
	OneOf UnionMode = iota
	// AnyOf: the value matches at least one variant; every match is kept.
	AnyOf
	// TypeList: a 3.1 list of types (type: [string, integer]); the JSON
	// kind of the value picks the variant.
	TypeList
)

// Type is a named Go type.
type Type struct {
	Name       string // Go name
	Key        string // JSON pointer of the schema it comes from
	Doc        string
	Deprecated bool
	Kind       TypeKind

	Fields []*Field // Struct
	// Additional, when set, holds the schema of the properties a Struct
	// does not name (additionalProperties beside properties); they are
	// kept in an AdditionalProperties map and written back.
	Additional *Schema

	Underlying *Schema // Scalar, Enum (its base), Slice, Map: the shape it names

	EnumValues []EnumValue // Enum
	// Open marks an Enum whose values are the ones known today
	// (x-extensible-enum): others are valid too, so nothing checks them.
	Open bool

	Variants []*Variant // Union
	Mode     UnionMode  // Union
	// Discriminator, when set, picks a Union's variant by a property.
	Discriminator *Discriminator

	// Closed marks a Struct with additionalProperties: false: a union
	// variant matches no object with other properties.
	Closed bool

	// Alternatives, on a Struct, are a oneOf or anyOf whose branches only
	// list required properties: which sets of properties must be there.
	Alternatives *Alternatives

	// Forbidden, on a Struct, are sets of properties that may not all be
	// there at once: not: {required: [a, b]}, or one set for each branch
	// of not: {anyOf: [{required: [a]}, {required: [b]}]}.
	Forbidden [][]string
	// Dependencies, on a Struct, are its dependentRequired: when one
	// property is there, others must be too.
	Dependencies []Dependency
	// ObjectRules, on a Struct, are its minProperties and maxProperties:
	// they count the properties that are there, named or not.
	ObjectRules Rules

	// Patterns are the patternProperties of a Struct, in document order:
	// the properties whose names match one are kept in its typed map.
	Patterns []*PatternProps

	// Items, Rest, NoRest and ArrayRules describe a Tuple: its positions
	// (prefixItems), the schema of the items after them (nil with NoRest,
	// items: false, when there may be none) and the rules of the whole array.
	Items      []*TupleItem
	Rest       *Schema
	NoRest     bool
	ArrayRules Rules

	// EpochMillis marks an integer type that counts milliseconds since the
	// Unix epoch; it gets conversions to and from time.Time.
	EpochMillis bool

	// DirectionalRequired is true when the type (or anything it holds) has a
	// required field that is readOnly or writeOnly, so that validating a
	// request differs from validating a response.
	DirectionalRequired bool

	// Params marks the struct of an operation's query and header
	// parameters (not a schema: its fields are the parameters).
	Params bool

	// SameAs is set on a Scalar alias made because the schema at Key is
	// the same as its target's (a nested inline schema written out again):
	// the alias stands in for it, and its code is the target's.
	SameAs *Type
	// MovedTo, on such an alias, is the place its schema moved to: Key was
	// where a type of this name was generated from last time, and is now
	// a $ref there. The alias keeps the old name compiling, deprecated.
	MovedTo string
}

// EnumValue is one allowed value of an Enum type.
type EnumValue struct {
	Name  string // Go constant name
	Key   string // names-file key: the schema's JSON pointer, /enum= and Text
	Value any    // string, int64 or float64
	Doc   string // the description of a value written as a oneOf const
}

// Text writes the value as a spec shows it: a string quoted (so no tab or
// newline is left bare), a number in its shortest form.
func (v EnumValue) Text() string {
	switch x := v.Value.(type) {
	case string:
		return strconv.Quote(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	panic(fmt.Sprintf("enum value of type %T", v.Value))
}

// Alternatives are the branches of a oneOf (exactly one set present) or
// anyOf (at least one) that differ only in the properties they require.
type Alternatives struct {
	Mode UnionMode  // OneOf or AnyOf
	Sets [][]string // JSON names of the properties each branch requires
	// Empty marks the branches that are {maxProperties: 0}: the object
	// has no property at all.
	Empty []bool
}

// Dependency is one entry of dependentRequired: when the property If is
// there, so must be each of Then (JSON names).
type Dependency struct {
	If   string
	Then []string
}

// PatternProps is one entry of patternProperties.
type PatternProps struct {
	Pattern string  // the regular expression property names are matched with
	Field   string  // Go name of the map field
	Schema  *Schema // the schema of the values
}

// TupleItem is one position of a Tuple.
type TupleItem struct {
	Name     string // Go field name
	Schema   *Schema
	Required bool // below minItems: always present, held as a value
}

// Variant is one alternative of a Union.
type Variant struct {
	Name   string // Go field name in the union struct
	Schema *Schema
}

// Discriminator names the property whose value selects a variant.
type Discriminator struct {
	Property string
	Mapping  []DiscriminatorValue // in a deterministic order
}

// DiscriminatorValue maps one value of the property to a variant.
type DiscriminatorValue struct {
	Value   string
	Variant string // the Variant's Name
}

// Field is one property of a Struct.
type Field struct {
	Name      string // Go name
	JSONName  string
	Doc       string
	Schema    *Schema
	Required  bool // listed in required
	ReadOnly  bool
	WriteOnly bool
	// Tag marks the discriminator property of a union the struct is a
	// variant of: the variant is told by it, so it is written and read in
	// both directions, whatever readOnly or writeOnly say (which still
	// decide where it is required).
	Tag        bool
	Deprecated bool
	Secret     bool // never printed
	// Indirect is set when holding the field by value would make a
	// recursive type of infinite size; it is then always a pointer.
	Indirect bool
	// Go representation choices from oapi-codegen's extensions:
	// SkipPointer (x-go-type-skip-optional-pointer) holds an optional
	// scalar as a value; OmitEmpty (x-omitempty) forces omitempty on or off.
	SkipPointer bool
	OmitEmpty   *bool
	Default     any // the schema's default, for docs
}

// AlwaysRequired reports whether the field must be present in both
// directions; such fields are plain values in Go.
func (f *Field) AlwaysRequired() bool { return f.Required && !f.ReadOnly && !f.WriteOnly }

// LeftOutOfRequests reports whether a request neither carries the field
// nor hands it to a server's handler: it is readOnly, and not a Tag.
func (f *Field) LeftOutOfRequests() bool { return f.ReadOnly && !f.Tag }

// LeftOutOfResponses reports whether a server's response leaves the field
// out: it is writeOnly, and not a Tag.
func (f *Field) LeftOutOfResponses() bool { return f.WriteOnly && !f.Tag }

// Kind is the shape of a schema use.
type Kind int

const (
	KNamed    Kind = iota // a reference to a named Type
	KString               // string
	KInt                  // integer (Format int32 or int64)
	KNumber               // number (Format float or double)
	KBool                 // boolean
	KArray                // array of Elem
	KMap                  // object with values Elem (string keys)
	KObject               // free-form object: map[string]any
	KAny                  // any JSON value: json.RawMessage
	KExternal             // a Go type named by x-go-type
)

// Schema is a use of a schema: a type plus the validation rules that apply
// at this place.
type Schema struct {
	Kind  Kind
	Named *Type
	// As is the alias a KNamed use was declared with, when its schema is
	// the same as Named's (Type.SameAs): Go declarations name As, the code
	// that decodes, encodes and validates it is Named's.
	As       *Type
	Format   string // int32, int64, float, double, date-time, ...
	Elem     *Schema
	Nullable bool
	Rules    Rules
	// Tighter, on a KNamed use with Rules, says that each of its rules the
	// named type also has is the tighter of the two (a lower maximum, an
	// enum of fewer values): when the use's breaks, the type's adds nothing.
	Tighter bool
	// GoType and Import name the Go type of a KExternal use (x-go-type,
	// x-go-type-import): "decimal.Decimal" from "github.com/shopspring/decimal".
	GoType, Import string
}

// OwnJSONType reports whether the media type ct is a JSON type named
// outright other than plain application/json (application/merge-patch+json,
// application/problem+json): what a request or an answer says it is. A
// wildcard (*/*) is not one.
func OwnJSONType(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.TrimSpace(strings.ToLower(mt))
	return !strings.Contains(mt, "*") && strings.HasSuffix(mt, "+json")
}

// PointerElems reports whether an array's items or a map's values are held
// by pointer: they may be null, and their Go type has no nil of its own to
// say so ([]*int64, map[string]*Pet). Slices, maps and raw JSON keep null
// as nil or as the text null, and are held as they are.
func (s *Schema) PointerElems() bool {
	if (s.Kind != KArray && s.Kind != KMap) || !s.Elem.Nullable {
		return false
	}
	e := s.Elem
	switch e.Kind {
	case KArray, KMap, KObject, KAny:
		return false
	case KString:
		return e.Format != "byte"
	case KNamed:
		switch e.Named.Kind {
		case Slice, Map, Raw:
			return false
		}
	}
	return true
}

// Base follows named scalars, enums, slices and maps (not structs) to the
// shape they name: the kind a parameter or a property is written as.
func (s *Schema) Base() *Schema {
	for s.Kind == KNamed && s.Named.Underlying != nil && s.Named.Kind != Struct {
		s = s.Named.Underlying
	}
	return s
}

// Rules are the validation keywords of one schema use.
type Rules struct {
	Min, Max             *float64
	ExclusiveMin         bool
	ExclusiveMax         bool
	MultipleOf           *float64
	MinLength, MaxLength *uint64
	Pattern              string
	MinItems, MaxItems   *uint64
	UniqueItems          bool
	MinProps, MaxProps   *uint64
	KeyRules             *Rules // propertyNames, for maps
	IntegerOnly          bool   // a number declared as an integer
	// Enum lists the allowed values of a use whose Go type has no
	// constants of its own (booleans, mixed kinds), as JSON values: string,
	// float64, bool, nil.
	Enum []any
	// Const, when HasConst, is the one value allowed (const).
	Const    any
	HasConst bool
	// Format names a string format that is checked (date, uuid).
	Format string
}

// JoinRules returns rules that hold where both a and b do: the tighter of
// two bounds, the values two enums share. It also returns the keywords set
// on both sides that cannot be one rule (two patterns, multipleOf, formats,
// key rules or consts that differ, enums that share no value): for those,
// the result keeps a's.
func JoinRules(a, b Rules) (Rules, []string) {
	j := a
	var clash []string
	j.Min, j.ExclusiveMin = tighter(a.Min, a.ExclusiveMin, b.Min, b.ExclusiveMin, true)
	j.Max, j.ExclusiveMax = tighter(a.Max, a.ExclusiveMax, b.Max, b.ExclusiveMax, false)
	j.MinLength, j.MaxLength = larger(a.MinLength, b.MinLength), smaller(a.MaxLength, b.MaxLength)
	j.MinItems, j.MaxItems = larger(a.MinItems, b.MinItems), smaller(a.MaxItems, b.MaxItems)
	j.MinProps, j.MaxProps = larger(a.MinProps, b.MinProps), smaller(a.MaxProps, b.MaxProps)
	j.UniqueItems = a.UniqueItems || b.UniqueItems
	j.IntegerOnly = a.IntegerOnly || b.IntegerOnly
	one := func(name string, aSet, bSet, same bool, take func()) {
		switch {
		case bSet && !aSet:
			take()
		case aSet && bSet && !same:
			clash = append(clash, name)
		}
	}
	one("multipleOf", a.MultipleOf != nil, b.MultipleOf != nil, a.MultipleOf != nil && b.MultipleOf != nil && *a.MultipleOf == *b.MultipleOf, func() { j.MultipleOf = b.MultipleOf })
	one("pattern", a.Pattern != "", b.Pattern != "", a.Pattern == b.Pattern, func() { j.Pattern = b.Pattern })
	one("format", a.Format != "", b.Format != "", a.Format == b.Format, func() { j.Format = b.Format })
	one("propertyNames", a.KeyRules != nil, b.KeyRules != nil, a.KeyRules == b.KeyRules, func() { j.KeyRules = b.KeyRules })
	one("const", a.HasConst, b.HasConst, valueKey(a.Const) == valueKey(b.Const), func() { j.Const, j.HasConst = b.Const, true })
	switch {
	case b.Enum != nil && a.Enum == nil:
		j.Enum = b.Enum
	case a.Enum != nil && b.Enum != nil:
		inB := map[string]bool{}
		for _, v := range b.Enum {
			inB[valueKey(v)] = true
		}
		var both []any
		for _, v := range a.Enum {
			if inB[valueKey(v)] {
				both = append(both, v)
			}
		}
		if len(both) == 0 {
			clash = append(clash, "enum")
		} else {
			j.Enum = both
		}
	}
	return j, clash
}

// Unimplied returns the rules of r that own does not already imply: a
// bound at most as tight as own's, or the same pattern, format,
// multipleOf or const, is dropped. Rules given at a use of a named type
// (r) are checked beside the type's own (own); one that can never fail
// alone need not be.
func Unimplied(r, own Rules) Rules {
	out := r
	if r.Min != nil && own.Min != nil && (*own.Min > *r.Min || (*own.Min == *r.Min && (own.ExclusiveMin || !r.ExclusiveMin))) {
		out.Min, out.ExclusiveMin = nil, false
	}
	if r.Max != nil && own.Max != nil && (*own.Max < *r.Max || (*own.Max == *r.Max && (own.ExclusiveMax || !r.ExclusiveMax))) {
		out.Max, out.ExclusiveMax = nil, false
	}
	atLeast := func(p, o *uint64) *uint64 {
		if p != nil && o != nil && *o >= *p {
			return nil
		}
		return p
	}
	atMost := func(p, o *uint64) *uint64 {
		if p != nil && o != nil && *o <= *p {
			return nil
		}
		return p
	}
	out.MinLength, out.MaxLength = atLeast(r.MinLength, own.MinLength), atMost(r.MaxLength, own.MaxLength)
	out.MinItems, out.MaxItems = atLeast(r.MinItems, own.MinItems), atMost(r.MaxItems, own.MaxItems)
	out.MinProps, out.MaxProps = atLeast(r.MinProps, own.MinProps), atMost(r.MaxProps, own.MaxProps)
	if r.MultipleOf != nil && own.MultipleOf != nil && *r.MultipleOf == *own.MultipleOf {
		out.MultipleOf = nil
	}
	if r.Pattern == own.Pattern {
		out.Pattern = ""
	}
	if r.Format == own.Format {
		out.Format = ""
	}
	if r.HasConst && own.HasConst && valueKey(r.Const) == valueKey(own.Const) {
		out.Const, out.HasConst = nil, false
	}
	out.UniqueItems = r.UniqueItems && !own.UniqueItems
	if r.Enum != nil && own.Enum != nil && subset(own.Enum, r.Enum) {
		out.Enum = nil
	}
	return out
}

// Tighter reports whether each rule of r that own also has is the tighter
// of the two once Unimplied has dropped the looser ones: bounds are, an
// enum is when its values are some of own's, and a pattern, format,
// multipleOf or const of both sides is not (the two differ).
func Tighter(r, own Rules) bool {
	return !(r.Pattern != "" && own.Pattern != "") && !(r.Format != "" && own.Format != "") &&
		!(r.MultipleOf != nil && own.MultipleOf != nil) && !(r.HasConst && own.HasConst) &&
		!(r.Enum != nil && own.Enum != nil && !subset(r.Enum, own.Enum))
}

// subset reports whether every value of a is one of b's.
func subset(a, b []any) bool {
	in := map[string]bool{}
	for _, v := range b {
		in[valueKey(v)] = true
	}
	for _, v := range a {
		if !in[valueKey(v)] {
			return false
		}
	}
	return true
}

// tighter is the stricter of two lower (low) or upper bounds: the larger
// lower one, the smaller upper one, exclusive when either equal one is.
func tighter(a *float64, aEx bool, b *float64, bEx bool, low bool) (*float64, bool) {
	switch {
	case b == nil:
		return a, aEx
	case a == nil:
		return b, bEx
	case *a == *b:
		return a, aEx || bEx
	case (*b > *a) == low:
		return b, bEx
	}
	return a, aEx
}

func larger(a, b *uint64) *uint64 {
	if a == nil || (b != nil && *b > *a) {
		return b
	}
	return a
}

func smaller(a, b *uint64) *uint64 {
	if a == nil || (b != nil && *b < *a) {
		return b
	}
	return a
}

// valueKey spells a JSON value of an enum or const so that equal values
// (1 and 1.0 among them) spell alike.
func valueKey(v any) string {
	switch x := v.(type) {
	case float64:
		return "n" + strconv.FormatFloat(x, 'g', -1, 64)
	case int:
		return "n" + strconv.FormatFloat(float64(x), 'g', -1, 64)
	case int64:
		return "n" + strconv.FormatFloat(float64(x), 'g', -1, 64)
	case string:
		return "s" + x
	}
	return fmt.Sprintf("%T %v", v, v)
}

// Empty reports whether no rule is set.
func (r Rules) Empty() bool {
	return r.Min == nil && r.Max == nil && r.MultipleOf == nil && r.MinLength == nil &&
		r.MaxLength == nil && r.Pattern == "" && r.MinItems == nil && r.MaxItems == nil &&
		!r.UniqueItems && r.MinProps == nil && r.MaxProps == nil && r.KeyRules == nil &&
		r.Enum == nil && !r.HasConst && r.Format == ""
}

// Cond is a condition a request meets: a header or query parameter
// (In) named Name that has Value, or is present when Value is "".
type Cond struct{ In, Name, Value string }

// Operation is one method+path of the document.
type Operation struct {
	Name   string // Go method name
	ID     string // operationId
	Method string // GET, POST, ...
	Path   string // as in the document, e.g. /functions/{functionId}/call
	// Route is the path requests go to: Path without what a spec may
	// write after it to tell operations on one path apart (a fragment,
	// /#X-Amz-Target=Svc.Op, or a query, /?Action=Op&Version=1).
	Route string
	// When lists what a request to Route must carry to be this
	// operation's, from that fragment or query: the server routes by it.
	When []Cond
	// Fixed are the conditions of When that the operation does not
	// declare as parameters: the client sends them as they are.
	Fixed      []Cond
	Summary    string
	Doc        string
	Deprecated bool
	Tags       []string
	Capability []string // x-capability
	Idempotent bool     // x-idempotent
	Secured    bool     // security requirements apply
	Schemes    []string // names of the schemes any requirement accepts
	// Requirements are the alternatives, each the schemes that must all
	// authenticate a call; set only when one names several schemes.
	Requirements [][]string
	Scopes       []string // OAuth2 scopes any requirement lists
	Anonymous    bool     // {} is among the requirements: credentials are optional
	PathParams   []*Param // in path order
	Params       *Type    // struct of query and header parameters, or nil
	QueryParams  []*Param
	HeaderParams []*Param // header and cookie parameters (In tells which)
	Body         *Body
	// Success is the success response the method's plain signature stands
	// for: the only one, or the lowest when all share one body. With a
	// Result it is the first of Responses.
	Success Response
	// Responses are every success response: exact 2xx codes ascending, then
	// the 2XX range, then default (which is a success only when the
	// operation declares no other).
	Responses []*Response
	// Result, when set, is the response type the methods return instead of
	// the body alone: the success responses differ in body or media type,
	// or carry headers.
	Result     *Result
	Pagination *Pagination // cursor pagination, when the operation has it
}

// Result is the Go struct an operation returns when one body type cannot
// stand for all its success responses: the status code, one field per
// response that has a body, and one per response header.
type Result struct {
	Name string // Go type name
	Key  string // JSON pointer of the operation's responses
	// Headers are the headers of every success response, by name, in the
	// order first declared. Required is set when every response requires
	// the header, so that the field is a value rather than a pointer.
	Headers []*Param
}

// Pagination says how to walk the pages of a cursor-paginated operation:
// send the NextField of one page as the cursor of the next request.
type Pagination struct {
	CursorInBody bool   // the cursor is a body field, not a query parameter
	CursorField  string // Go name of the cursor in the params struct or body
	NextField    string // Go name of the next-page cursor in the response
	ItemsField   string // Go name of the item list in the response
	Item         *Schema
	Cursor       *Schema // schema of the request's cursor, to convert the next one to
	Next         *Schema // schema of the response's next cursor
	Method       string  // Go name of the iterator method
}

// Param is one parameter of an operation.
type Param struct {
	Name     string // Go name (field name in the params struct; for path params the argument name)
	ArgName  string // unexported name, for path params
	SpecName string
	In       string // path, query, header
	Required bool
	Explode  bool
	// Delimiter joins the items of a non-exploded array: "," (form and
	// simple styles), " " (spaceDelimited) or "|" (pipeDelimited).
	Delimiter string
	// Style of a path parameter: "" (simple), "label" (.value) or
	// "matrix" (;name=value); of an object query parameter: "deepObject"
	// (name[prop]=value) or "formObject" (prop=value).
	Style string
	// AllowReserved: a query parameter whose value the client sends with
	// RFC 3986's reserved characters unescaped (path=/a/b).
	AllowReserved bool
	Schema        *Schema
	Doc           string
}

// Body is a request body.
type Body struct {
	ContentType string
	Required    bool
	Schema      *Schema // nil when Raw
	// Raw bodies (octet-stream, text, and what cannot be typed) pass
	// through as a RawBody.
	Raw bool
	// AnyContent marks a raw body whose spec names no media type: the
	// server takes any.
	AnyContent bool
	// Form is FormURLEncoded or Multipart for a typed form body, whose
	// Schema is a struct; "" for JSON.
	Form string
	// Parts says how each field of a form body goes on the wire, in
	// field order.
	Parts []FormPart
	// Others are the media types the spec offers besides ContentType,
	// which the generated code does not send (JSON is preferred).
	Others []string
}

// The typed form bodies.
const (
	FormURLEncoded = "urlencoded"
	Multipart      = "multipart"
)

// FormPart is one property of a form body.
type FormPart struct {
	Field *Field
	// Kind is PartText (a value, or one per array item), PartFile (a file
	// part), PartFiles (a part per file of a list) or PartJSON (a multipart
	// part holding JSON).
	Kind string
	// Explode sends an array as one value per item (the default); without
	// it the items are joined with commas.
	Explode     bool
	ContentType string // encoding.contentType, for file and JSON parts
}

// Kinds of form parts.
const (
	PartText  = "text"
	PartFile  = "file"
	PartFiles = "files"
	PartJSON  = "json"
)

// Response is one success response of an operation.
type Response struct {
	// Status is the code of an exact response, and the code the server
	// writes by default for a range (200 for 2XX) or default.
	Status int
	// Range is the leading digit of a range such as 2XX, or 0.
	Range int
	// Default marks the default response (a success only when the
	// operation declares no other).
	Default     bool
	ContentType string  // "" when the response has no body
	Schema      *Schema // nil when the response has no body or is Raw
	// Raw responses (any media type but JSON) pass through as a
	// RawResponse whose body the caller reads and closes.
	Raw bool
	// Field is the Go name of the Result field that holds the body, and
	// Label how docs name the response ("201", "2XX", "default").
	Field, Label string
	// Headers are the headers this response declares; Name is the Result
	// field, Required whether this response must carry it.
	Headers []*Param
}

// HasBody reports whether the response carries a body.
func (r *Response) HasBody() bool { return r.Raw || r.Schema != nil }

// Matches reports whether an answer with this status code is this
// response, leaving default aside.
func (r *Response) Matches(code int) bool {
	if r.Range != 0 {
		return code/100 == r.Range
	}
	return !r.Default && code == r.Status
}

// ErrorModel describes how the document's error responses are shaped, so
// that the client can read them and the server can write its own errors in
// the same form.
type ErrorModel struct {
	// Envelope is the property that wraps the error object ("error" for
	// {"error": {...}}), or "" when the fields sit at the top level.
	Envelope   string
	Code       string // JSON name of the code field, or ""
	Message    string
	Missing    string
	Duplicated string
	// CodeString says the code is a string in the spec ("404"), not a
	// number.
	CodeString bool
	// Title and Type name the properties of an RFC 9457 problem the
	// server fills in when Message is another ("detail"): the status text,
	// and about:blank.
	Title, Type string
	// ContentType is the media type of the spec's error responses, when
	// not application/json (application/problem+json).
	ContentType string
}
