package generator

import (
	"fmt"
	"go/parser"
	"go/token"
	"math"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgen/specgen/generator/emit/lookaround"
	"github.com/specgen/specgen/generator/ir"
	"github.com/specgen/specgen/generator/naming"
)

// reservedNames are the package-level identifiers the generated runtime
// declares itself; no schema or operation may take them.
var reservedNames = map[string]bool{
	"Client": true, "NewClient": true, "ClientOption": true, "WithHTTPClient": true,
	"Handler": true, "UnimplementedHandler": true, "NewServer": true, "ServerOption": true,
	"WithBasePath": true, "WithMaxBodyBytes": true, "WithLogger": true,
	"APIError": true, "ValidationError": true, "Violation": true, "ResponseError": true,
	"Nullable": true, "NewNullable": true, "Null": true, "Ptr": true,
	"RetryPolicy": true, "DefaultRetryPolicy": true, "WithRetry": true, "WithUserAgent": true,
	"WithHeader": true, "WithRequestHook": true, "WithStrict": true, "ContextWithHeader": true,
	"WithMaxResponseBytes": true, "ErrResponseTooLarge": true,
	"RawBody": true, "RawResponse": true, "Credentials": true, "OperationInfo": true,
	"SecurityHandler": true, "Authorizer": true, "WithSecurity": true, "WithAuthorizer": true,
	"WithoutSecurity": true, "PrincipalFrom": true, "RequestIDFrom": true, "PathValueFrom": true,
	"WithResponseValidation": true, "FormFile": true,
}

// reservedMethods are the methods the generated types and the client carry;
// no field or operation may take them.
var reservedMethods = map[string]bool{
	"Validate": true, "ValidateRequest": true, "ValidateResponse": true,
	"MarshalJSON": true, "UnmarshalJSON": true, "String": true, "GoString": true,
	"Valid": true, "Time": true, "AdditionalProperties": true, "LogValue": true,
}

// unionMethods are the methods a union may carry, which no variant's
// field may be named.
var unionMethods = map[string]bool{
	"Validate": true, "ValidateRequest": true, "ValidateResponse": true,
	"MarshalJSON": true, "UnmarshalJSON": true, "LogValue": true,
}

// maxSchemaDepth bounds how deep the builder follows schemas written
// inside one another: far beyond any spec's, short of a stack overflow.
const maxSchemaDepth = 2000

// builder turns a loaded document into the IR. It never changes the
// document.
type builder struct {
	depth   int  // schemas being built, one inside another
	tooDeep bool // maxSchemaDepth reported
	doc     *openapi3.T
	// mergedOrder is the order of the properties of each allOf's merge.
	mergedOrder map[*openapi3.Schema][]string
	pkg         *ir.Package
	named       map[string]*ir.Type // by key
	// docLater marks the types of other files' schemas first met at a use
	// with its own description: their doc comes from a use without one.
	docLater map[string]bool
	// homeOf is the named type made for an inline schema, by the schema
	// itself: a property an allOf takes from another schema keeps that
	// schema's type rather than getting a copy under a new name.
	homeOf map[*openapi3.Schema]*ir.Type
	// muted holds the schemas written beside a union that distribute
	// copies into every variant: their warnings are given once, where
	// they are written, not again in each variant.
	muted map[*openapi3.Schema]bool
	// afterBuild runs once every type is built.
	afterBuild []func()
	types      []*ir.Type
	ents       []naming.Entity // package-level names wanted
	entTypes   map[string]*ir.Type
	results    map[string]*ir.Result // response types, by key
	errs       []error
	formats    map[string]GoType // format → Go type, from the config
	prev       map[string]string // names of the last generation, by key
	// homes and legacyKeys: see findHomes.
	homes      map[*openapi3.Schema]home
	legacyKeys map[string][]string
	// moved, prints and variantPlaces: see placeVariants.
	moved         map[string]string
	prints        map[string]string
	variantPlaces map[string]map[string]int
	// ownVariants: see nameOwnVariants.
	ownVariants []ownVariant
	// refAt: see noteRef.
	refAt map[string]string
	// schemaAt is the schema each named type was built from, by key, for
	// printComponents.
	schemaAt map[string]*openapi3.Schema
	// movedComponents: see printComponents.
	movedComponents [][2]string
}

// spec locations are JSON pointers.
func pointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// pointerUnescape reads one segment of a JSON pointer back.
func pointerUnescape(s string) string {
	return pointerUnescaper.Replace(s)
}

var pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")

func (b *builder) failf(key, format string, args ...any) {
	b.errs = append(b.errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
}

func (b *builder) warnf(key, format string, args ...any) {
	b.pkg.Warnings = append(b.pkg.Warnings, fmt.Sprintf("%s: %s", key, fmt.Sprintf(format, args...)))
}

// goName returns the x-go-name in ext when it is an exported Go
// identifier. Another one ("z z", "type", "_", "router") would not compile or
// would clash with the package's own unexported names, and a lowercase field
// is not encoded: it is reported and the name derived from the spec is used.
func (b *builder) goName(ext map[string]any, key string) (string, bool) {
	n, ok := ext["x-go-name"].(string)
	if !ok || n == "" {
		return "", false
	}
	if !token.IsIdentifier(n) || !token.IsExported(n) {
		b.warnf(key, "x-go-name %q is not an exported Go identifier; it is ignored", n)
		return "", false
	}
	return n, true
}

// build runs the whole conversion.
func build(doc *openapi3.T, opts Options) (*ir.Package, error) {
	b := &builder{
		doc:         doc,
		mergedOrder: map[*openapi3.Schema][]string{},
		formats:     opts.Formats,
		prev:        opts.Previous,
		pkg:         &ir.Package{Name: opts.Package},
		named:       map[string]*ir.Type{},
		docLater:    map[string]bool{},
		homeOf:      map[*openapi3.Schema]*ir.Type{},
		muted:       map[*openapi3.Schema]bool{},
		entTypes:    map[string]*ir.Type{},
		results:     map[string]*ir.Result{},
		moved:       map[string]string{},
		prints:      map[string]string{},
		schemaAt:    map[string]*openapi3.Schema{},
	}
	b.findHomes()
	if doc.Info != nil {
		b.pkg.Title = doc.Info.Title
		b.pkg.Description = doc.Info.Description
		b.pkg.Version = doc.Info.Version
	}
	// A server is keyed by its URL, not its place: a server added before
	// the others leaves their constants naming the URLs they named. With
	// several servers they are numbered in the spec's order, newcomers
	// taking the first numbers no kept name holds.
	serverKeys := make([]string, len(doc.Servers))
	held := map[string]bool{}
	for i, s := range doc.Servers {
		serverKeys[i] = "#/servers=" + strconv.Quote(s.URL)
		for n := 2; slices.Contains(serverKeys[:i], serverKeys[i]); n++ {
			serverKeys[i] = "#/servers=" + strconv.Quote(s.URL) + "#" + strconv.Itoa(n)
		}
		if prev := b.prev[serverKeys[i]]; prev != "" {
			held[prev] = true
		}
	}
	next, listed := 1, 0
	for _, s := range doc.Servers {
		if s.URL != "" {
			listed++
		}
	}
	for i, s := range doc.Servers {
		if s.URL == "" {
			continue // reported as invalid but generated
		}
		srv := ir.Server{URL: s.URL, Description: s.Description, Key: serverKeys[i]}
		want := "ServerURL"
		if prev := b.prev[srv.Key]; prev != "" {
			want = prev
		} else if listed > 1 {
			for held[want+strconv.Itoa(next)] {
				next++
			}
			want += strconv.Itoa(next)
			next++
		}
		b.ents = append(b.ents, naming.Entity{Want: want, Key: srv.Key, Prev: b.prev[srv.Key]})
		for _, name := range sortedKeys(s.Variables) {
			v := s.Variables[name]
			srv.Variables = append(srv.Variables, ir.ServerVariable{Name: name, Default: v.Default, Description: v.Description, Enum: v.Enum})
		}
		b.pkg.Servers = append(b.pkg.Servers, srv)
	}
	if doc.Components != nil {
		for _, name := range sortedKeys(doc.Components.Schemas) {
			b.component(name)
		}
	}
	b.operations(opts.NoServer)
	b.callbackTypes()
	b.componentFiles()
	b.errorModel()
	b.securitySchemes()
	if len(b.errs) > 0 {
		return nil, joinErrors(b.errs)
	}
	b.resolveNames()
	b.nameOwnVariants()
	for i := range b.pkg.Servers {
		b.pkg.Servers[i].Name = b.pkg.Names[b.pkg.Servers[i].Key]
	}
	for i := range b.pkg.AuthOptions {
		a := &b.pkg.AuthOptions[i]
		a.Name = b.pkg.Names[a.Key]
		if a.Kind == "bearer" {
			a.SourceName = b.pkg.Names[a.Key+"Source"]
		}
	}
	sort.Slice(b.types, func(i, j int) bool { return b.types[i].Name < b.types[j].Name })
	b.pkg.Types = b.types
	for _, f := range b.afterBuild {
		f()
	}
	b.aliasRulesAtUses()
	markDirectional(b.types)
	markIndirect(b.types)
	shareShapes(b.pkg)
	aliasUses(b.pkg)
	markTags(b.pkg.Types)
	b.printComponents()
	b.keepMovedNames()
	b.keepMoveRecords()
	return b.pkg, nil
}

// aliasRulesAtUses makes the rules of an alias (Low: {$ref: Level,
// maximum: 1}, or allOf: [$ref: Level] with rules beside it) rules of each
// use of it. Go's type Low = Level has no checks of its own, so they are
// checked where a field, an item, a parameter or a request body is a Low,
// as rules written beside a $ref there are (responses check only a type's
// own rules). On an object, a union, a tuple, a time or raw JSON, where no
// rule of a use is checked, they are reported.
func (b *builder) aliasRulesAtUses() {
	own := map[*ir.Type]ir.Rules{}
	var order []*ir.Type
	for _, t := range b.types {
		if t.Kind != ir.Scalar || t.SameAs != nil || t.Underlying == nil || t.Underlying.Kind != ir.KNamed || t.Underlying.Rules.Empty() {
			continue
		}
		if !rulesCheckedAtUse(t.Underlying.Base()) {
			b.warnf(t.Key, "%s is declared as another name for %s; the rules written beside its reference are not checked", t.Name, t.Underlying.Named.Name)
			continue
		}
		own[t] = t.Underlying.Rules
		order = append(order, t)
	}
	if len(own) == 0 {
		return
	}
	// An alias of an alias holds the rules of both.
	all := map[*ir.Type]ir.Rules{}
	clashes := map[*ir.Type][]string{}
	for t, r := range own {
		u := t.Underlying.Named
		for range len(own) { // a chain of aliases has no cycle: build refuses one
			ur, ok := own[u]
			if !ok {
				break
			}
			var clash []string
			r, clash = ir.JoinRules(r, ur)
			clashes[t] = append(clashes[t], clash...)
			u = u.Underlying.Named
		}
		all[t] = r
	}
	eachSchema(b.pkg, func(use *ir.Schema) {
		r, ok := all[use.Named]
		if use.Kind != ir.KNamed || !ok {
			return
		}
		joined, clash := ir.JoinRules(use.Rules, r)
		clashes[use.Named] = append(clashes[use.Named], clash...)
		o := ownRules(use)
		use.Rules = ir.Unimplied(joined, o)
		use.Tighter = ir.Tighter(use.Rules, o)
	})
	for _, t := range order {
		msg := fmt.Sprintf("%s is declared as another name for %s: the rules written beside its reference are checked where a field, an item, a parameter or a request body is one, not by its Validate nor in responses", t.Name, t.Underlying.Named.Name)
		if c := slices.Compact(slices.Sorted(slices.Values(clashes[t]))); len(c) > 0 {
			msg += fmt.Sprintf("; its %s cannot be joined with a rule of the same keyword at some of its uses, and is not checked there", strings.Join(c, ", "))
		}
		b.warnf(t.Key, "%s", msg)
	}
}

// rulesCheckedAtUse reports whether rules given at a use of a named type
// of this base are checked there: on scalars (not times or bytes), lists
// and maps, as emit's useRules does.
func rulesCheckedAtUse(base *ir.Schema) bool {
	switch base.Kind {
	case ir.KString:
		return base.Format != "date-time" && base.Format != "byte"
	case ir.KInt, ir.KNumber, ir.KBool, ir.KArray, ir.KMap:
		return true
	}
	return false
}

func joinErrors(errs []error) error {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return fmt.Errorf("%s", strings.Join(msgs, "\n"))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// newType registers a named type that wants the Go name want.
func (b *builder) newType(key, want string, pinned bool) *ir.Type {
	t := &ir.Type{Key: key, Name: want}
	b.named[key] = t
	b.types = append(b.types, t)
	rank := 0
	if name, ok := componentName(key); ok {
		switch {
		case name == want:
			rank = 2
		case naming.Declared(name) == want && strings.ToUpper(name[:1])+name[1:] == want:
			rank = 1 // only the first letter was raised: "sourceType"
		}
	}
	b.ents = append(b.ents, naming.Entity{Want: want, Key: key, Pinned: pinned, Rank: rank, Prev: b.prevName(key)})
	b.entTypes[key] = t
	return t
}

// component returns the named type for components/schemas/name.
func (b *builder) component(name string) *ir.Type {
	key := "#/components/schemas/" + pointerEscape(name)
	if t, ok := b.named[key]; ok {
		return t
	}
	ref := b.doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		b.failf(key, "schema is empty")
		return b.newType(key, naming.Exported(name), false)
	}
	want, pinned := naming.Declared(name), false
	if n, ok := b.goName(ref.Value.Extensions, key); ok {
		want, pinned = n, true
	}
	if ref.Ref != "" {
		// An alias of another schema: name it, point at the target.
		t := b.newType(key, want, pinned)
		t.Kind = ir.Scalar
		t.Underlying = b.schema(ref, want, key)
		return t
	}
	return b.namedFrom(ref.Value, key, want, pinned)
}

// namedFrom builds a named type from a schema.
func (b *builder) namedFrom(s *openapi3.Schema, key, want string, pinned bool) *ir.Type {
	t := b.newType(key, want, pinned)
	b.schemaAt[key] = s
	b.fill(t, s, key)
	return t
}

// isNull reports whether a schema allows only null.
func isNull(r *openapi3.SchemaRef) bool {
	return r != nil && r.Value != nil && ((r.Value.Type != nil && len(*r.Value.Type) == 1 && (*r.Value.Type)[0] == openapi3.TypeNull) || constNull(r.Value))
}

// constNull reports a schema written as const: null, which the loader
// reads as no const at all: the key's recorded position tells them apart.
func constNull(s *openapi3.Schema) bool {
	if s.Const != nil || s.Origin == nil {
		return false
	}
	_, ok := s.Origin.Fields.Lookup("const")
	return ok
}

// alternatives returns the oneOf (or anyOf) branches that are not just
// null, and whether a null branch was there.
func alternatives(s *openapi3.Schema) (openapi3.SchemaRefs, bool) {
	alts := s.OneOf
	if len(alts) == 0 {
		alts = s.AnyOf
	}
	var out openapi3.SchemaRefs
	hadNull := false
	for _, a := range alts {
		if isNull(a) {
			hadNull = true
			continue
		}
		out = append(out, a)
	}
	return out, hadNull
}

// fill makes t the Go type of schema s.
func (b *builder) fill(t *ir.Type, s *openapi3.Schema, key string) {
	want := t.Name
	if alts, hadNull := alternatives(s); hadNull && len(alts) == 1 {
		if besideVariants(s) != nil {
			b.warnf(key, "the properties written beside a nullable single variant are not kept: write them in the variant")
		}
		// anyOf: [X, {type: null}] is a nullable X.
		if alts[0].Ref != "" {
			t.Kind = ir.Scalar
			t.Doc = describe(s)
			t.Underlying = b.schema(alts[0], want, key+"/anyOf/0")
			return
		}
		b.fill(t, alts[0].Value, key)
		if t.Doc == "" {
			t.Doc = describe(s)
		}
		return
	}
	t.Doc = describe(s)
	t.Deprecated = s.Deprecated
	if ext, ok := b.externalType(s.Extensions, key); ok {
		t.Kind = ir.External
		t.Underlying = ext
		return
	}
	if v, ok := s.Extensions["x-epoch"].(string); ok && v == "milliseconds" {
		t.EpochMillis = true
	}
	if lifted := b.unionOfAllOf(s); lifted != nil {
		s = lifted
	}
	if ext, ok := s.Extensions["x-extensible-enum"]; ok {
		s = b.extensible(t, s, ext, key)
	} else if ms, ok := s.Extensions["x-ms-enum"].(map[string]any); ok && ms["modelAsString"] == true && len(s.Enum) > 0 {
		t.Open = true // AutoRest's way of saying the same
	}
	distributed := false
	types := typesOf(s)
	switch {
	case isConstEnum(s):
		// oneOf: [{const: 1, title: A}, ...] is an enum written long-hand.
		cp := *s
		cp.OneOf, cp.AnyOf = nil, nil
		// A constant is named by its title, or else by its value, and
		// documented by its description.
		var names []any
		docs := map[string]string{}
		alts, _ := alternatives(s) // a null branch makes the uses nullable
		for _, alt := range alts {
			cp.Enum = append(cp.Enum, alt.Value.Const)
			name := ""
			if len(naming.Words(alt.Value.Title)) > 0 {
				name = naming.Exported(alt.Value.Title)
			}
			names = append(names, name)
			// A value listed twice keeps its first name, and its first description.
			if d, k := strings.TrimSpace(alt.Value.Description), (ir.EnumValue{Value: alt.Value.Const}).Text(); d != "" && docs[k] == "" {
				docs[k] = d
			}
		}
		cp.Extensions = map[string]any{"x-enum-varnames": names}
		if len(typesOf(&cp)) == 0 {
			cp.Type = constsType(alts) // else the values say (2 and 1.5: numbers)
		}
		b.enum(t, &cp, key)
		for i := range t.EnumValues {
			t.EnumValues[i].Doc = docs[t.EnumValues[i].Text()]
		}
	case isObject(s) && len(s.Properties) > 0 && requiredOnly(s):
		// properties with oneOf: [{required: [a]}, {required: [b]}]: a
		// struct, and a rule on which properties are there.
		t.Kind = ir.Struct
		b.fields(t, s, key)
		b.presenceRules(t, s, key, false)
		b.alternatives(t, s, key)
	case len(s.OneOf) > 0 || len(s.AnyOf) > 0:
		t.Kind = ir.Union
		alts, word := s.OneOf, "oneOf"
		if len(alts) == 0 {
			alts, word, t.Mode = s.AnyOf, "anyOf", ir.AnyOf
		}
		if base := besideVariants(s); base != nil {
			if s.Discriminator != nil {
				b.warnf(key, "the properties written beside a discriminated %s are not kept: write them in each variant", word)
			} else {
				alts = b.distribute(t, base, alts, key)
				distributed = true
			}
		}
		b.variants(t, alts, key, word)
		if d := s.Discriminator; d != nil && d.PropertyName != "" {
			b.discriminator(t, alts, d, key)
		}
	case len(s.AllOf) > 0:
		b.allOf(t, s, key)
	case len(s.Enum) > 0:
		b.enum(t, s, key)
	case len(types) > 1:
		t.Kind, t.Mode = ir.Union, ir.TypeList
		for _, typ := range types {
			cp := *s
			cp.Type = &openapi3.Types{typ}
			b.addVariant(t, b.inline(&cp, want+naming.Exported(typ), key+"/type/"+typ), key)
		}
	case len(s.PrefixItems) > 0 && (len(types) == 0 || (len(types) == 1 && types[0] == openapi3.TypeArray)):
		b.tuple(t, s, key)
	case isObject(s) && (len(s.Properties) > 0 || len(s.PatternProperties) > 0):
		t.Kind = ir.Struct
		b.fields(t, s, key)
		b.presenceRules(t, s, key, false)
	default:
		// inline reports the keywords it does not check.
		sch := b.inline(s, want, key)
		switch sch.Kind {
		case ir.KArray:
			t.Kind = ir.Slice
		case ir.KMap, ir.KObject:
			t.Kind = ir.Map
		case ir.KAny:
			t.Kind = ir.Raw
		default:
			t.Kind = ir.Scalar
		}
		t.Underlying = sch
		return
	}
	if t.Open && t.Kind != ir.Enum {
		b.warnf(key, "%s", notOpened)
		t.Open = false
	}
	b.unchecked(s, key, t, false, distributed)
}

// tuple fills a Tuple from prefixItems: a field per position, named by the
// item's x-go-name or title or else Item0, Item1...; positions below
// minItems are always there and held as values, the others as pointers.
// The items after them follow items (raw JSON when it is absent), or are
// refused with items: false.
func (b *builder) tuple(t *ir.Type, s *openapi3.Schema, key string) {
	t.Kind = ir.Tuple
	var ents []naming.Entity
	for i, it := range s.PrefixItems {
		want, pinned := "Item"+strconv.Itoa(i), false
		if v := it.Value; v != nil {
			if n, ok := b.goName(v.Extensions, key+"/prefixItems/"+strconv.Itoa(i)); ok {
				want, pinned = n, true
			} else if v.Title != "" && it.Ref == "" {
				want = naming.Exported(v.Title)
			}
		}
		ents = append(ents, naming.Entity{Want: want, Key: strconv.Itoa(i), Pinned: pinned})
	}
	ents = append(ents, naming.Entity{Want: "Rest", Key: "rest", Rank: 2})
	names := naming.Resolve(ents, reservedMethods)
	for i, it := range s.PrefixItems {
		ikey := key + "/prefixItems/" + strconv.Itoa(i)
		sch := b.schema(it, t.Name+naming.Exported(names[strconv.Itoa(i)]), ikey)
		t.Items = append(t.Items, &ir.TupleItem{
			Name:   names[strconv.Itoa(i)],
			Schema: sch,
			// A position holding the tuple itself is a pointer, so that the
			// Go type is finite.
			Required: uint64(i) < s.MinItems && !(sch.Kind == ir.KNamed && sch.Named == t),
		})
	}
	switch it := s.Items; {
	case it == nil:
		t.Rest = &ir.Schema{Kind: ir.KAny}
	case it.Value != nil && it.Value.Always != nil && !*it.Value.Always:
		t.NoRest = true
	default:
		t.Rest = b.schema(it, t.Name+"Rest", key+"/items")
	}
	b.rules(&t.ArrayRules, s)
}

// requiredOnly reports whether the branches of a oneOf or anyOf only list
// required properties (the object's own properties give the type).
func requiredOnly(s *openapi3.Schema) bool {
	alts := s.OneOf
	if len(alts) == 0 {
		alts = s.AnyOf
	}
	if len(alts) == 0 || len(s.OneOf) > 0 && len(s.AnyOf) > 0 {
		return false
	}
	for _, a := range alts {
		v := a.Value
		if v != nil && len(v.Required) == 0 && v.MaxProps != nil && *v.MaxProps == 0 && (v.Type == nil || v.Type.Is(openapi3.TypeObject)) &&
			len(v.Properties) == 0 && v.AdditionalProperties.Schema == nil && a.Ref == "" {
			continue // {maxProperties: 0}: no property at all
		}
		if a.Ref != "" || v == nil || len(v.Required) == 0 || v.Type != nil || len(v.Properties) > 0 ||
			len(v.OneOf) > 0 || len(v.AnyOf) > 0 || len(v.AllOf) > 0 || v.Not != nil || len(v.Enum) > 0 ||
			v.Items != nil || v.AdditionalProperties.Schema != nil {
			return false
		}
	}
	return true
}

// closesUnevaluated reports whether an object's unevaluatedProperties:
// false means what additionalProperties: false would: nothing else can
// evaluate a property (no additional or pattern properties, no parts that
// name properties of their own).
func closesUnevaluated(s *openapi3.Schema) bool {
	u := s.UnevaluatedProperties
	if u.Schema != nil || u.Has == nil || *u.Has {
		return false
	}
	ap := s.AdditionalProperties
	if ap.Schema != nil || ap.Has != nil || len(s.PatternProperties) > 0 || s.If != nil || len(s.DependentSchemas) > 0 {
		return false
	}
	for _, alt := range append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...) {
		if alt.Value != nil && (len(alt.Value.Properties) > 0 || len(alt.Value.PatternProperties) > 0 || alt.Value.AdditionalProperties.Schema != nil || alt.Value.AdditionalProperties.Has != nil) {
			return false
		}
	}
	return len(s.AllOf) == 0
}

// presenceRules reads the rules on which properties of a struct's object
// may or must be there together, beyond required: how many (minProperties,
// maxProperties), their names (propertyNames), dependentRequired, and
// a not that lists required properties (not: {required: [a, b]}: never
// both; not: {anyOf: [{required: [a]}, {required: [b]}]}: neither). A not
// of another form is reported as not checked. quiet leaves the warnings
// to the schema's own conversion (a referenced part of an allOf).
func (b *builder) presenceRules(t *ir.Type, s *openapi3.Schema, key string, quiet bool) {
	warnf := b.warnf
	if quiet {
		warnf = func(string, string, ...any) {}
	}
	// minProperties and maxProperties: the tighter of every part's.
	var counts ir.Rules
	b.rules(&counts, s)
	t.ObjectRules, _ = ir.JoinRules(t.ObjectRules, ir.Rules{MinProps: counts.MinProps, MaxProps: counts.MaxProps})
	// propertyNames: the names of the properties the spec does not name
	// are checked; a named one that breaks it is the spec's own
	// contradiction, reported here.
	if s.PropertyNames != nil && s.PropertyNames.Value != nil {
		var kr ir.Rules
		b.rules(&kr, s.PropertyNames.Value)
		b.checkPattern(&kr, key+"/propertyNames")
		var re *regexp.Regexp
		if kr.Pattern != "" {
			re = regexp.MustCompile(kr.Pattern) // checkPattern dropped one that does not compile
		}
		for _, name := range orderedProperties(s.Properties) {
			if !nameMeets(name, kr, re) {
				warnf(key+"/propertyNames", "property %q breaks propertyNames, so no value that has it is valid; it is not refused", name)
			}
		}
		if !kr.Empty() && (t.Additional != nil || len(t.Patterns) > 0) {
			var clash []string
			t.ObjectRules, clash = ir.JoinRules(t.ObjectRules, ir.Rules{KeyRules: &kr})
			if len(clash) > 0 {
				warnf(key+"/propertyNames", "propertyNames is written in more than one part of allOf; only the first is checked")
			}
		}
	}
	defined := func(name string) bool {
		return slices.ContainsFunc(t.Fields, func(f *ir.Field) bool { return f.JSONName == name })
	}
	ifs := make([]string, 0, len(s.DependentRequired))
	for name := range s.DependentRequired {
		ifs = append(ifs, name)
	}
	slices.Sort(ifs)
	for _, name := range ifs {
		dkey := key + "/dependentRequired/" + pointerEscape(name)
		if !defined(name) {
			warnf(dkey, "property %q is not defined; the rule is not checked", name)
			continue
		}
		var then []string
		for _, n := range s.DependentRequired[name] {
			switch {
			case !defined(n):
				warnf(dkey, "required property %q is not defined; ignored", n)
			case n != name && !slices.Contains(then, n):
				then = append(then, n)
			}
		}
		if len(then) > 0 {
			t.Dependencies = append(t.Dependencies, ir.Dependency{If: name, Then: then})
		}
	}
	if s.Not == nil || s.Not.Value == nil {
		return
	}
	sets, ok := forbiddenSets(s.Not.Value)
	if !ok {
		warnf(key+"/not", "not is not checked: only a not that lists required properties (not: {required: [a, b]}) is")
		return
	}
	for _, set := range sets {
		kept := true
		for _, n := range set {
			if !defined(n) {
				warnf(key+"/not", "property %q is not defined; the set %s is not checked", n, strings.Join(set, ", "))
				kept = false
				break
			}
		}
		if kept {
			var uniq []string
			for _, n := range set {
				if !slices.Contains(uniq, n) {
					uniq = append(uniq, n)
				}
			}
			t.Forbidden = append(t.Forbidden, uniq)
		}
	}
}

// nameMeets reports whether a property name meets the rules of
// propertyNames that a name can be judged by here: lengths, and pattern
// (re, compiled from r.Pattern; nil for none).
func nameMeets(name string, r ir.Rules, re *regexp.Regexp) bool {
	n := uint64(utf8.RuneCountInString(name))
	if (r.MinLength != nil && n < *r.MinLength) || (r.MaxLength != nil && n > *r.MaxLength) {
		return false
	}
	return re == nil || re.MatchString(name)
}

// forbiddenSets reads the schema of a not that only lists required
// properties: {required: [a, b]} forbids one set, {anyOf: [{required:
// [a]}, {required: [b]}]} one per branch.
func forbiddenSets(n *openapi3.Schema) ([][]string, bool) {
	listsRequired := func(v *openapi3.Schema) bool {
		if v == nil || len(v.Required) == 0 {
			return false
		}
		cp := *v
		cp.Required = nil
		return assertsNothing(cp)
	}
	if listsRequired(n) {
		return [][]string{n.Required}, true
	}
	cp := *n
	cp.AnyOf = nil
	if len(n.AnyOf) == 0 || !assertsNothing(cp) {
		return nil, false
	}
	var sets [][]string
	for _, a := range n.AnyOf {
		if a.Ref != "" || !listsRequired(a.Value) {
			return nil, false
		}
		sets = append(sets, a.Value.Required)
	}
	return sets, true
}

// assertsNothing reports whether s, a copy, asserts nothing beyond being
// an object: what is left are annotations (title, description, examples,
// nullable, readOnly, writeOnly).
func assertsNothing(s openapi3.Schema) bool {
	s.Examples = nil
	s.Nullable, s.ReadOnly, s.WriteOnly = false, false, false
	if s.Type != nil && s.Type.Is(openapi3.TypeObject) {
		s.Type = nil
	}
	return s.IsEmpty() && len(s.AllOf) == 0 && len(s.AnyOf) == 0 && len(s.OneOf) == 0
}

// unchecked reports the keywords of s that no generated code checks.
// t is the type s fills (nil for a schema used in place): on a struct,
// not and dependentRequired are presenceRules', and unevaluatedProperties:
// false is additionalProperties: false where nothing else evaluates a
// property. part marks a part of an allOf, whose unevaluatedProperties
// is its own; distributed, a union whose variants took the object's
// properties and rules (distribute).
func (b *builder) unchecked(s *openapi3.Schema, key string, t *ir.Type, part, distributed bool) {
	if b.muted[s] {
		return
	}
	isStruct := t != nil && (t.Kind == ir.Struct || distributed)
	var lost []string
	for _, k := range []struct {
		name string
		set  bool
	}{
		{"not", s.Not != nil && !isStruct},
		{"dependentRequired", len(s.DependentRequired) > 0 && !isStruct},
		{"dependentSchemas", len(s.DependentSchemas) > 0},
		{"contains", s.Contains != nil || s.MinContains != nil || s.MaxContains != nil},
		{"if/then/else", s.If != nil || s.Then != nil || s.Else != nil},
		{"unevaluatedProperties", (s.UnevaluatedProperties.Schema != nil || (s.UnevaluatedProperties.Has != nil && !*s.UnevaluatedProperties.Has)) &&
			(part || distributed || !isStruct || !t.Closed)},
		{"unevaluatedItems", s.UnevaluatedItems.Schema != nil || (s.UnevaluatedItems.Has != nil && !*s.UnevaluatedItems.Has)},
		{"const", s.Const != nil && t != nil && (t.Kind == ir.Struct || t.Kind == ir.Union || t.Kind == ir.Tuple)},
	} {
		if k.set {
			lost = append(lost, k.name)
		}
	}
	if len(lost) > 0 {
		b.warnf(key, "%s %s not checked: the generated code does not validate %s", strings.Join(lost, ", "), map[bool]string{true: "is", false: "are"}[len(lost) == 1], map[bool]string{true: "this keyword", false: "these keywords"}[len(lost) == 1])
	}
}

// isConstEnum reports whether a oneOf/anyOf lists scalar constants only,
// besides a {type: "null"} branch.
func isConstEnum(s *openapi3.Schema) bool {
	if len(s.OneOf) > 0 && len(s.AnyOf) > 0 {
		return false
	}
	alts, _ := alternatives(s)
	if len(alts) == 0 {
		return false
	}
	for _, a := range alts {
		if a.Value == nil || a.Value.Const == nil || a.Ref != "" {
			return false
		}
		switch a.Value.Const.(type) {
		case string, float64, int, int64:
		default:
			return false
		}
	}
	return true
}

// constsType is the type the constants' branches declare, when they
// agree (integer beside number is number), or nil.
func constsType(alts openapi3.SchemaRefs) *openapi3.Types {
	typ := ""
	for _, a := range alts {
		ts := typesOf(a.Value)
		switch {
		case len(ts) != 1:
			return nil
		case typ == "" || typ == ts[0]:
			typ = ts[0]
		case (typ == openapi3.TypeInteger || typ == openapi3.TypeNumber) && (ts[0] == openapi3.TypeInteger || ts[0] == openapi3.TypeNumber):
			typ = openapi3.TypeNumber
		default:
			return nil
		}
	}
	return &openapi3.Types{typ}
}

func describe(s *openapi3.Schema) string {
	if s.Description != "" {
		return strings.TrimSpace(s.Description)
	}
	return strings.TrimSpace(s.Title)
}

// typesOf returns the declared types without "null".
func typesOf(s *openapi3.Schema) []string {
	if s.Type == nil {
		return nil
	}
	var out []string
	for _, t := range *s.Type {
		if t != openapi3.TypeNull {
			out = append(out, t)
		}
	}
	return out
}

func nullable(s *openapi3.Schema) bool {
	if s.Nullable || (s.Type != nil && s.Type.IncludesNull()) {
		return true
	}
	_, hadNull := alternatives(s)
	return hadNull
}

func isObject(s *openapi3.Schema) bool {
	ts := typesOf(s)
	return (len(ts) == 1 && ts[0] == openapi3.TypeObject) || (len(ts) == 0 && (len(s.Properties) > 0 || len(s.PatternProperties) > 0))
}

// externalType reads x-go-type and x-go-type-import.
func (b *builder) externalType(ext map[string]any, key string) (*ir.Schema, bool) {
	goType, ok := ext["x-go-type"].(string)
	if !ok || goType == "" {
		return nil, false
	}
	if _, err := parser.ParseExpr(goType); err != nil {
		b.warnf(key, "x-go-type %q is not a Go type; it is ignored", goType)
		return nil, false
	}
	out := &ir.Schema{Kind: ir.KExternal, GoType: goType}
	switch imp := ext["x-go-type-import"].(type) {
	case map[string]any:
		out.Import, _ = imp["path"].(string)
	case string:
		out.Import = imp
	}
	return out, true
}

// schema converts a schema use. Refs to components become named types;
// inline objects, enums and unions become named types called want.
func (b *builder) schema(ref *openapi3.SchemaRef, want, key string) *ir.Schema {
	if ref == nil || ref.Value == nil {
		return &ir.Schema{Kind: ir.KAny}
	}
	// A cycle the builder does not see as one would otherwise end in a
	// stack overflow: stop with an error that names the place.
	if b.depth++; b.depth > maxSchemaDepth {
		b.depth--
		if !b.tooDeep {
			b.tooDeep = true
			if i := strings.LastIndex(key[:min(len(key), 200)], "/"); len(key) > 200 && i > 0 {
				key = key[:i] + "/…"
			}
			b.failf(key, "schemas nest more than %d deep here: a cycle of schemas the generator does not follow", maxSchemaDepth)
		}
		return &ir.Schema{Kind: ir.KAny}
	}
	defer func() { b.depth-- }()
	if h, ok := b.homes[ref.Value]; ok && ref.Ref == "" {
		key = h.key
		if h.want != "" {
			want = h.want
		}
	}
	// x-go-type beside a $ref, or in a schema written in place (a target's
	// own is read, and reported, where the target is written).
	if ref.Ref != "" {
		if ext, ok := b.externalType(ref.Extensions, key); ok {
			return ext
		}
	} else if ext, ok := b.externalType(ref.Value.Extensions, key); ok {
		return ext
	}
	if ref.Ref != "" {
		if name, ok := componentName(ref.Ref); ok && b.doc.Components != nil && b.doc.Components.Schemas[name] != nil {
			t := b.component(name)
			b.noteRef(key, t.Key)
			use := &ir.Schema{Kind: ir.KNamed, Named: t, Nullable: nullable(ref.Value)}
			b.refSiblings(use, ref, b.doc.Components.Schemas[name].Value, key)
			return use
		}
		// A ref to somewhere else (another file, a nested place): give the
		// target its own name from the last segment of the ref.
		// Keywords beside it (3.1) come as a copy of the target with one
		// more allOf entry: the type is the target's, the entry's rules
		// are this use's, joined to the target's on a scalar or a list
		// written in place.
		rkey := ref.Ref
		b.noteRef(key, rkey)
		target := ref.Value
		c := siblingConjunct(ref)
		if c != nil {
			target = withoutSiblings(ref.Value)
		}
		t, ok := b.named[rkey]
		if !ok {
			if !needsNamedType(target) {
				in := b.inline(target, want, key)
				if c != nil {
					in.Nullable = in.Nullable && !narrowsNull(c)
					b.joinBeside(in, c, key, "beside the reference")
					b.lostBesideRef(c, key, false)
				}
				return in
			}
			seg := ref.Ref[strings.LastIndexAny(ref.Ref, "/#")+1:]
			seg = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(seg, ".yaml"), ".yml"), ".json")
			if desc, title := b.annotatedBeside(ref); desc || title {
				// What is written beside is the use's, not the
				// type's: the type takes the target's from a use
				// without it, if any.
				cp := *target
				if desc {
					cp.Description = ""
				}
				if title {
					cp.Title = ""
				}
				target = &cp
				b.docLater[rkey] = describe(&cp) == ""
			}
			t = b.namedFrom(target, rkey, naming.Exported(seg), false)
		} else if desc, title := b.annotatedBeside(ref); b.docLater[rkey] && ref.Origin != nil && !desc && (ref.Value.Description != "" || !title) {
			// A use that leaves the target's description as it is (or
			// its title, when it has no description).
			t.Doc = describe(ref.Value)
			delete(b.docLater, rkey)
		}
		use := &ir.Schema{Kind: ir.KNamed, Named: t, Nullable: nullable(ref.Value)}
		if c != nil {
			b.applySiblings(use, c, key)
		} else {
			b.constNullBeside(use, ref, key)
		}
		return use
	}
	in := b.inline(ref.Value, want, key)
	if in.Kind == ir.KNamed && in.Named != nil && in.Named.Key != key {
		// A $ref wrapped in place (allOf: [$ref], a $ref or null): the
		// place's type is the target's.
		b.noteRef(key, in.Named.Key)
	}
	return in
}

// refSiblings applies the keywords a 3.1 schema writes next to a $ref
// ({$ref: Count, maximum: 5}: a value must satisfy both) as rules of this
// use of the referenced type. kin-openapi hands them over as a copy of the
// target with one more allOf entry, which holds them. Keywords no rule of a
// use can hold (properties, required, items, ...) are reported.
func (b *builder) refSiblings(use *ir.Schema, ref *openapi3.SchemaRef, target *openapi3.Schema, key string) {
	if ref.Origin != nil {
		if _, ok := ref.Origin.Fields.Lookup("x-extensible-enum"); ok {
			b.warnf(key, "%s", notOpened)
		}
	}
	if target == nil || ref.Value == target || len(ref.Value.AllOf) != len(target.AllOf)+1 {
		b.constNullBeside(use, ref, key)
		return
	}
	if c := siblingConjunct(ref); c != nil {
		b.applySiblings(use, c, key)
	}
}

// constNullBeside makes const: null, when it is all that is written beside
// a $ref, a rule of the use: kin-openapi reads it as no keyword at all, and
// makes no conjunct of it.
func (b *builder) constNullBeside(use *ir.Schema, ref *openapi3.SchemaRef, key string) {
	if ref.Origin == nil || strings.HasPrefix(b.doc.OpenAPI, "3.0") {
		return
	}
	if _, ok := ref.Origin.Fields.Lookup("const"); ok {
		use.Rules.Const, use.Rules.HasConst = nil, true
		b.useRulesChecked(use, key)
	}
}

// siblingConjunct returns the allOf entry kin-openapi adds to the copy of
// a $ref's target to hold the assertions written beside the $ref (it
// shares the $ref's origin), or nil.
func siblingConjunct(ref *openapi3.SchemaRef) *openapi3.Schema {
	v := ref.Value
	if v == nil || ref.Origin == nil || len(v.AllOf) == 0 {
		return nil
	}
	last := v.AllOf[len(v.AllOf)-1]
	if last == nil || last.Ref != "" || last.Value == nil || last.Value.Origin != ref.Origin {
		return nil
	}
	return last.Value
}

// withoutSiblings is the target of a $ref as it was before kin-openapi
// added the conjunct of the siblings: the copy with its last allOf entry
// taken out.
func withoutSiblings(v *openapi3.Schema) *openapi3.Schema {
	cp := *v
	cp.AllOf = v.AllOf[: len(v.AllOf)-1 : len(v.AllOf)-1]
	if len(cp.AllOf) == 0 {
		cp.AllOf = nil
	}
	return &cp
}

// ownRules are the rules the named type of a use checks itself: its base's,
// with an enum type's values as an enum.
func ownRules(use *ir.Schema) ir.Rules {
	for s := use; s.Kind == ir.KNamed && s.Named != nil; s = s.Named.Underlying {
		if s.Named.Kind == ir.Enum {
			r := use.Base().Rules
			r.Enum = nil
			if s.Named.Open {
				return r
			}
			for _, v := range s.Named.EnumValues {
				r.Enum = append(r.Enum, v.Value)
			}
			return r
		}
		if s.Named.Underlying == nil || s.Named.Kind == ir.Struct {
			return ir.Rules{}
		}
	}
	return use.Base().Rules
}

// besideRules are the rules on values written beside a reference (in c),
// which hold at that use on top of the target's own.
func (b *builder) besideRules(c *openapi3.Schema, key string) ir.Rules {
	var r ir.Rules
	b.rules(&r, c)
	if len(c.Enum) > 0 {
		r.Enum = enumValues(c, true)
	}
	b.checkPattern(&r, key)
	return r
}

// joinBeside adds the rules written beside a reference (in c) to the rules
// use already has: a target's written in place, or a use's own. A keyword
// on both sides that cannot be one rule keeps the first, with a warning.
// On a value whose rules are not checked (a time, raw JSON), they are
// reported.
func (b *builder) joinBeside(use *ir.Schema, c *openapi3.Schema, key, where string) {
	add := b.besideRules(c, key)
	j, clash := ir.JoinRules(use.Rules, add)
	use.Rules = j
	if len(clash) > 0 {
		b.warnf(key, "%s %s cannot be joined with the one of the schema used; only that one is checked", strings.Join(clash, ", "), where)
	}
	if add.Empty() {
		return
	}
	switch use.Kind {
	case ir.KString:
		if use.Format == "date-time" || use.Format == "byte" {
			b.warnf(key, "rules %s (on a %s string) are not checked", where, use.Format)
		}
	case ir.KInt, ir.KNumber, ir.KBool, ir.KArray, ir.KMap, ir.KNamed:
	default:
		// Only enum and const are checked on these, as JSON.
		add.Enum, add.Const, add.HasConst = nil, nil, false
		if !add.Empty() {
			b.warnf(key, "rules %s (on raw JSON or a Go type of your own) are not checked, but for enum and const", where)
		}
	}
}

// narrowsNull reports whether the keywords beside a reference (in c) leave
// out null, which the target allows: an enum without null, a const other
// than null. The use is then not nullable.
func narrowsNull(c *openapi3.Schema) bool {
	if c.Const != nil {
		return true
	}
	if len(c.Enum) == 0 {
		return false
	}
	for _, v := range c.Enum {
		if v == nil {
			return false
		}
	}
	return true
}

// applySiblings makes the assertions c written beside a $ref rules of this
// use of the referenced type, and reports those no rule can hold.
func (b *builder) applySiblings(use *ir.Schema, c *openapi3.Schema, key string) {
	use.Rules = b.besideRules(c, key)
	use.Nullable = use.Nullable && !narrowsNull(c)
	b.useRulesChecked(use, key)
	b.lostBesideRef(c, key, false)
}

// lostBesideRef warns of the keywords next to a $ref (c holds them) that
// are not applied at the use: only rules on values (enum among them) are.
// inAllOf says c is the schema whose allOf: [$ref] carries them (3.0's
// way), whose allOf is the reference itself.
func (b *builder) lostBesideRef(c *openapi3.Schema, key string, inAllOf bool) {
	var lost []string
	for _, k := range []struct {
		name string
		set  bool
	}{
		{"properties", len(c.Properties) > 0}, {"required", len(c.Required) > 0}, {"items", c.Items != nil},
		{"prefixItems", len(c.PrefixItems) > 0}, {"additionalProperties", c.AdditionalProperties.Has != nil || c.AdditionalProperties.Schema != nil},
		{"patternProperties", len(c.PatternProperties) > 0}, {"propertyNames", c.PropertyNames != nil},
		{"oneOf", len(c.OneOf) > 0}, {"anyOf", len(c.AnyOf) > 0}, {"allOf", len(c.AllOf) > 0 && !inAllOf}, {"not", c.Not != nil},
	} {
		if k.set {
			lost = append(lost, k.name)
		}
	}
	if len(lost) > 0 {
		ref := "$ref"
		if inAllOf {
			ref = "allOf: [$ref]"
		}
		b.warnf(key, "%s next to %s %s not checked: only rules on values (bounds, lengths, pattern, counts, const, enum) are applied at a use", strings.Join(lost, ", "), ref, map[bool]string{true: "is", false: "are"}[len(lost) == 1])
	}
}

// besideRef returns the description (or title) written beside a $ref (3.1
// allows it there): kin-openapi reads the reference as a copy of its target
// with the description replaced. Empty when there is none, or when it
// repeats the target's.
func (b *builder) besideRef(ref *openapi3.SchemaRef) string {
	if ref.Value == nil {
		return ""
	}
	var doc string
	switch desc, title := b.annotatedBeside(ref); {
	case desc:
		doc = ref.Value.Description
	case title:
		doc = ref.Value.Title
	default:
		return "" // nothing beside, or no origins to tell
	}
	if name, ok := componentName(ref.Ref); ok && b.doc.Components != nil {
		if target := b.doc.Components.Schemas[name]; target != nil && target.Value != nil && describe(target.Value) == strings.TrimSpace(doc) {
			return ""
		}
	}
	return strings.TrimSpace(doc)
}

// annotatedBeside reports whether a description or a title is written
// beside the $ref of ref (its origin lists the keys of the object that
// holds the $ref).
func (b *builder) annotatedBeside(ref *openapi3.SchemaRef) (desc, title bool) {
	if ref.Origin == nil || strings.HasPrefix(b.doc.OpenAPI, "3.0") {
		return false, false // 3.0 ignores what is written beside a $ref
	}
	_, desc = ref.Origin.Fields.Lookup("description")
	_, title = ref.Origin.Fields.Lookup("title")
	return desc, title
}

// useRulesChecked reports rules given at a use of a named type that the
// emitters cannot check there: those on an object, a union or a tuple
// (validation checks rules at a use on scalars, lists and maps).
// The types are all built when it looks (a type may still be in the
// making where the rules are read).
func (b *builder) useRulesChecked(use *ir.Schema, key string) {
	if use.Kind != ir.KNamed || use.Rules.Empty() {
		return
	}
	b.afterBuild = append(b.afterBuild, func() {
		own := ownRules(use)
		use.Rules = ir.Unimplied(use.Rules, own)
		if use.Rules.Empty() {
			return
		}
		use.Tighter = ir.Tighter(use.Rules, own)
		switch base := use.Base(); {
		case rulesCheckedAtUse(base):
		case base.Kind == ir.KNamed:
			b.warnf(key, "rules next to the reference to %s (an object, union or tuple) are not checked", base.Named.Name)
		case base.Kind == ir.KString:
			b.warnf(key, "rules next to the reference to %s (a %s string) are not checked", use.Named.Name, base.Format)
		default:
			b.warnf(key, "rules next to the reference to %s (raw JSON or a Go type of your own) are not checked", use.Named.Name)
		}
	})
}

func componentName(ref string) (string, bool) {
	const prefix = "#/components/schemas/"
	if strings.HasPrefix(ref, prefix) && !strings.Contains(ref[len(prefix):], "/") {
		return strings.ReplaceAll(strings.ReplaceAll(ref[len(prefix):], "~1", "/"), "~0", "~"), true
	}
	return "", false
}

// needsNamedType reports whether an inline schema becomes a Go type of its own.
func needsNamedType(s *openapi3.Schema) bool {
	if list, ok := s.Extensions["x-extensible-enum"].([]any); ok && len(list) > 0 {
		cp := *s
		cp.Enum = list // an open enum, written without enum
		s = &cp
	}
	return len(s.OneOf) > 0 || len(s.AnyOf) > 0 || len(s.AllOf) > 0 || (len(s.Enum) > 0 && enumKind(s) != openapi3.TypeBoolean) ||
		len(typesOf(s)) > 1 || (isObject(s) && (len(s.Properties) > 0 || len(s.PatternProperties) > 0)) ||
		(len(s.PrefixItems) > 0 && len(typesOf(s)) <= 1 && (len(typesOf(s)) == 0 || typesOf(s)[0] == openapi3.TypeArray))
}

// inline converts a schema written in place.
func (b *builder) inline(s *openapi3.Schema, want, key string) *ir.Schema {
	if alts, hadNull := alternatives(s); hadNull && len(alts) == 1 {
		if besideVariants(s) != nil {
			b.warnf(key, "the properties written beside a nullable single variant are not kept: write them in the variant")
		}
		inner := b.schema(alts[0], want, key+"/anyOf/0")
		cp := *inner
		cp.Nullable = true
		return &cp
	}
	if needsNamedType(s) {
		if t, ok := b.named[key]; ok {
			return &ir.Schema{Kind: ir.KNamed, Named: t, Nullable: nullable(s)}
		}
		if len(s.AllOf) == 1 && len(s.Properties) == 0 && s.AllOf[0].Ref != "" && len(s.OneOf) == 0 && len(s.AnyOf) == 0 {
			// allOf: [$ref] is the usual way to put siblings on a ref in 3.0.
			inner := b.schema(s.AllOf[0], want, key+"/allOf/0")
			cp := *inner
			cp.Nullable = cp.Nullable && !narrowsNull(s) || nullable(s)
			b.joinBeside(&cp, s, key, "beside the reference")
			b.useRulesChecked(&cp, key)
			b.lostBesideRef(s, key, true)
			return &cp
		}
		if t, ok := b.homeOf[s]; ok {
			return &ir.Schema{Kind: ir.KNamed, Named: t, Nullable: nullable(s)}
		}
		pinned := false
		if n, ok := b.goName(s.Extensions, key); ok {
			want, pinned = n, true
		}
		// Home before it is filled: a schema that holds itself (a
		// property written allOf: [$ref of the component it is in]) meets
		// itself while it is built.
		t := b.newType(key, want, pinned)
		b.homeOf[s] = t
		b.schemaAt[key] = s
		b.fill(t, s, key)
		return &ir.Schema{Kind: ir.KNamed, Named: t, Nullable: nullable(s)}
	}
	if gt, ok := b.formats[s.Format]; ok && s.Format != "" {
		return &ir.Schema{Kind: ir.KExternal, GoType: gt.GoType, Import: gt.Import, Nullable: nullable(s)}
	}
	out := &ir.Schema{Nullable: nullable(s), Format: s.Format}
	types := typesOf(s)
	typ := ""
	if len(types) == 1 {
		typ = types[0]
	}
	switch typ {
	case openapi3.TypeString:
		out.Kind = ir.KString
		if s.Format == "date" || s.Format == "uuid" {
			out.Rules.Format = s.Format
		}
	case openapi3.TypeInteger:
		out.Kind = ir.KInt
		if out.Format != "int32" {
			out.Format = "int64"
		}
	case openapi3.TypeNumber:
		out.Kind = ir.KNumber
		if out.Format != "float" {
			out.Format = "double"
		}
	case openapi3.TypeBoolean:
		out.Kind = ir.KBool
	case openapi3.TypeArray:
		out.Kind = ir.KArray
		out.Elem = b.schema(s.Items, want+"Item", key+"/items")
	case openapi3.TypeObject:
		switch ap := s.AdditionalProperties; {
		case ap.Schema != nil:
			out.Kind = ir.KMap
			out.Elem = b.schema(ap.Schema, want+"Value", key+"/additionalProperties")
		default:
			out.Kind = ir.KObject
		}
	default:
		out.Kind = ir.KAny
	}
	b.rules(&out.Rules, s)
	if out.Kind == ir.KBool && len(s.Enum) > 0 {
		out.Rules.Enum = enumValues(s, false) // an inline boolean enum: a check, no type
	}
	if s.PropertyNames != nil && s.PropertyNames.Value != nil && (out.Kind == ir.KMap || out.Kind == ir.KObject) {
		var kr ir.Rules
		b.rules(&kr, s.PropertyNames.Value)
		b.checkPattern(&kr, key+"/propertyNames")
		if !kr.Empty() {
			out.Rules.KeyRules = &kr
		}
	}
	b.checkPattern(&out.Rules, key)
	b.unchecked(s, key, nil, false, false)
	return out
}

// checkPattern drops a pattern Go's regexp cannot compile, with a warning.
func (b *builder) checkPattern(r *ir.Rules, key string) {
	if r.Pattern == "" {
		return
	}
	if err := patternCompiles(r.Pattern); err != nil {
		b.warnf(key, "pattern %q is not supported by Go regexp (%v); the rule is not checked", r.Pattern, err)
		r.Pattern = ""
	}
}

// patternCompiles reports whether generated code can match the pattern
// src: Go's regexp compiles it, or it has lookarounds only where they can
// be checked apart (see package lookaround).
func patternCompiles(src string) error {
	_, err := regexp.Compile(src)
	if err != nil {
		if _, _, ok := lookaround.Split(src); ok {
			return nil
		}
	}
	return err
}

func (b *builder) rules(r *ir.Rules, s *openapi3.Schema) {
	if s.Min != nil {
		r.Min = s.Min
	}
	if s.Max != nil {
		r.Max = s.Max
	}
	if s.ExclusiveMin.Value != nil {
		r.Min, r.ExclusiveMin = s.ExclusiveMin.Value, true
	} else if s.ExclusiveMin.Bool != nil && *s.ExclusiveMin.Bool {
		r.ExclusiveMin = true
	}
	if s.ExclusiveMax.Value != nil {
		r.Max, r.ExclusiveMax = s.ExclusiveMax.Value, true
	} else if s.ExclusiveMax.Bool != nil && *s.ExclusiveMax.Bool {
		r.ExclusiveMax = true
	}
	if s.MultipleOf != nil && *s.MultipleOf > 0 {
		r.MultipleOf = s.MultipleOf
	}
	if s.MinLength > 0 {
		v := s.MinLength
		r.MinLength = &v
	}
	if s.MaxLength != nil {
		r.MaxLength = s.MaxLength
	}
	if s.Pattern != "" {
		r.Pattern = s.Pattern
	}
	if s.MinItems > 0 {
		v := s.MinItems
		r.MinItems = &v
	}
	if s.MaxItems != nil {
		r.MaxItems = s.MaxItems
	}
	r.UniqueItems = r.UniqueItems || s.UniqueItems
	if s.MinProps > 0 {
		v := s.MinProps
		r.MinProps = &v
	}
	if s.MaxProps != nil {
		r.MaxProps = s.MaxProps
	}
	if s.Const != nil {
		r.Const, r.HasConst = s.Const, true
	} else if s.Origin != nil {
		// const: null reads as no const; the keys of the schema tell.
		if _, ok := s.Origin.Fields.Lookup("const"); ok {
			r.Const, r.HasConst = nil, true
		}
	}
}

// enumKind says how the values of an enum are held in Go: "string",
// "integer" and "number" become typed constants, "boolean" a bool with a
// value check, and "mixed" (values of several JSON kinds) raw JSON with a
// value check.
func enumKind(s *openapi3.Schema) string {
	ts := typesOf(s)
	declared := ""
	if len(ts) == 1 {
		declared = ts[0]
	}
	kinds := map[string]bool{}
	for _, v := range s.Enum {
		switch x := v.(type) {
		case string:
			kinds[openapi3.TypeString] = true
		case bool:
			kinds[openapi3.TypeBoolean] = true
		case float64:
			if x == math.Trunc(x) && declared != openapi3.TypeNumber {
				kinds[openapi3.TypeInteger] = true
			} else {
				kinds[openapi3.TypeNumber] = true
			}
		case int, int64:
			kinds[openapi3.TypeInteger] = true
		case nil:
		default:
			kinds["mixed"] = true
		}
	}
	if kinds[openapi3.TypeInteger] && kinds[openapi3.TypeNumber] {
		delete(kinds, openapi3.TypeInteger) // 1 and 1.5: numbers
	}
	switch {
	case len(kinds) > 1 || kinds["mixed"]:
		return "mixed"
	case declared == openapi3.TypeInteger && kinds[openapi3.TypeNumber]:
		return openapi3.TypeInteger // reported as not an integer
	case len(kinds) == 1 && declared != "" && !kinds[declared] && !(declared == openapi3.TypeNumber && kinds[openapi3.TypeInteger]):
		return "mixed" // values of another kind than the declared type
	case declared == openapi3.TypeNumber || kinds[openapi3.TypeNumber]:
		return openapi3.TypeNumber
	case kinds[openapi3.TypeInteger]:
		return openapi3.TypeInteger
	case kinds[openapi3.TypeBoolean]:
		return openapi3.TypeBoolean
	}
	return openapi3.TypeString
}

// notOpened warns of an x-extensible-enum that opens nothing.
const notOpened = "x-extensible-enum is ignored: it opens an enum written in the same schema, not one reached by $ref or allOf"

// extensible reads x-extensible-enum, the values a scalar takes today where
// others may come: they become an enum's constants, with no check that a
// value is one of them. A list beside an enum adds to it; true makes the
// enum beside it open.
func (b *builder) extensible(t *ir.Type, s *openapi3.Schema, ext any, key string) *openapi3.Schema {
	list, isList := ext.([]any)
	switch {
	case ext == true && (len(s.Enum) > 0 || isConstEnum(s)):
		t.Open = true
		return s
	case ext == false:
		return s
	case !isList || len(list) == 0:
		b.warnf(key, "x-extensible-enum is neither a list of values nor true beside an enum; it is ignored")
		return s
	}
	t.Open = true
	cp := *s
	cp.Enum = slices.Clone(s.Enum)
	for _, v := range list {
		if !slices.ContainsFunc(cp.Enum, func(e any) bool { return reflect.DeepEqual(e, v) }) {
			cp.Enum = append(cp.Enum, v)
		}
	}
	return &cp
}

// enum fills an Enum type.
func (b *builder) enum(t *ir.Type, s *openapi3.Schema, key string) {
	t.Kind = ir.Enum
	kind := enumKind(s)
	switch kind {
	case openapi3.TypeBoolean, "mixed":
		// No Go constants: the base type (raw JSON for mixed kinds) and a
		// rule that the value is one of the listed ones.
		t.Kind = ir.Scalar
		typ := openapi3.TypeBoolean
		if kind == "mixed" {
			t.Kind, typ = ir.Raw, ""
		}
		base := &openapi3.Schema{}
		if typ != "" {
			base.Type = &openapi3.Types{typ}
		}
		t.Underlying = b.inline(base, t.Name, key)
		if !t.Open {
			t.Underlying.Rules.Enum = enumValues(s, kind == "mixed")
		} else if kind == "mixed" {
			b.warnf(key, "the values of this open enum are not all of one type, or not of the type declared: it is raw JSON, with no check")
		}
		t.Open = false
		return
	}
	base := &openapi3.Schema{Type: &openapi3.Types{kind}, Format: s.Format}
	if t.Open {
		// Any value is valid, so the schema's other rules are checked.
		cp := *s
		cp.Type, cp.Nullable, cp.Enum, cp.Extensions, cp.Title, cp.Description = base.Type, false, nil, nil, "", ""
		base = &cp
	}
	if kind == openapi3.TypeString && (base.Format == "byte" || base.Format == "date-time") {
		// Go constants are strings: the values stay the text the spec lists.
		base.Format = ""
	}
	t.Underlying = b.inline(base, t.Name, key)
	varnames, _ := s.Extensions["x-enum-varnames"].([]any)
	seen := map[any]bool{} // by value: 0 and -0 (or 1e-400) are one constant
	for i, v := range s.Enum {
		if v == nil {
			continue // null is allowed through nullable, not as a constant
		}
		var val any
		label := ""
		switch x := v.(type) {
		case string:
			val, label = x, x
		case float64:
			switch {
			case kind == openapi3.TypeNumber:
				val, label = x, numberLabel(x)
			case x != math.Trunc(x):
				b.failf(key, "enum value %v is not an integer", x)
				continue
			case x < -(1<<63) || x >= 1<<63:
				b.warnf(key, "enum value %v is outside the range of the Go type; it is left out", v)
				continue
			default:
				val, label = int64(x), numberSpeller.Replace(strconv.FormatInt(int64(x), 10))
			}
		case int:
			val, label = int64(x), numberSpeller.Replace(strconv.Itoa(x))
			if kind == openapi3.TypeNumber {
				val = float64(x)
			}
		case int64:
			val, label = x, numberSpeller.Replace(strconv.FormatInt(x, 10))
			if kind == openapi3.TypeNumber {
				val = float64(x)
			}
		default:
			b.failf(key, "enum value %v has type %T, which an enum of this type cannot hold", v, v)
			continue
		}
		if !fitsGoType(val, base.Format) {
			b.warnf(key, "enum value %v is outside the range of the Go type; it is left out", v)
			continue
		}
		suffix := naming.Exported(label)
		if label == "" {
			suffix = "Empty"
		}
		pinned := false
		if i < len(varnames) {
			if n, ok := varnames[i].(string); ok && n != "" && token.IsIdentifier(t.Name+n) {
				suffix, pinned = n, true
			} else if ok && n != "" {
				b.warnf(key, "x-enum-varnames %q does not make a Go identifier; it is ignored", n)
			}
		}
		// Keyed by value, not position: a value keeps its name when others
		// are added or removed before it, and a name never moves to
		// another value.
		ckey := enumKey(key, val)
		same := val // the value the Go constant holds
		if f, ok := val.(float64); ok && base.Format == "float" {
			same = float32(f)
		}
		if seen[same] {
			continue
		}
		seen[same] = true
		prev := b.prevName(ckey)
		if legacy := b.prevName(key + "/enum/" + strconv.Itoa(i)); prev == "" && legacy != "" {
			// A names file of an earlier specgen keys values by position;
			// its name is taken over only where it is this value's name,
			// or that name with the suffix a collision gave it.
			if rest, ok := strings.CutPrefix(legacy, t.Name+suffix); ok && (rest == "" || collisionSuffix.MatchString(rest)) {
				prev = legacy
			}
		}
		t.EnumValues = append(t.EnumValues, ir.EnumValue{Name: t.Name + suffix, Key: ckey, Value: val})
		b.ents = append(b.ents, naming.Entity{Want: t.Name + suffix, Key: ckey, Pinned: pinned, Rank: 1, Prev: prev})
	}
}

// fitsGoType reports whether an enum's Go constant can hold val: int32 and
// float hold less than int64 and float64, and a float64 read from the spec
// as an integer may be past int64.
func fitsGoType(val any, format string) bool {
	switch x := val.(type) {
	case int64:
		return format != "int32" || x >= math.MinInt32 && x <= math.MaxInt32
	case float64:
		return format != "float" || math.Abs(x) <= math.MaxFloat32
	}
	return true
}

// collisionSuffix is what naming appends to a name it had to change
// ("Schema", "Op2").
var collisionSuffix = regexp.MustCompile(`^[A-Z][a-z]+[0-9]*$`)

// enumKey is the names-file key of an enum value: the schema's key and the
// value's text.
func enumKey(key string, val any) string {
	return key + "/enum=" + ir.EnumValue{Value: val}.Text()
}

// enumValues lists the values of an enum checked as a rule; null only for
// raw JSON, where it is a value like the others (elsewhere null is
// nullable's business).
func enumValues(s *openapi3.Schema, withNull bool) []any {
	var out []any
	for _, v := range s.Enum {
		if v != nil || withNull {
			out = append(out, v)
		}
	}
	return out
}

// numberLabel names a number for a constant: 0.5 → "0Point5", -2 → "Minus2".
func numberLabel(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if math.Abs(x) >= 1e21 || (x != 0 && math.Abs(x) < 1e-6) {
		s = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return numberSpeller.Replace(s)
}

var numberSpeller = strings.NewReplacer("-", "Minus", ".", "Point", "+", "")

// fields fills a Struct type from properties, in document order.
func (b *builder) fields(t *ir.Type, s *openapi3.Schema, key string) {
	required := map[string]bool{}
	for _, r := range s.Required {
		if _, ok := s.Properties[r]; !ok {
			b.warnf(key, "required property %q is not defined; ignored", r)
			continue
		}
		required[r] = true
	}
	names := orderedProperties(s.Properties)
	if order, ok := b.mergedOrder[s]; ok {
		names = order // an allOf's: part by part
	}
	var ents []naming.Entity
	for _, p := range names {
		pref := s.Properties[p]
		want := naming.Exported(p)
		pinned := false
		ext := pref.Extensions // x- keys written beside a $ref
		if pref.Ref == "" && pref.Value != nil {
			ext = pref.Value.Extensions
		}
		if n, ok := b.goName(ext, key+"/properties/"+pointerEscape(p)); ok {
			want, pinned = n, true
		}
		ents = append(ents, naming.Entity{Want: want, Key: p, Pinned: pinned})
	}
	// patternProperties: a typed map each, named PatternProperties (with
	// a number when there are several) unless x-go-name says otherwise.
	patterns := orderedProperties(s.PatternProperties)
	var usable []string
	for _, p := range patterns {
		if err := patternCompiles(p); err != nil {
			b.warnf(key+"/patternProperties/"+pointerEscape(p), "pattern %q is not supported by Go regexp (%v); such properties are treated as additional ones", p, err)
			continue
		}
		usable = append(usable, p)
	}
	for i, p := range usable {
		want, pinned := "PatternProperties", false
		if len(usable) > 1 {
			want += strconv.Itoa(i + 1)
		}
		if v := s.PatternProperties[p].Value; v != nil {
			if n, ok := b.goName(v.Extensions, key+"/patternProperties/"+pointerEscape(p)); ok {
				want, pinned = n, true
			}
		}
		ents = append(ents, naming.Entity{Want: want, Key: "\x00pattern:" + p, Pinned: pinned})
	}
	goNames := naming.Resolve(ents, reservedMethods)
	for i, p := range usable {
		pkey := key + "/patternProperties/" + pointerEscape(p)
		want := t.Name + "Pattern"
		if len(usable) > 1 {
			want += strconv.Itoa(i + 1)
		}
		t.Patterns = append(t.Patterns, &ir.PatternProps{
			Pattern: p,
			Field:   goNames["\x00pattern:"+p],
			Schema:  b.schema(s.PatternProperties[p], want+"Value", pkey),
		})
	}
	if ap := s.AdditionalProperties; ap.Schema == nil && ap.Has != nil && !*ap.Has || closesUnevaluated(s) {
		t.Closed = true
	}
	if ap := s.AdditionalProperties; ap.Schema != nil || (ap.Has != nil && *ap.Has) {
		t.Additional = &ir.Schema{Kind: ir.KAny}
		if ap.Schema != nil {
			t.Additional = b.schema(ap.Schema, t.Name+"Value", key+"/additionalProperties")
		}
	}
	order := map[*ir.Field]float64{} // x-order
	defer func() {
		// Fields with x-order come first, by it; the others keep document order.
		sort.SliceStable(t.Fields, func(i, j int) bool {
			oi, iok := order[t.Fields[i]]
			oj, jok := order[t.Fields[j]]
			switch {
			case iok && jok:
				return oi < oj
			case iok != jok:
				return iok
			}
			return false
		})
	}()
	for _, p := range names {
		pref := s.Properties[p]
		pkey := key + "/properties/" + pointerEscape(p)
		f := &ir.Field{
			Name:     goNames[p],
			JSONName: p,
			Required: required[p],
		}
		f.Schema = b.schema(pref, t.Name+naming.Exported(p), pkey)
		if v := pref.Value; v != nil {
			f.Doc = describe(v)
			if pref.Ref != "" {
				// The description belongs to the referenced type; the
				// field keeps what was written beside the $ref only.
				f.Doc = b.besideRef(pref)
			}
			f.ReadOnly = v.ReadOnly
			f.WriteOnly = v.WriteOnly
			f.Deprecated = v.Deprecated
			f.Default = v.Default
			ext := pref.Extensions
			if pref.Ref == "" {
				ext = v.Extensions
			}
			if skip, ok := ext["x-go-type-skip-optional-pointer"].(bool); ok && skip {
				f.SkipPointer = true
			}
			if oe, ok := ext["x-omitempty"].(bool); ok {
				f.OmitEmpty = &oe
			}
			if o, ok := ext["x-order"].(float64); ok {
				order[f] = o
			}
			if sec, ok := v.Extensions["x-secret"].(bool); ok && sec {
				f.Secret = true
			}
			if v.Format == "password" {
				f.Secret = true
			}
		}
		t.Fields = append(t.Fields, f)
	}
}

// orderedProperties returns property names in the order the document
// declares them, falling back to sorted order where positions are unknown.
func orderedProperties(props openapi3.Schemas) []string {
	names := sortedKeys(props)
	pos := func(n string) (int, int, bool) {
		r := props[n]
		if r.Origin != nil && r.Origin.Key != nil {
			return r.Origin.Key.Line, r.Origin.Key.Column, true
		}
		return 0, 0, false
	}
	for _, n := range names {
		if _, _, ok := pos(n); !ok {
			return names
		}
	}
	sort.SliceStable(names, func(i, j int) bool {
		li, ci, _ := pos(names[i])
		lj, cj, _ := pos(names[j])
		if li != lj {
			return li < lj
		}
		return ci < cj
	})
	return names
}

// variants fills a Union type.
// A variant that distribute made of a reference keeps its target's name
// for its field (x-specgen-field).
func (b *builder) variants(t *ir.Type, alts openapi3.SchemaRefs, key, word string) {
	prints, wants := b.placeVariants(alts, key, word, t.Name)
	for i, alt := range alts {
		if isNull(alt) {
			continue // null is the union's own zero value
		}
		akey := key + "/" + word + "/" + strconv.Itoa(i)
		want := wants[i]
		field := ""
		if alt.Value != nil {
			field, _ = alt.Value.Extensions["x-specgen-field"].(string)
		}
		sch := b.schema(alt, want, akey)
		own := sch.Kind == ir.KNamed && sch.Named.Key == akey
		if prints[i] != "" && own {
			b.prints[printKey(key, word, prints[i])] = akey
		}
		b.addVariant(t, sch, key)
		if own && field == "" {
			b.ownVariants = append(b.ownVariants, ownVariant{t, t.Variants[len(t.Variants)-1]})
		}
		if field != "" && !unionMethods[field] {
			if v := t.Variants[len(t.Variants)-1]; !slices.ContainsFunc(t.Variants, func(o *ir.Variant) bool { return o.Name == field }) {
				v.Name = field
			}
		}
	}
}

func (b *builder) addVariant(t *ir.Type, sch *ir.Schema, key string) {
	name := variantName(sch)
	if unionMethods[name] {
		name += "Type" // a variant of a component named Validate, as a property would be
	}
	for _, v := range t.Variants {
		if v.Name == name {
			name += strconv.Itoa(len(t.Variants))
		}
	}
	if sch.Kind == ir.KAny {
		b.warnf(key, "a variant of %s accepts any JSON value", t.Name)
	}
	t.Variants = append(t.Variants, &ir.Variant{Name: name, Schema: sch})
}

func variantName(s *ir.Schema) string {
	switch s.Kind {
	case ir.KNamed:
		return s.Named.Name
	case ir.KString:
		return "String"
	case ir.KInt:
		return "Int"
	case ir.KNumber:
		return "Number"
	case ir.KBool:
		return "Bool"
	case ir.KArray:
		return "Array"
	case ir.KMap, ir.KObject:
		return "Object"
	}
	return "Value"
}

// besideVariants returns the object written beside a oneOf or anyOf whose
// variants are not only lists of required properties (properties: {pageRange},
// oneOf: [{properties: {fileId}}, {properties: {fileExternalId}}]), without
// the union and what only documents it; nil when there is none.
func besideVariants(s *openapi3.Schema) *openapi3.Schema {
	if (len(s.Properties) == 0 || !isObject(s)) && len(s.AllOf) == 0 {
		return nil
	}
	base := *s
	base.OneOf, base.AnyOf, base.Discriminator = nil, nil, nil
	base.Title, base.Description, base.Extensions = "", "", nil
	base.Example, base.Examples, base.Default = nil, nil, nil
	return &base
}

// alternatives sets the Alternatives of a struct from a oneOf or anyOf of
// s that only lists required properties (requiredOnly).
func (b *builder) alternatives(t *ir.Type, s *openapi3.Schema, key string) {
	alts, word := s.OneOf, "oneOf"
	t.Alternatives = &ir.Alternatives{Mode: ir.OneOf}
	if len(alts) == 0 {
		alts, word, t.Alternatives.Mode = s.AnyOf, "anyOf", ir.AnyOf
	}
	for i, a := range alts {
		t.Alternatives.Empty = append(t.Alternatives.Empty, len(a.Value.Required) == 0)
		var set []string
		for _, name := range a.Value.Required {
			if !slices.ContainsFunc(t.Fields, func(f *ir.Field) bool { return f.JSONName == name }) {
				b.warnf(key+"/"+word+"/"+strconv.Itoa(i), "required property %q is not defined; the branch can never hold", name)
			}
			set = append(set, name)
		}
		t.Alternatives.Sets = append(t.Alternatives.Sets, set)
	}
}

// unionOfAllOf reads an allOf one of whose parts is a oneOf or anyOf
// (allOf: [Base, {oneOf: [A, B]}], or a reference to such a union, not a
// discriminated one: the discriminator's mapping names the variants
// themselves) as that union beside the other parts (oneOf: [A, B] with
// allOf: [Base]), which distribute then makes oneOf: [allOf: [Base, A],
// allOf: [Base, B]]. The union part's other keywords (properties,
// required, counts) stay a part. nil when s is not such an allOf, or when nothing beside
// the union names a property (allOf: [$ref Choice, {nullable: true}]
// annotates a use of Choice); a part of required lists alone is left to
// the allOf.
func (b *builder) unionOfAllOf(s *openapi3.Schema) *openapi3.Schema {
	if len(s.AllOf) == 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		return nil
	}
	at := -1
	for i, p := range s.AllOf {
		v := p.Value
		if v == nil || (len(v.OneOf) == 0 && len(v.AnyOf) == 0) {
			continue
		}
		if at >= 0 || (len(v.OneOf) > 0 && len(v.AnyOf) > 0) || len(v.AllOf) > 0 || requiredOnly(v) || v.Discriminator != nil || isConstEnum(v) {
			return nil
		}
		at = i
	}
	if at < 0 {
		return nil
	}
	rest := append(append(openapi3.SchemaRefs{}, s.AllOf[:at]...), s.AllOf[at+1:]...)
	named := len(s.Properties) > 0 || len(s.AllOf[at].Value.Properties) > 0
	for _, p := range rest {
		named = named || namesProperties(p.Value, 0)
	}
	if !named {
		return nil
	}
	if name, ok := componentName(s.AllOf[at].Ref); ok && b.doc.Components != nil && b.doc.Components.Schemas[name] != nil {
		// Built first, so that its variants' inline types are made at
		// home, under its name.
		b.component(name)
	}
	part := s.AllOf[at].Value
	others := *part
	others.OneOf, others.AnyOf, others.Discriminator = nil, nil, nil
	others.Title, others.Description, others.Extensions = "", "", nil
	cp := *s
	// Its required names are the whole's (distribute may move them into
	// the variants that define them).
	cp.Required = append(slices.Clone(s.Required), others.Required...)
	others.Required = nil
	if !assertsNothing(others) {
		rest = append(rest, &openapi3.SchemaRef{Value: &others})
	}
	cp.AllOf = rest
	cp.OneOf, cp.AnyOf, cp.Discriminator = part.OneOf, part.AnyOf, part.Discriminator
	return &cp
}

// namesProperties reports whether s, or a part of its allOf, names a
// property.
func namesProperties(s *openapi3.Schema, depth int) bool {
	if s == nil || depth > 32 {
		return false
	}
	if len(s.Properties) > 0 {
		return true
	}
	for _, p := range s.AllOf {
		if namesProperties(p.Value, depth+1) {
			return true
		}
	}
	return false
}

// distribute makes each variant of a union whose object has properties of
// its own (besideVariants) an allOf of those and the variant, which is
// what JSON Schema means by them: every variant takes the properties and
// their rules. A variant that is a reference is named after the union and
// its target (DocumentElementsRequestDocumentContentInternalId), and its
// field after the target alone; one written in place keeps its x-go-name.
// The types of the properties are made once, under the union's name, and
// their warnings given once, where they are written.
func (b *builder) distribute(t *ir.Type, base *openapi3.Schema, alts openapi3.SchemaRefs, key string) openapi3.SchemaRefs {
	for _, p := range orderedProperties(base.Properties) {
		if ref := base.Properties[p]; ref.Ref == "" && ref.Value != nil {
			b.schema(ref, t.Name+naming.Exported(p), key+"/properties/"+pointerEscape(p))
		}
	}
	b.mute(base, 0)
	// A required property that the object leaves to its variants to
	// define (required: [fileId, fileExternalId], each variant of a oneOf
	// defining one) is required in the variants that define it: the
	// reading that can hold.
	defines := func(v *openapi3.Schema, name string) bool {
		_, ok := v.Properties[name]
		return ok
	}
	var keep, moved []string
	for _, name := range base.Required {
		inVariant := false
		for _, alt := range alts {
			inVariant = inVariant || (alt.Value != nil && defines(alt.Value, name))
		}
		if defines(base, name) || !inVariant || t.Mode == ir.AnyOf {
			keep = append(keep, name)
		} else {
			moved = append(moved, name)
		}
	}
	if len(moved) > 0 {
		cp := *base
		cp.Required = keep
		base = &cp
		b.muted[base] = true
	}
	out := make(openapi3.SchemaRefs, len(alts))
	for i, alt := range alts {
		if isNull(alt) || alt.Value == nil || !(isObject(alt.Value) || len(typesOf(alt.Value)) == 0) {
			out[i] = alt // null, or a variant of another kind: the properties are the object's alone
			continue
		}
		ext := map[string]any{}
		if name, ok := componentName(alt.Ref); ok && b.doc.Components != nil && b.doc.Components.Schemas[name] != nil {
			target := b.component(name).Name
			ext["x-go-name"], ext["x-specgen-field"] = t.Name+target, target
		} else if n, ok := alt.Value.Extensions["x-go-name"].(string); ok && n != "" && alt.Ref == "" {
			ext["x-go-name"] = n
		}
		parts := openapi3.SchemaRefs{{Value: base}, alt}
		var own []string
		for _, name := range moved {
			if defines(alt.Value, name) {
				own = append(own, name)
			}
		}
		if len(own) > 0 {
			parts = append(parts, &openapi3.SchemaRef{Value: &openapi3.Schema{Required: own}})
		}
		out[i] = &openapi3.SchemaRef{Value: &openapi3.Schema{
			Type:       &openapi3.Types{openapi3.TypeObject},
			AllOf:      parts,
			Extensions: ext,
		}}
	}
	return out
}

// mute marks s and the schemas written in place inside it as muted.
func (b *builder) mute(s *openapi3.Schema, depth int) {
	if s == nil || depth > 32 || b.muted[s] {
		return
	}
	b.muted[s] = true
	var subs openapi3.SchemaRefs
	for _, p := range s.Properties {
		subs = append(subs, p)
	}
	subs = append(subs, s.Items, s.AdditionalProperties.Schema)
	subs = append(subs, s.AllOf...)
	for _, r := range subs {
		if r != nil && r.Ref == "" {
			b.mute(r.Value, depth+1)
		}
	}
}

// discriminator records which property value selects which variant: the
// explicit mapping first, then each $ref variant by its schema name.
func (b *builder) discriminator(t *ir.Type, alts openapi3.SchemaRefs, d *openapi3.Discriminator, key string) {
	out := &ir.Discriminator{Property: d.PropertyName}
	variantOf := map[string]string{} // ref → variant name
	for i, alt := range alts {
		if alt.Ref == "" || i >= len(t.Variants) {
			continue
		}
		if _, twice := variantOf[alt.Ref]; twice {
			// Listed again: the first is the one a value names.
			b.warnf(fmt.Sprintf("%s/oneOf/%d", key, i), "lists %s a second time; the discriminator's values pick the first, %s", alt.Ref, variantOf[alt.Ref])
			continue
		}
		variantOf[alt.Ref] = t.Variants[i].Name
	}
	for _, value := range sortedKeys(d.Mapping) {
		ref := d.Mapping[value].Ref
		if !strings.Contains(ref, "#") {
			ref = "#/components/schemas/" + ref // a bare schema name
		}
		v, ok := variantOf[ref]
		if !ok {
			b.warnf(key+"/discriminator/mapping/"+pointerEscape(value), "maps to %s, which is not one of the variants; ignored", ref)
			continue
		}
		out.Mapping = append(out.Mapping, ir.DiscriminatorValue{Value: value, Variant: v})
	}
	values := map[string]bool{}
	for _, m := range out.Mapping {
		values[m.Value] = true
	}
	for _, alt := range alts {
		// The schema name selects its variant too, unless the mapping
		// gives that value to another one.
		if name, ok := componentName(alt.Ref); ok && !values[name] {
			out.Mapping = append(out.Mapping, ir.DiscriminatorValue{Value: name, Variant: variantOf[alt.Ref]})
			values[name] = true
		}
	}
	t.Discriminator = out
}

// allOf merges the parts of an allOf into one struct.
func (b *builder) allOf(t *ir.Type, s *openapi3.Schema, key string) {
	merged := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}, Properties: openapi3.Schemas{}}
	// earlier holds, by property, the schemas of it that a later part
	// replaced in merged: a value must satisfy them too.
	earlier := map[string][]*openapi3.SchemaRef{}
	// parts are the inline parts (at any depth, the allOf itself among
	// them) and the referenced ones, whose presence rules the struct
	// keeps and whose unchecked keywords only inline ones report here.
	type partAt struct {
		s      *openapi3.Schema
		key    string
		inline bool
	}
	var parts []partAt
	// order is the properties', part by part (each in the order it
	// declares them): not by place in the file, where parts may be apart.
	var order []string
	evaluatesAll := false // a part that takes any other property
	var add func(x *openapi3.Schema, depth int, xkey string, inline bool)
	add = func(x *openapi3.Schema, depth int, xkey string, inline bool) {
		if depth > 32 {
			return
		}
		parts = append(parts, partAt{x, xkey, inline})
		if ap := x.AdditionalProperties; ap.Schema != nil || (ap.Has != nil && *ap.Has) || len(x.PatternProperties) > 0 ||
			((len(x.OneOf) > 0 || len(x.AnyOf) > 0) && !requiredOnly(x)) || x.If != nil || len(x.DependentSchemas) > 0 {
			// Other properties, or properties the struct does not hold
			// (a union's, a conditional's), are evaluated here.
			evaluatesAll = true
		}
		for i, part := range x.AllOf {
			if name, ok := componentName(part.Ref); ok && b.doc.Components != nil && b.doc.Components.Schemas[name] != nil {
				// Built first, so that its inline types are made at home,
				// under its name, whatever order the schemas come in.
				b.component(name)
			}
			if part.Value != nil {
				add(part.Value, depth+1, xkey+"/allOf/"+strconv.Itoa(i), inline && part.Ref == "")
			}
		}
		for _, n := range orderedProperties(x.Properties) {
			p := x.Properties[n]
			if old, ok := merged.Properties[n]; ok && old.Value != p.Value && (old.Ref == "" || old.Ref != p.Ref) {
				earlier[n] = append(earlier[n], old)
			}
			if _, ok := merged.Properties[n]; !ok {
				order = append(order, n)
			}
			merged.Properties[n] = p
		}
		// A part that takes other properties (additionalProperties,
		// patternProperties) gives the struct its maps for them; the last
		// such part types additional ones.
		if ap := x.AdditionalProperties; ap.Schema != nil || (ap.Has != nil && *ap.Has) {
			merged.AdditionalProperties = ap
		}
		for p, ps := range x.PatternProperties {
			if merged.PatternProperties == nil {
				merged.PatternProperties = openapi3.Schemas{}
			}
			merged.PatternProperties[p] = ps
		}
		merged.Required = append(merged.Required, x.Required...)
		if x.Description != "" && merged.Description == "" {
			merged.Description = x.Description
		}
	}
	add(s, 0, key, true)
	b.mergedOrder[merged] = order
	if !evaluatesAll {
		// unevaluatedProperties beside allOf closes the whole: every
		// property some part names.
		merged.UnevaluatedProperties = s.UnevaluatedProperties
	}
	slices.Sort(merged.Required)
	merged.Required = slices.Compact(merged.Required)
	if len(merged.Properties) == 0 {
		// allOf used to narrow a non-object type: the type is the first
		// part that names one; the extra rules are documentation here.
		for i, part := range s.AllOf {
			if part.Value == nil || (part.Ref == "" && len(typesOf(part.Value)) == 0) {
				continue
			}
			t.Kind = ir.Scalar
			t.Underlying = b.schema(part, t.Name+"Base", key+"/allOf/"+strconv.Itoa(i))
			switch u := t.Underlying; {
			case u.Kind == ir.KNamed:
			case u.Kind == ir.KArray:
				t.Kind = ir.Slice
			case u.Kind == ir.KMap || u.Kind == ir.KObject:
				t.Kind = ir.Map
			case u.Kind == ir.KAny:
				t.Kind = ir.Raw
			}
			var extra ir.Rules
			b.rules(&extra, s)
			b.checkPattern(&extra, key)
			switch {
			case extra.Empty():
			case t.Underlying.Kind == ir.KNamed:
				// Rules of an alias: checked at its uses (aliasRulesAtUses).
				cp := *t.Underlying
				cp.Rules, _ = ir.JoinRules(extra, cp.Rules)
				t.Underlying = &cp
			default:
				b.warnf(key, "the rules written beside allOf are not checked: %s is the type of its part", t.Name)
			}
			for j, other := range s.AllOf {
				if j == i || other.Ref != "" || other.Value == nil {
					continue
				}
				if !assertsNothing(*other.Value) {
					b.warnf(key+"/allOf/"+strconv.Itoa(j), "this part of allOf is not checked: %s takes the type of part %d alone", t.Name, i)
				}
			}
			return
		}
		t.Kind = ir.Raw
		b.warnf(key, "allOf without object properties or a typed part is kept as raw JSON")
		return
	}
	t.Kind = ir.Struct
	b.fields(t, merged, key)
	for _, f := range t.Fields {
		for _, e := range earlier[f.JSONName] {
			b.joinEarlier(f, e.Value, key+"/properties/"+pointerEscape(f.JSONName))
		}
	}
	for _, p := range parts {
		quiet := !p.inline || b.muted[p.s]
		b.presenceRules(t, p.s, p.key, quiet)
		if p.inline && p.s != s {
			b.unchecked(p.s, p.key, t, true, false)
		}
		if ap := p.s.AdditionalProperties; p.s != s && !b.muted[p.s] && ap.Schema == nil && ap.Has != nil && !*ap.Has && !t.Closed {
			b.warnf(p.key, "additionalProperties: false in a part of allOf does not close the whole, to which other parts add properties; unevaluatedProperties: false beside the allOf would")
		}
		switch {
		case len(p.s.OneOf) == 0 && len(p.s.AnyOf) == 0:
		case requiredOnly(p.s) && t.Alternatives == nil:
			// allOf: [Base, {oneOf: [{required: [a]}, {required: [b]}]}]
			b.alternatives(t, p.s, p.key)
		default:
			b.warnf(p.key, "the oneOf or anyOf of this part of allOf is not checked: only one part of an allOf may be a union, and not a discriminated one")
		}
	}
}

// joinEarlier adds to a field of an allOf the rules on values of a schema
// of the same property in an earlier part ({type: string, maxLength: 10}
// where a later part says {type: string, format: uuid}): the value must
// satisfy both. Only a scalar of the field's own kind is joined (a
// nullable one too, written anyOf: [X, {type: null}]); a structure (an
// object, a list, a union) is the later part's alone, with a warning.
func (b *builder) joinEarlier(f *ir.Field, e *openapi3.Schema, key string) {
	if !b.joinsEarlier(f, e, key) {
		b.warnf(key, "property %q is written in more than one part of allOf; the schema of the last is its type, and the others' are not checked", f.JSONName)
	}
}

// joinsEarlier is joinEarlier; false when e cannot be joined to the field.
func (b *builder) joinsEarlier(f *ir.Field, e *openapi3.Schema, key string) bool {
	if e == nil {
		return true
	}
	if alts, hadNull := alternatives(e); hadNull && len(alts) == 1 && alts[0].Value != nil {
		e = alts[0].Value
	}
	if len(e.AllOf) == 1 && e.AllOf[0].Value != nil && len(e.Properties) == 0 && len(e.OneOf) == 0 && len(e.AnyOf) == 0 && e.Items == nil && len(typesOf(e)) == 0 {
		// allOf: [$ref], a reference with a description or rules beside
		// it: both apply.
		if !b.joinsEarlier(f, e.AllOf[0].Value, key) {
			return false
		}
		w := *e
		w.AllOf = nil
		if b.besideRules(&w, key).Empty() {
			return true
		}
		e = &w
	} else {
		if len(e.AllOf) > 0 || len(e.OneOf) > 0 || len(e.AnyOf) > 0 || len(e.Properties) > 0 || e.Items != nil || isObject(e) {
			return false
		}
		// Without a type: annotations, or rules on whatever the value is.
		if ts := typesOf(e); len(ts) > 0 {
			kind, ok := map[string]ir.Kind{openapi3.TypeString: ir.KString, openapi3.TypeInteger: ir.KInt, openapi3.TypeNumber: ir.KNumber, openapi3.TypeBoolean: ir.KBool}[ts[0]]
			base := f.Schema.Base()
			if len(ts) != 1 || !ok || (base.Kind != kind && !(kind == ir.KInt && base.Kind == ir.KNumber)) {
				return false
			}
		}
	}
	use := f.Schema
	if use.Kind == ir.KNamed {
		cp := *use // the field's own use: a type's other uses keep theirs
		use = &cp
		f.Schema = use
	}
	b.joinBeside(use, e, key, "in an earlier part of allOf")
	b.useRulesChecked(use, key)
	return true
}

// operations converts every operation, in document order.
func (b *builder) operations(noServer bool) {
	type opAt struct {
		path, method string
		op           *openapi3.Operation
		item         *openapi3.PathItem
		line, col    int
	}
	var ops []opAt
	if b.doc.Paths == nil {
		return
	}
	for path, item := range b.doc.Paths.Map() {
		for method, op := range item.Operations() {
			o := opAt{path: path, method: method, op: op, item: item}
			if op.Origin != nil && op.Origin.Key != nil {
				o.line, o.col = op.Origin.Key.Line, op.Origin.Key.Column
			}
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].line != ops[j].line {
			return ops[i].line < ops[j].line
		}
		if ops[i].path != ops[j].path {
			return ops[i].path < ops[j].path
		}
		return ops[i].method < ops[j].method
	})
	var opEnts []naming.Entity
	for _, o := range ops {
		key := "#/paths/" + pointerEscape(o.path) + "/" + strings.ToLower(o.method)
		id := o.op.OperationID
		if id == "" {
			id = strings.ToLower(o.method) + " " + o.path
		}
		want := naming.Declared(id)
		if o.op.OperationID == "" {
			want = naming.Exported(id)
		}
		pinned := false
		if n, ok := b.goName(o.op.Extensions, key); ok {
			want, pinned = n, true
		}
		rank := 0
		switch {
		case want == id:
			rank = 2
		case id != "" && want == strings.ToUpper(id[:1])+id[1:]:
			rank = 1 // only the first letter was raised
		}
		opEnts = append(opEnts, naming.Entity{Want: want, Key: key, Pinned: pinned, Rank: rank, Prev: b.prev[key]})
	}
	opNames := naming.Resolve(opEnts, map[string]bool{"Do": true})
	if b.pkg.Names == nil {
		b.pkg.Names = map[string]string{}
	}
	for k, v := range opNames {
		b.pkg.Names[k] = v
	}
	for _, o := range ops {
		key := "#/paths/" + pointerEscape(o.path) + "/" + strings.ToLower(o.method)
		b.operation(opNames[key], key, o.path, o.method, o.item, o.op)
	}
	if !noServer {
		// Operations that share a path (what is written after it aside)
		// and a method are told apart by what that says; two that say
		// nothing cannot be.
		plain := map[string]*ir.Operation{}
		for _, o := range b.pkg.Operations {
			at := o.Method + " " + pathParamRe.ReplaceAllString(o.Route, "{}")
			if len(o.When) > 0 {
				continue
			}
			if first := plain[at]; first != nil {
				b.failf("#/paths/"+pointerEscape(o.Path), "%s %s and %s %s go to one path, and nothing written after it tells their requests apart: a server cannot (generate: {server: false} makes the client alone)", first.Method, first.Path, o.Method, o.Path)
			}
			plain[at] = o
		}
	}
	// Iterator methods must not take an operation's name.
	taken := map[string]bool{}
	for _, o := range b.pkg.Operations {
		taken[o.Name] = true
	}
	for _, o := range b.pkg.Operations {
		if p := o.Pagination; p != nil {
			for taken[p.Method] {
				p.Method += "Items"
			}
			taken[p.Method] = true
		}
	}
}

func (b *builder) operation(name, key, path, method string, item *openapi3.PathItem, op *openapi3.Operation) {
	o := &ir.Operation{
		Name:       name,
		ID:         op.OperationID,
		Method:     strings.ToUpper(method),
		Path:       path,
		Summary:    strings.TrimSpace(op.Summary),
		Doc:        strings.TrimSpace(op.Description),
		Deprecated: op.Deprecated,
		Tags:       op.Tags,
	}
	switch c := op.Extensions["x-capability"].(type) {
	case string:
		o.Capability = []string{c}
	case []any:
		for _, x := range c {
			if s, ok := x.(string); ok {
				o.Capability = append(o.Capability, s)
			}
		}
	}
	if v, ok := op.Extensions["x-idempotent"].(bool); ok {
		o.Idempotent = v
	}
	reqs := b.doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	seen := map[string]bool{}
	several := false
	for _, req := range reqs {
		if len(req) == 0 {
			// {} among the alternatives: anonymous access is allowed, and
			// credentials a call presents are still checked.
			o.Anonymous = true
			continue
		}
		o.Secured = true
		names := sortedKeys(req)
		several = several || len(names) > 1
		o.Requirements = append(o.Requirements, names)
		for _, name := range names {
			if !seen[name] {
				seen[name] = true
				o.Schemes = append(o.Schemes, name)
			}
			for _, sc := range req[name] {
				if !slices.Contains(o.Scopes, sc) {
					o.Scopes = append(o.Scopes, sc)
				}
			}
		}
	}
	if !several {
		o.Requirements = nil // each alternative one scheme: Schemes says it all
	}
	o.Anonymous = o.Anonymous && o.Secured

	// Parameters: the operation's own win over the path item's.
	params := map[string]*openapi3.Parameter{}
	// at is the JSON pointer of each parameter where it is written, for
	// warnings: in the operation's list or the path item's.
	at := map[string]string{}
	var order []string
	for li, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		base := key
		if li == 0 {
			base = strings.TrimSuffix(key, "/"+strings.ToLower(method))
		}
		for i, pr := range list {
			if pr == nil || pr.Value == nil {
				continue
			}
			if pr.Value.In == openapi3.ParameterInHeader && slices.ContainsFunc([]string{"Accept", "Content-Type", "Authorization"}, func(h string) bool { return strings.EqualFold(h, pr.Value.Name) }) {
				// OpenAPI: such a header parameter SHALL be ignored; the
				// media types and security say what goes there.
				b.warnf(base+"/parameters/"+strconv.Itoa(i), "header parameter %q is ignored, as OpenAPI says: the media types and the security schemes set it", pr.Value.Name)
				continue
			}
			id := pr.Value.In + ":" + pr.Value.Name
			if _, ok := params[id]; !ok {
				order = append(order, id)
			}
			params[id] = pr.Value
			at[id] = base + "/parameters/" + strconv.Itoa(i)
		}
	}
	route, after := splitPathKey(path)
	segs := pathParamNames(route) // not a query's {page}
	declared := map[string]bool{}
	var qEnts []naming.Entity
	for _, id := range order {
		p := params[id]
		if p.In == openapi3.ParameterInQuery || p.In == openapi3.ParameterInHeader || p.In == openapi3.ParameterInCookie {
			want, pinned := naming.Exported(p.Name), false
			if n, ok := b.goName(p.Extensions, at[id]); ok {
				want, pinned = n, true
			}
			qEnts = append(qEnts, naming.Entity{Want: want, Key: id, Pinned: pinned})
		}
	}
	fieldNames := naming.Resolve(qEnts, reservedMethods)
	var qfields []*ir.Field
	for _, id := range order {
		p := params[id]
		pkey := key + "/parameters/" + pointerEscape(p.Name)
		// explode defaults to true for the form style only, the style of
		// the query and cookies unless another is given; deepObject is
		// defined exploded only, and sent so whatever explode says.
		form := p.Style == "form" || p.Style == "" && (p.In == openapi3.ParameterInQuery || p.In == openapi3.ParameterInCookie)
		explode := p.Explode == nil && form || p.Explode != nil && *p.Explode || p.Style == "deepObject"
		delim := ","
		switch {
		case p.In == openapi3.ParameterInQuery && p.Style == "spaceDelimited" && !explode:
			delim = " "
		case p.In == openapi3.ParameterInQuery && p.Style == "pipeDelimited" && !explode:
			delim = "|"
		case p.In == openapi3.ParameterInPath && (p.Style == "label" || p.Style == "matrix"):
		case p.In == openapi3.ParameterInQuery && p.Style == "deepObject" && p.Schema != nil && p.Schema.Value != nil && isObject(p.Schema.Value):
			// Sent as deepObject (filter[color]=red), or warned about below
			// when its object is not flat.
		case p.Style != "" && p.Style != "form" && p.Style != "simple":
			b.warnf(at[id], "parameter %q: style %q is sent as %s style", p.Name, p.Style, map[bool]string{true: "form", false: "simple"}[p.In == "query"])
		}
		var sch *ir.Schema
		if p.Schema != nil {
			sch = b.schema(p.Schema, name+naming.Exported(p.Name), pkey+"/schema")
		} else if len(p.Content) > 0 {
			sch = &ir.Schema{Kind: ir.KString}
			b.warnf(at[id], "parameter %q is given by content (%s), not a schema; it is sent as a string, as the caller writes it", p.Name, strings.Join(sortedKeys(p.Content), ", "))
		} else {
			sch = &ir.Schema{Kind: ir.KString}
			b.warnf(at[id], "parameter %q has no schema; it is sent as a string", p.Name)
		}
		sch = plainItems(sch)
		objectStyle := ""
		if p.In == openapi3.ParameterInQuery && flatObject(sch) {
			switch {
			case p.Style == "deepObject":
				objectStyle = "deepObject" // filter[status]=x
			case (p.Style == "" || p.Style == "form") && explode:
				objectStyle = "formObject" // status=x
			}
		}
		if objectStyle == "" && !paramSupported(sch) {
			b.warnf(at[id], "parameter %q has a schema that %s parameters cannot carry as typed values here; it is passed as its serialized string", p.Name, p.In)
			sch = &ir.Schema{Kind: ir.KString}
		}
		ip := &ir.Param{
			SpecName: p.Name, In: p.In, Required: p.Required || p.In == openapi3.ParameterInPath,
			Explode: explode, Delimiter: delim, Schema: sch, Doc: strings.TrimSpace(p.Description),
			AllowReserved: p.AllowReserved && p.In == openapi3.ParameterInQuery,
		}
		if objectStyle != "" {
			ip.Style = objectStyle
		}
		if p.In == openapi3.ParameterInPath && (p.Style == "label" || p.Style == "matrix") {
			ip.Style = p.Style
			// Exploded arrays repeat the prefix: .a.b, ;id=a;id=b.
			if explode && p.Style == "label" {
				ip.Delimiter = "."
			} else if explode {
				ip.Delimiter = ";" + p.Name + "="
			}
		}
		switch p.In {
		case openapi3.ParameterInPath:
			declared[p.Name] = true
			ip.Name = naming.Exported(p.Name)
			ip.ArgName = naming.Unexported(p.Name)
			if n, ok := b.goName(p.Extensions, at[id]); ok {
				ip.Name, ip.ArgName = n, naming.Unexported(n)
			}
			o.PathParams = append(o.PathParams, ip)
		case openapi3.ParameterInQuery, openapi3.ParameterInHeader, openapi3.ParameterInCookie:
			ip.Name = fieldNames[id]
			if p.In == openapi3.ParameterInQuery {
				o.QueryParams = append(o.QueryParams, ip)
			} else {
				o.HeaderParams = append(o.HeaderParams, ip)
			}
			qf := &ir.Field{Name: ip.Name, JSONName: p.Name, Schema: sch, Required: ip.Required, Doc: ip.Doc, Deprecated: p.Deprecated}
			if p.Schema != nil && p.Schema.Value != nil {
				qf.Default = p.Schema.Value.Default
			}
			qfields = append(qfields, qf)
		default:
			b.warnf(at[id], "parameter %q: %s parameters are not generated yet; set them with a request hook", p.Name, p.In)
		}
	}
	// Path parameters in path order; every {name} must be declared.
	var ordered []*ir.Param
	for _, seg := range segs {
		found := false
		for _, p := range o.PathParams {
			if p.SpecName == seg {
				if !slices.Contains(ordered, p) { // {location} twice: one argument
					ordered = append(ordered, p)
				}
				found = true
			}
		}
		if !found {
			b.failf(key, "path parameter {%s} is not declared in parameters", seg)
		}
	}
	for _, p := range o.PathParams {
		if !slices.Contains(segs, p.SpecName) {
			b.warnf(key, "path parameter %q is declared but not in the path; ignored", p.SpecName)
		}
	}
	o.PathParams = ordered
	o.Route, o.When, o.Fixed = routeOf(path, o)
	if after != "" {
		for _, name := range pathParamNames(after) {
			if !slices.ContainsFunc(o.QueryParams, func(p *ir.Param) bool { return p.SpecName == name }) {
				b.warnf(key, "{%s} is written after the path, and no query parameter declares it: it is not sent", name)
			}
		}
	}
	if len(qfields) > 0 {
		pt := b.newType(key+"/parameters", name+"Params", false)
		pt.Kind, pt.Params = ir.Struct, true
		pt.Doc = "holds the query and header parameters of " + name + "."
		pt.Fields = qfields
		o.Params = pt
	}

	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		ct, mt := pickJSON(rb.Value.Content)
		bkey := key + "/requestBody"
		switch {
		case mt == nil:
			b.warnf(bkey, "request body has no content; it is passed as raw bytes")
			o.Body = &ir.Body{ContentType: "application/octet-stream", Required: rb.Value.Required, Raw: true, AnyContent: true}
		case isForm(ct) != "":
			o.Body = b.formBody(name, bkey, ct, mt, rb.Value.Required)
		case !isJSON(ct):
			if !strings.HasPrefix(ct, "application/octet-stream") && !strings.HasPrefix(ct, "text/") {
				b.warnf(bkey, "request body of type %q is passed as raw bytes (RawBody)", ct)
			}
			o.Body = &ir.Body{ContentType: ct, Required: rb.Value.Required, Raw: true}
		default:
			o.Body = &ir.Body{ContentType: ct, Required: rb.Value.Required,
				Schema: b.schema(mt.Schema, name+"Request", bkey+"/content/"+pointerEscape(ct)+"/schema")}
		}
	}
	if o.Body != nil {
		for _, k := range sortedKeys(op.RequestBody.Value.Content) {
			if k != o.Body.ContentType {
				o.Body.Others = append(o.Body.Others, k)
			}
		}
	}
	b.responses(o, name, key, op)
	o.Pagination = b.pagination(o, op, key)
	b.pkg.Operations = append(b.pkg.Operations, o)
}

// pagination recognises cursor pagination: from x-pagination ({cursor,
// nextCursor, items}), or from a query parameter "cursor" with a response
// holding "nextCursor" and an "items" array.
func (b *builder) pagination(o *ir.Operation, op *openapi3.Operation, key string) *ir.Pagination {
	cursor, next, items := "cursor", "nextCursor", "items"
	ext, explicit := op.Extensions["x-pagination"].(map[string]any)
	if explicit {
		if v, ok := ext["cursor"].(string); ok {
			cursor = v
		}
		if v, ok := ext["nextCursor"].(string); ok {
			next = v
		}
		if v, ok := ext["items"].(string); ok {
			items = v
		}
	}
	resp := o.Success.Schema
	if o.Result != nil {
		if explicit {
			b.warnf(key, "x-pagination on an operation whose success responses differ; no iterator")
		}
		return nil
	}
	var page *ir.Type
	if resp != nil && resp.Kind == ir.KNamed {
		// Through aliases (Page: {$ref: CallPage}) to the object.
		page = resp.Named
		for range len(b.types) {
			t := aliasTarget(page)
			if t == nil {
				break
			}
			page = t
		}
	}
	if page == nil || page.Kind != ir.Struct {
		if explicit {
			b.warnf(key, "x-pagination on an operation whose response is not an object; no iterator")
		}
		return nil
	}
	field := func(t *ir.Type, json string) *ir.Field {
		for _, f := range t.Fields {
			if f.JSONName == json {
				return f
			}
		}
		return nil
	}
	p := &ir.Pagination{Method: o.Name + "All"}
	nf, itf := field(page, next), field(page, items)
	if nf == nil || itf == nil || nf.Required || nf.Schema.Nullable || nf.Schema.Base().Kind != ir.KString || itf.Schema.Kind != ir.KArray {
		if explicit {
			b.warnf(key, "x-pagination names %q and %q, which the response does not hold as an optional cursor and an array; no iterator", next, items)
		}
		return nil
	}
	p.NextField, p.ItemsField, p.Item, p.Next = nf.Name, itf.Name, itf.Schema.Elem, nf.Schema
	for _, q := range o.QueryParams {
		if q.SpecName == cursor && q.Schema.Base().Kind == ir.KString && !q.Required {
			p.CursorField, p.Cursor = q.Name, q.Schema
		}
	}
	if p.CursorField == "" && o.Body != nil && o.Body.Schema != nil && o.Body.Schema.Kind == ir.KNamed && o.Body.Schema.Named.Kind == ir.Struct {
		if f := field(o.Body.Schema.Named, cursor); f != nil && !f.Required && !f.Schema.Nullable && f.Schema.Base().Kind == ir.KString {
			p.CursorField, p.CursorInBody, p.Cursor = f.Name, true, f.Schema
		}
	}
	if p.CursorField == "" {
		if explicit {
			b.warnf(key, "x-pagination names the cursor %q, which is neither an optional query parameter nor an optional body field; no iterator", cursor)
		}
		return nil
	}
	return p
}

func paramSupported(s *ir.Schema) bool {
	if s.PointerElems() {
		return false // a list of a named type whose items may be null
	}
	switch s.Kind {
	case ir.KString:
		return s.Format != "byte"
	case ir.KInt, ir.KNumber, ir.KBool:
		return true
	case ir.KArray:
		return s.Elem.Kind != ir.KArray && paramSupported(s.Elem)
	case ir.KNamed:
		switch s.Named.Kind {
		case ir.Enum:
			return true
		case ir.Scalar, ir.Slice:
			return s.Named.Underlying != nil && paramSupported(s.Named.Underlying)
		}
	}
	return false
}

// plainItems drops the nullability of a parameter's items: a list in a
// query, a path or a header has no way to write a null item.
func plainItems(s *ir.Schema) *ir.Schema {
	if s.Kind == ir.KNamed && s.Named.Kind == ir.Slice && s.Named.Underlying != nil && s.Named.Underlying.PointerElems() {
		// A named list of such items ([]*int64): a list of values here.
		s = s.Named.Underlying
	}
	if s.Kind != ir.KArray || !s.Elem.Nullable {
		return s
	}
	c, e := *s, *s.Elem
	e.Nullable = false
	c.Elem = &e
	return &c
}

// flatObject reports whether s is an object whose properties are all
// strings, numbers, booleans or enums, held as values or pointers: what a
// deepObject or exploded form query parameter carries, one key each.
func flatObject(s *ir.Schema) bool {
	if s.Kind != ir.KNamed || s.Named.Kind != ir.Struct || len(s.Named.Fields) == 0 || s.Named.Additional != nil || len(s.Named.Patterns) > 0 {
		return false
	}
	for _, f := range s.Named.Fields {
		if f.Schema.Nullable || f.ReadOnly || f.WriteOnly || f.Indirect || !paramSupported(f.Schema) || f.Schema.Base().Kind == ir.KArray {
			return false
		}
	}
	return true
}

// routeOf splits a path key into the path requests go to and the
// conditions written after it that tell operations on one path apart. A
// fragment names headers or query parameters that the operation declares
// (#X-Amz-Target=Svc.Op, #x-amzn-id: present); a query names query
// parameters (?Action=Op; ?page={page}, declared). Those with a value the
// operation does not declare are sent as they are.
func routeOf(path string, o *ir.Operation) (route string, when, fixed []ir.Cond) {
	route, rest := splitPathKey(path)
	if rest == "" {
		return path, nil, nil
	}
	if route == "" {
		route = "/"
	}
	query, fragment, _ := strings.Cut(rest, "#")
	query = strings.TrimPrefix(query, "?")
	// in says where a parameter is, and whether the operation declares it.
	in := func(name string, fragment bool) (string, bool) {
		for _, p := range o.HeaderParams {
			if strings.EqualFold(p.SpecName, name) && p.In == openapi3.ParameterInHeader {
				return openapi3.ParameterInHeader, true
			}
		}
		for _, p := range o.QueryParams {
			if p.SpecName == name {
				return openapi3.ParameterInQuery, true
			}
		}
		if fragment && strings.HasPrefix(strings.ToLower(name), "x-") {
			return openapi3.ParameterInHeader, false
		}
		return openapi3.ParameterInQuery, false
	}
	for i, part := range []string{query, fragment} {
		for kv := range strings.SplitSeq(part, "&") {
			k, v, _ := strings.Cut(kv, "=")
			if k == "" || strings.Contains(kv, "{") {
				continue // ?page={page}: a parameter the operation declares
			}
			where, declared := in(k, i == 1)
			c := ir.Cond{In: where, Name: k, Value: v}
			if c.In == openapi3.ParameterInHeader {
				c.Name = http.CanonicalHeaderKey(k)
			}
			when = append(when, c)
			if !declared && v != "" {
				fixed = append(fixed, c)
			}
		}
	}
	return route, when, fixed
}

// splitPathKey splits a path key at what is written after the path: a
// query or a fragment ("/search", "?q={q}").
func splitPathKey(path string) (route, after string) {
	cut := strings.IndexAny(path+"#", "#?")
	return path[:cut], path[cut:]
}

var pathParamRe = regexp.MustCompile(`\{([^{}]+)\}`)

func pathParamNames(path string) []string {
	var out []string
	for _, m := range pathParamRe.FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}

func isJSON(ct string) bool {
	ct = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	return ct == "application/json" || strings.HasSuffix(ct, "+json") || ct == "*/*"
}

// pickJSON picks the JSON media type of a content map if there is one,
// otherwise the first in sorted order.
func pickJSON(c openapi3.Content) (string, *openapi3.MediaType) {
	keys := sortedKeys(c)
	for _, k := range keys {
		if isJSON(k) && k != "*/*" {
			return k, c[k]
		}
	}
	if len(keys) > 0 {
		return keys[0], c[keys[0]]
	}
	return "", nil
}

// successEntry is one success response of the document, before typing.
type successEntry struct {
	label string // how docs name it: "201", "2XX", "default"
	key   string // the response's key in the document
	code  int    // exact code, or the status written for a range or default
	rng   int    // leading digit of a range, or 0
	def   bool
	ref   *openapi3.ResponseRef
}

// successEntries lists an operation's success responses: the exact 2xx
// codes ascending, then the 2XX range, or the default response when there
// is no other. Other ranges (1XX, 3XX) are not successes to a client,
// which follows redirects and treats the rest as errors.
func (b *builder) successEntries(key string, op *openapi3.Operation) []successEntry {
	var exact []successEntry
	var rng *successEntry
	if op.Responses == nil {
		return nil
	}
	m := op.Responses.Map()
	for _, k := range sortedKeys(m) {
		r := m[k]
		n, err := strconv.Atoi(k)
		switch {
		case k == "2XX" || k == "2xx":
			rng = &successEntry{label: "2XX", key: k, rng: 2, ref: r}
		case err == nil && n >= 200 && n < 300:
			exact = append(exact, successEntry{label: k, key: k, code: n, ref: r})
		case k == "default" || (len(k) == 3 && strings.ContainsAny(k[:1], "12345") && strings.EqualFold(k[1:], "XX")):
		case err != nil || n < 100 || n > 599:
			b.failf(key+"/responses/"+pointerEscape(k), "response key %q is not an HTTP status code, a range such as 4XX, or default", k)
		}
	}
	sort.SliceStable(exact, func(i, j int) bool { return exact[i].code < exact[j].code })
	out := exact
	if rng != nil {
		// A range is written with its lowest code no exact response takes.
		rng.code = 200
		for slices.ContainsFunc(exact, func(e successEntry) bool { return e.code == rng.code }) && rng.code < 299 {
			rng.code++
		}
		out = append(out, *rng)
	}
	if len(out) == 0 {
		// No 2xx: a default response, if any, describes success too.
		if d := op.Responses.Value("default"); d != nil && d.Value != nil && (len(d.Value.Content) > 0 || len(d.Value.Headers) > 0) {
			out = append(out, successEntry{label: "default", key: "default", code: http.StatusOK, def: true, ref: d})
		}
	}
	return out
}

// responseHeaders lists the headers a response declares, sorted by name;
// Content-Type is left out, as OpenAPI says.
func responseHeaders(r *openapi3.ResponseRef) []string {
	if r == nil || r.Value == nil {
		return nil
	}
	var out []string
	for _, name := range sortedKeys(r.Value.Headers) {
		if h := r.Value.Headers[name]; h != nil && h.Value != nil && !strings.EqualFold(name, "Content-Type") {
			out = append(out, name)
		}
	}
	return out
}

// bodyIdentity tells whether two responses carry the same body: the same
// media type class and the same schema (the same $ref or the same object).
func bodyIdentity(r *openapi3.ResponseRef) string {
	if r == nil || r.Value == nil || len(r.Value.Content) == 0 {
		return ""
	}
	ct, mt := pickJSON(r.Value.Content)
	if !isJSON(ct) {
		return "raw " + ct
	}
	switch {
	case mt == nil || mt.Schema == nil:
		return "json"
	case mt.Schema.Ref != "":
		return "json " + mt.Schema.Ref
	}
	return fmt.Sprintf("json %p", mt.Schema.Value)
}

// responseField names the Result field of a response's body: the status
// text of its code (OK, Created), Status2XX for a range, Default.
func responseField(e successEntry) string {
	switch {
	case e.def:
		return "Default"
	case e.rng != 0:
		return fmt.Sprintf("Status%dXX", e.rng)
	}
	if t := http.StatusText(e.code); t != "" {
		return naming.Exported(strings.ReplaceAll(t, "-", " "))
	}
	return "Status" + strconv.Itoa(e.code)
}

// responses types the success responses of an operation. When they all
// carry the same body (or none) and no headers, the method returns that
// body alone, as Success says; otherwise it returns a Result.
func (b *builder) responses(o *ir.Operation, name, key string, op *openapi3.Operation) {
	entries := b.successEntries(key, op)
	if len(entries) == 0 {
		o.Success = ir.Response{Status: http.StatusOK, Label: "200"}
		o.Responses = []*ir.Response{{Status: http.StatusOK, Label: "200"}}
		return
	}
	plain := true
	for _, e := range entries {
		if len(responseHeaders(e.ref)) > 0 || bodyIdentity(e.ref) != bodyIdentity(entries[0].ref) {
			plain = false
		}
	}
	if plain {
		// One body stands for every response (today's signature): type it
		// once, from the first.
		r := b.response(entries[0], name+"Response", key)
		for _, e := range entries {
			x := *r
			x.Status, x.Range, x.Default, x.Label = e.code, e.rng, e.def, e.label
			o.Responses = append(o.Responses, &x)
		}
		o.Success = *o.Responses[0]
		return
	}
	rkey := key + "/responses"
	res := &ir.Result{Key: rkey}
	// Field names: StatusCode, the bodies, then the headers.
	ents := []naming.Entity{{Want: "StatusCode", Key: " status", Pinned: true}}
	for _, e := range entries {
		ents = append(ents, naming.Entity{Want: responseField(e), Key: " body " + e.label, Pinned: true})
	}
	type hdr struct {
		p     *ir.Param
		count int // responses that require it
	}
	var hdrs []*hdr
	byName := map[string]*hdr{}
	for _, e := range entries {
		for _, hn := range responseHeaders(e.ref) {
			canon := http.CanonicalHeaderKey(hn)
			if byName[canon] == nil {
				h := &hdr{p: &ir.Param{SpecName: hn, In: "header"}}
				byName[canon] = h
				hdrs = append(hdrs, h)
				ents = append(ents, naming.Entity{Want: naming.Exported(hn), Key: "header " + canon})
			}
		}
	}
	fieldNames := naming.Resolve(ents, reservedMethods)
	for i, e := range entries {
		// The first body keeps the name it has when it stands alone, so
		// that adding a response or a header does not rename it.
		want := name + "Response"
		if i > 0 {
			want = name + responseField(e)
		}
		r := b.response(e, want, key)
		r.Field = fieldNames[" body "+e.label]
		ekey := key + "/responses/" + pointerEscape(e.key)
		for _, hn := range responseHeaders(e.ref) {
			canon := http.CanonicalHeaderKey(hn)
			h := byName[canon]
			hv := e.ref.Value.Headers[hn].Value
			hkey := ekey + "/headers/" + pointerEscape(hn)
			if h.p.Schema == nil {
				h.p.Name = fieldNames["header "+canon]
				h.p.Doc = strings.TrimSpace(hv.Description)
				h.p.Schema = b.headerSchema(hv, hn, name+naming.Exported(hn), hkey)
			} else if hv.Schema != nil && hv.Schema.Ref == "" && hv.Schema.Value != nil && !sameSchema(h.p.Schema, hv.Schema) {
				b.warnf(hkey, "header %q has another schema in an earlier response; it is read as that one", hn)
			}
			if hv.Required {
				h.count++
			}
			r.Headers = append(r.Headers, &ir.Param{Name: h.p.Name, SpecName: hn, In: "header", Required: hv.Required, Schema: h.p.Schema, Doc: strings.TrimSpace(hv.Description)})
		}
		o.Responses = append(o.Responses, r)
	}
	for _, h := range hdrs {
		h.p.Required = h.count == len(entries)
		res.Headers = append(res.Headers, h.p)
	}
	o.Result = res
	o.Success = *o.Responses[0]
	b.ents = append(b.ents, naming.Entity{Want: name + "Result", Key: rkey, Prev: b.prev[rkey]})
	b.results[rkey] = res
}

// sameSchema reports whether an inline header schema has the scalar kind
// already chosen for the header.
func sameSchema(s *ir.Schema, ref *openapi3.SchemaRef) bool {
	ts := typesOf(ref.Value)
	if len(ts) != 1 {
		return true
	}
	switch s.Base().Kind {
	case ir.KString:
		return ts[0] == "string"
	case ir.KInt:
		return ts[0] == "integer"
	case ir.KNumber:
		return ts[0] == "number"
	case ir.KBool:
		return ts[0] == "boolean"
	case ir.KArray:
		return ts[0] == "array"
	}
	return true
}

// headerSchema types a response header as a header parameter is typed;
// what a header cannot carry as a typed value is read as its text.
func (b *builder) headerSchema(h *openapi3.Header, name, want, key string) *ir.Schema {
	if h.Schema == nil {
		b.warnf(key, "header without schema is read as a string")
		return &ir.Schema{Kind: ir.KString}
	}
	sch := plainItems(b.schema(h.Schema, want, key+"/schema"))
	if !paramSupported(sch) {
		b.warnf(key, "header %q has a schema that headers cannot carry as typed values here; it is read as its text", name)
		return &ir.Schema{Kind: ir.KString}
	}
	return sch
}

// response types one success response's body.
func (b *builder) response(e successEntry, want, key string) *ir.Response {
	out := &ir.Response{Status: e.code, Range: e.rng, Default: e.def, Label: e.label}
	r := e.ref
	if r == nil || r.Value == nil || len(r.Value.Content) == 0 {
		return out
	}
	ct, mt := pickJSON(r.Value.Content)
	out.ContentType = ct
	if !isJSON(ct) {
		out.Raw = true
		return out
	}
	var sch *openapi3.SchemaRef
	if mt != nil {
		sch = mt.Schema
	}
	out.Schema = b.schema(sch, want, key+"/responses/"+pointerEscape(e.key)+"/content/"+pointerEscape(ct)+"/schema")
	return out
}

// callbackTypes generates the body types of webhooks (3.1) and of
// operation callbacks: requests the API sends to its users, which this
// package does not serve or call, but whose payloads users decode.
func (b *builder) callbackTypes() {
	bodies := func(item *openapi3.PathItem, want, key string) {
		for _, m := range sortedKeys(item.Operations()) {
			op := item.Operations()[m]
			okey := key + "/" + strings.ToLower(m)
			name := want
			if len(item.Operations()) > 1 {
				name += naming.Exported(strings.ToLower(m))
			}
			if rb := op.RequestBody; rb != nil && rb.Value != nil {
				if ct, mt := pickJSON(rb.Value.Content); mt != nil && mt.Schema != nil && isJSON(ct) {
					b.schema(mt.Schema, name+"Request", okey+"/requestBody/content/"+pointerEscape(ct)+"/schema")
				}
			}
			if op.Responses != nil {
				for _, code := range sortedKeys(op.Responses.Map()) {
					r := op.Responses.Value(code)
					if !strings.HasPrefix(code, "2") || r == nil || r.Value == nil {
						continue
					}
					if ct, mt := pickJSON(r.Value.Content); mt != nil && mt.Schema != nil && isJSON(ct) {
						b.schema(mt.Schema, name+"Response", okey+"/responses/"+code+"/content/"+pointerEscape(ct)+"/schema")
					}
				}
			}
		}
	}
	for _, name := range sortedKeys(b.doc.Webhooks) {
		if item := b.doc.Webhooks[name]; item != nil {
			bodies(item, naming.Exported(name)+"Webhook", "#/webhooks/"+pointerEscape(name))
		}
	}
	if b.doc.Paths == nil {
		return
	}
	for _, o := range b.pkg.Operations {
		item := b.doc.Paths.Value(o.Path)
		if item == nil {
			continue
		}
		op := item.GetOperation(o.Method)
		if op == nil {
			continue
		}
		for _, cb := range sortedKeys(op.Callbacks) {
			ref := op.Callbacks[cb]
			if ref == nil || ref.Value == nil {
				continue
			}
			paths := ref.Value.Map()
			for _, expr := range sortedKeys(paths) {
				want := o.Name + naming.Exported(cb) + "Callback"
				if len(paths) > 1 {
					want += naming.Exported(expr)
				}
				bodies(paths[expr], want, "#/paths/"+pointerEscape(o.Path)+"/"+strings.ToLower(o.Method)+"/callbacks/"+pointerEscape(cb)+"/"+pointerEscape(expr))
			}
		}
	}
}

// securitySchemes records the schemes the operations use.
func (b *builder) securitySchemes() {
	used := map[string]bool{}
	for _, o := range b.pkg.Operations {
		for _, n := range o.Schemes {
			used[n] = true
		}
	}
	if b.doc.Components == nil {
		return
	}
	for _, name := range sortedKeys(b.doc.Components.SecuritySchemes) {
		ref := b.doc.Components.SecuritySchemes[name]
		if !used[name] || ref == nil || ref.Value == nil {
			continue
		}
		v := ref.Value
		s := ir.SecurityScheme{Name: name, Kind: "other"}
		switch {
		case v.Type == "http" && strings.EqualFold(v.Scheme, "basic"):
			s.Kind = "basic"
		case v.Type == "http" && strings.EqualFold(v.Scheme, "bearer"), v.Type == "oauth2", v.Type == "openIdConnect":
			s.Kind = "bearer"
		case v.Type == "apiKey":
			s.Kind, s.In, s.Key = "apiKey", v.In, v.Name
		default:
			b.warnf("#/components/securitySchemes/"+pointerEscape(name), "scheme %s/%s is passed to the security handler without credentials; read them from the request", v.Type, v.Scheme)
		}
		b.pkg.Security = append(b.pkg.Security, s)
	}
	b.authOptions()
}

// authOptions plans the client options that send credentials: one for
// every bearer scheme, one for every basic scheme, one per apiKey scheme.
// Their names go through the naming of every package-level identifier.
func (b *builder) authOptions() {
	var apiKeys int
	for _, s := range b.pkg.Security {
		if s.Kind == "apiKey" {
			apiKeys++
		}
	}
	shared := map[string]int{} // kind → index in AuthOptions
	for _, s := range b.pkg.Security {
		switch s.Kind {
		case "bearer", "basic":
			if i, ok := shared[s.Kind]; ok {
				b.pkg.AuthOptions[i].Schemes = append(b.pkg.AuthOptions[i].Schemes, s.Name)
				continue
			}
			a := ir.AuthOption{Kind: s.Kind, Group: s.Kind, Key: "#/components/securitySchemes:" + s.Kind, Schemes: []string{s.Name}}
			want := "WithBasicAuth"
			if s.Kind == "bearer" {
				want = "WithBearerToken"
				b.ents = append(b.ents, naming.Entity{Want: want + "Source", Key: a.Key + "Source", Prev: b.prev[a.Key+"Source"]})
			}
			b.ents = append(b.ents, naming.Entity{Want: want, Key: a.Key, Prev: b.prev[a.Key]})
			shared[s.Kind] = len(b.pkg.AuthOptions)
			b.pkg.AuthOptions = append(b.pkg.AuthOptions, a)
		case "apiKey":
			key := "#/components/securitySchemes/" + pointerEscape(s.Name)
			a := ir.AuthOption{Kind: "apiKey", Group: "apiKey:" + s.Name, Key: key, In: s.In, Param: s.Key, Schemes: []string{s.Name}}
			want := "WithAPIKey"
			if apiKeys > 1 {
				want += strings.TrimPrefix(naming.Exported(s.Name), "APIKey")
			}
			b.ents = append(b.ents, naming.Entity{Want: want, Key: key, Prev: b.prev[key]})
			b.pkg.AuthOptions = append(b.pkg.AuthOptions, a)
		}
	}
}

// errorModel looks at the schema most error responses use and records how
// its code and message are laid out.
func (b *builder) errorModel() {
	counts := map[*openapi3.Schema]int{}
	types := map[*openapi3.Schema]string{} // the media type each came in first
	var candidates []*openapi3.Schema
	if b.doc.Paths != nil {
		for _, path := range sortedKeys(b.doc.Paths.Map()) {
			item := b.doc.Paths.Value(path)
			for _, m := range sortedKeys(item.Operations()) {
				op := item.Operations()[m]
				if op.Responses == nil {
					continue
				}
				// default is an error only beside a success; alone it is
				// the success.
				success := slices.ContainsFunc(sortedKeys(op.Responses.Map()), func(c string) bool { return strings.HasPrefix(c, "2") })
				for _, code := range sortedKeys(op.Responses.Map()) {
					if !(strings.HasPrefix(code, "4") || strings.HasPrefix(code, "5") || code == "default" && success) {
						continue
					}
					r := op.Responses.Value(code)
					if r == nil || r.Value == nil {
						continue
					}
					ct, mt := pickJSON(r.Value.Content)
					if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
						continue
					}
					s := mt.Schema.Value
					if counts[s] == 0 {
						candidates = append(candidates, s)
						types[s] = ct
					}
					counts[s]++
				}
			}
		}
	}
	var best *openapi3.Schema
	for _, c := range candidates {
		if best == nil || counts[c] > counts[best] {
			best = c
		}
	}
	m := ir.ErrorModel{Code: "code", Message: "message"}
	if best != nil {
		obj := best
		if e := best.Properties["error"]; e != nil && e.Value != nil && len(e.Value.Properties) > 0 {
			m.Envelope = "error"
			obj = e.Value
		}
		m.Code, m.Message = "", ""
		for _, n := range []string{"code", "status"} {
			if obj.Properties[n] != nil && m.Code == "" {
				m.Code = n
			}
		}
		for _, n := range []string{"message", "detail", "error", "title"} {
			if p := obj.Properties[n]; p != nil && p.Value != nil && p.Value.Type.Is(openapi3.TypeString) && m.Message == "" {
				m.Message = n
			}
		}
		if p := obj.Properties[m.Code]; m.Code != "" && p != nil && p.Value != nil && p.Value.Type.Is(openapi3.TypeString) {
			m.CodeString = true
		}
		for _, n := range []string{"title", "type"} {
			// Only in a problem's shape: other errors' type is their own
			// (OpenAI's "invalid_request_error").
			problem := m.Code == "status" || m.Message == "detail"
			if p := obj.Properties[n]; problem && p != nil && p.Value != nil && p.Value.Type.Is(openapi3.TypeString) && m.Message != n {
				if n == "title" {
					m.Title = n
				} else {
					m.Type = n
				}
			}
		}
		if ct := types[best]; ir.OwnJSONType(ct) {
			m.ContentType, _, _ = strings.Cut(ct, ";")
			m.ContentType = strings.TrimSpace(m.ContentType)
		}
		if obj.Properties["missing"] != nil {
			m.Missing = "missing"
		}
		if obj.Properties["duplicated"] != nil {
			m.Duplicated = "duplicated"
		}
		if m.Message == "" {
			m.Message = "message"
		}
	}
	b.pkg.Error = m
}

// resolveNames gives every package-level identifier its final name.
func (b *builder) resolveNames() {
	names := naming.Resolve(b.ents, reservedNames)
	if b.pkg.Names == nil {
		b.pkg.Names = map[string]string{}
	}
	for k, v := range names {
		b.pkg.Names[k] = v
	}
	for key, t := range b.entTypes {
		t.Name = names[key]
	}
	for pkey, key := range b.prints {
		if name := names[key]; name != "" {
			b.pkg.Names[pkey] = name
		}
	}
	for key, r := range b.results {
		r.Name = names[key]
	}
	for _, t := range b.types {
		if t.Kind == ir.Enum {
			for i := range t.EnumValues {
				t.EnumValues[i].Name = names[t.EnumValues[i].Key]
			}
		}
	}
}

// markTags marks the discriminator property of each variant of a
// discriminated union as its Tag: a client sends it and a server reads it
// even when it is readOnly, and a server answers with it even when it is
// writeOnly, since without it the variant could only be guessed.
// A variant reached through an alias (one with rules of its own too) is
// followed to its struct, and a variant that is itself a union to the
// structs it holds.
func markTags(types []*ir.Type) {
	var mark func(t *ir.Type, property string, seen map[*ir.Type]bool)
	mark = func(t *ir.Type, property string, seen map[*ir.Type]bool) {
		for t.SameAs != nil || t.Kind == ir.Scalar && t.Underlying != nil && t.Underlying.Kind == ir.KNamed {
			if t.SameAs != nil {
				t = t.SameAs
			} else {
				t = t.Underlying.Named
			}
		}
		if seen[t] {
			return
		}
		seen[t] = true
		for _, f := range t.Fields {
			if f.JSONName == property {
				f.Tag = true
			}
		}
		for _, v := range t.Variants {
			if v.Schema != nil && v.Schema.Kind == ir.KNamed {
				mark(v.Schema.Named, property, seen)
			}
		}
	}
	for _, t := range types {
		if t.Kind == ir.Union && t.Discriminator != nil {
			mark(t, t.Discriminator.Property, map[*ir.Type]bool{})
		}
	}
}

// markDirectional sets DirectionalRequired on every type whose validation
// depends on the direction, following fields, elements and variants.
func markDirectional(types []*ir.Type) {
	memo := map[*ir.Type]int{} // 0 unknown, 1 visiting, 2 no, 3 yes
	var visit func(t *ir.Type) bool
	var visitSchema func(s *ir.Schema) bool
	visitSchema = func(s *ir.Schema) bool {
		for s != nil {
			if s.Kind == ir.KNamed {
				return visit(s.Named)
			}
			s = s.Elem
		}
		return false
	}
	visit = func(t *ir.Type) bool {
		switch memo[t] {
		case 1: // on a cycle: use what the previous round found
			return t.DirectionalRequired
		case 2:
			return false
		case 3:
			return true
		}
		memo[t] = 1
		yes := false
		for _, f := range t.Fields {
			if (f.Required && (f.ReadOnly || f.WriteOnly)) || f.WriteOnly {
				yes = true
			}
			if visitSchema(f.Schema) {
				yes = true
			}
		}
		for _, v := range t.Variants {
			if visitSchema(v.Schema) {
				yes = true
			}
		}
		for _, it := range t.Items {
			if visitSchema(it.Schema) {
				yes = true
			}
		}
		for _, p := range t.Patterns {
			if visitSchema(p.Schema) {
				yes = true
			}
		}
		if visitSchema(t.Rest) || visitSchema(t.Underlying) {
			yes = true
		}
		if yes {
			memo[t] = 3
		} else {
			memo[t] = 2
		}
		return yes
	}
	// Iterate to a fixed point so that recursion is handled.
	for changed := true; changed; {
		changed = false
		for _, t := range types {
			delete(memo, t)
		}
		for _, t := range types {
			was := t.DirectionalRequired
			t.DirectionalRequired = visit(t)
			if t.DirectionalRequired != was {
				changed = true
			}
		}
	}
}

// markIndirect finds struct fields that hold, by value, a struct that holds
// the first one again, and makes them pointers so the Go types are finite.
func markIndirect(types []*ir.Type) {
	// byValue returns the struct a field embeds by value, if any.
	byValue := func(f *ir.Field) *ir.Type {
		s := f.Schema
		if s.Kind != ir.KNamed {
			return nil
		}
		t := s.Named
		for t.Kind == ir.Scalar && t.Underlying != nil && t.Underlying.Kind == ir.KNamed {
			t = t.Underlying.Named // an alias
		}
		if t.Kind != ir.Struct {
			return nil
		}
		if f.Required && !f.ReadOnly && !f.WriteOnly && !s.Nullable {
			return t // a plain value
		}
		if !f.Required && s.Nullable {
			return t // Nullable[T] holds T by value
		}
		return nil
	}
	// reaches reports whether from reaches to through by-value fields.
	var reaches func(from, to *ir.Type, seen map[*ir.Type]bool) bool
	reaches = func(from, to *ir.Type, seen map[*ir.Type]bool) bool {
		if from == to {
			return true
		}
		if seen[from] {
			return false
		}
		seen[from] = true
		for _, f := range from.Fields {
			if f.Indirect {
				continue
			}
			if u := byValue(f); u != nil && reaches(u, to, seen) {
				return true
			}
		}
		return false
	}
	for _, t := range types {
		for _, f := range t.Fields {
			if u := byValue(f); u != nil && reaches(u, t, map[*ir.Type]bool{}) {
				f.Indirect = true
			}
		}
	}
}
