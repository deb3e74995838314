package apidiff

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/specgen/specgen/generator/ir"
)

// dir is the set of directions a value travels in: in requests (the
// client sends, the server receives), in responses (the server sends, the
// client receives), or both.
type dir uint8

const (
	dReq  dir = 1 << iota // sent by the client
	dResp                 // sent by the server
	// dUnused marks a type no operation sends or receives, in a package
	// that has operations: it travels in neither direction, so only
	// changes to its Go code break anyone.
	dUnused
	dBoth = dReq | dResp
)

// usage finds, for every named type, the directions it travels in, from
// the operations down: path parameters, bodies and parameter structs go in
// requests, success results in responses. A readOnly field never travels
// in a request and a writeOnly one never in a response.
func usage(p *ir.Package) map[*ir.Type]dir {
	m := map[*ir.Type]dir{}
	var walkS func(s *ir.Schema, d dir)
	var walkT func(t *ir.Type, d dir)
	walkS = func(s *ir.Schema, d dir) {
		for s != nil {
			if s.Kind == ir.KNamed {
				walkT(s.Named, d)
				walkT(s.As, d)
				return
			}
			s = s.Elem
		}
	}
	walkT = func(t *ir.Type, d dir) {
		if t == nil {
			return
		}
		d &^= m[t]
		if d == 0 {
			return
		}
		m[t] |= d
		for _, f := range t.Fields {
			if fd := fieldDir(f, d); fd != 0 {
				walkS(f.Schema, fd)
			}
		}
		walkS(t.Underlying, d)
		walkS(t.Additional, d)
		for _, pp := range t.Patterns {
			walkS(pp.Schema, d)
		}
		for _, it := range t.Items {
			walkS(it.Schema, d)
		}
		walkS(t.Rest, d)
		for _, v := range t.Variants {
			walkS(v.Schema, d)
		}
	}
	for _, op := range p.Operations {
		for _, pp := range op.PathParams {
			walkS(pp.Schema, dReq)
		}
		if op.Body != nil {
			walkS(op.Body.Schema, dReq)
		}
		walkT(op.Params, dReq)
		walkS(op.Success.Schema, dResp)
		for _, r := range op.Responses {
			walkS(r.Schema, dResp)
			for _, h := range r.Headers {
				walkS(h.Schema, dResp)
			}
		}
		if op.Result != nil {
			for _, h := range op.Result.Headers {
				walkS(h.Schema, dResp)
			}
		}
	}
	return m
}

// fieldDir is the part of d a field travels in.
func fieldDir(f *ir.Field, d dir) dir {
	if f == nil {
		return 0
	}
	if f.ReadOnly {
		d &^= dReq
	}
	if f.WriteOnly {
		d &^= dResp
	}
	return d
}

// senderBurden classifies a change that asks more of whoever sends a value
// travelling in d: a new required field, a tighter rule. The client sends
// requests and the server sends responses.
func senderBurden(d dir) (Kind, bool) {
	switch {
	case d&dReq != 0:
		return ClientBreaking, d&dResp != 0
	case d&dResp != 0:
		return ServerBreaking, true
	}
	return Compatible, false
}

type comparer struct {
	old, new *ir.Package
	uo, un   map[*ir.Type]dir
	ao, an   *goAPI // the rendered APIs; both nil when either cannot be rendered
	// alo, aln map each alias type (type Owner = Person) to what it names.
	alo, aln map[string]string
	out      []Change
}

// Compare lists what changed from the API generated from old to the one
// generated from new, and whom each change breaks.
func Compare(old, new *ir.Package) Report {
	c := &comparer{old: old, new: new, uo: usage(old), un: usage(new), alo: aliases(old), aln: aliases(new)}
	// Render both at once: for a large spec this is most of the work.
	done := make(chan struct{})
	go func() {
		c.ao = render(old)
		close(done)
	}()
	c.an = render(new)
	<-done
	if c.ao == nil || c.an == nil {
		// Fall back on the IR alone, spelling Go types as the emitters
		// did when this package was written.
		c.ao, c.an = nil, nil
	}
	c.operations()
	c.clientExtras()
	c.types()
	c.funcs()
	if c.out == nil {
		c.out = []Change{}
	}
	return Report{Changes: c.out}
}

func (c *comparer) add(k Kind, server bool, where, format string, args ...any) {
	if k == ServerBreaking {
		server = true
	}
	c.out = append(c.out, Change{Kind: k, Where: where, What: fmt.Sprintf(format, args...), BreaksServer: server})
}

// fieldGo is the Go type of a field of the struct named owner.
func (c *comparer) fieldGo(old bool, owner string, f *ir.Field, params bool) string {
	if api := c.api(old); api != nil {
		if d := api.types[owner]; d != nil {
			if t, ok := d.fields[f.Name]; ok {
				return t
			}
		}
	}
	return fieldType(f, params)
}

// variantGo is the Go type of a union's variant field.
func (c *comparer) variantGo(old bool, owner string, v *ir.Variant) string {
	if api := c.api(old); api != nil {
		if d := api.types[owner]; d != nil {
			if t, ok := d.fields[v.Name]; ok {
				return t
			}
		}
	}
	return "*" + goType(v.Schema)
}

// defGo is what a named type is declared as.
func (c *comparer) defGo(old bool, t *ir.Type) string {
	if api := c.api(old); api != nil {
		if d := api.types[t.Name]; d != nil {
			return d.def
		}
	}
	return definition(t)
}

// sigGo is the signature of an operation's Client and Handler method.
func (c *comparer) sigGo(old bool, op *ir.Operation) goFunc {
	if api := c.api(old); api != nil {
		if f, ok := api.handler[op.Name]; ok {
			return f
		}
	}
	s := strings.TrimPrefix(signature(op), op.Name)
	return goFunc{named: "func" + s, types: "func" + s}
}

// importChanged reports a Go type spelled alike on both sides that names
// a package imported from another path (x-go-type-import): another type.
func (c *comparer) importChanged(where, what, oldOwner, newOwner, oldField, newField string) {
	if c.an == nil {
		return
	}
	od, nd := c.ao.types[oldOwner], c.an.types[newOwner]
	if od == nil || nd == nil {
		return
	}
	if oi, ni := od.imports[oldField], nd.imports[newField]; oi != ni {
		c.compile(where, "%simported from %s (was %s): the same spelling names another Go type", what, ni, oi)
	}
}

func (c *comparer) api(old bool) *goAPI {
	if old {
		return c.ao
	}
	return c.an
}

// typeChanged records that a Go type is now spelled nt where it was ot.
// When both name the same type once each side's aliases are seen through
// (*Owner and *Person, with type Owner = Person), code compiles as before
// and it reports true; otherwise the change breaks code, and false.
func (c *comparer) typeChanged(where, what, ot, nt string) bool {
	if c.sameGo(ot, nt) {
		c.add(Compatible, false, where, "%snow written %s, where it was %s: the same Go type (%s), so code compiles as before", what, nt, ot, resolveAliases(nt, c.aln))
		return true
	}
	c.compile(where, "%s%s", what, typeChange(ot, nt))
	return false
}

// sameGo reports whether the Go types spelled ot in the old package and nt
// in the new one are the same once aliases are seen through: each on its
// own side, or ot as the new package reads it, where an old name may now be
// an alias (a type whose schema the spec moved, kept under its old name).
func (c *comparer) sameGo(ot, nt string) bool {
	cn := resolveAliases(nt, c.aln)
	return resolveAliases(ot, c.alo) == cn || resolveAliases(ot, c.aln) == cn
}

// compile records a change after which Go code using the construct no
// longer compiles, on either side.
func (c *comparer) compile(where, format string, args ...any) {
	c.add(ClientBreaking, true, where, format, args...)
}

// rules records the rule changes of a value travelling in d.
func (c *comparer) rules(where string, d dir, changes []ruleChange) {
	if d == 0 {
		return // the value no longer travels at all
	}
	for _, r := range changes {
		if !r.tighter {
			if d&dResp != 0 {
				// Clients read answers leniently, unless built WithStrict.
				c.add(Compatible, false, where, "validation loosened: %s; a client built WithStrict from the old spec refuses answers that use it", r.what)
			} else {
				c.add(Compatible, false, where, "validation loosened: %s", r.what)
			}
			continue
		}
		k, server := senderBurden(d)
		switch k {
		case ClientBreaking:
			c.add(k, server, where, "validation tightened: %s; the client refuses requests that met the old rule", r.what)
		case ServerBreaking:
			c.add(k, server, where, "validation tightened: %s; responses must now meet it", r.what)
		default:
			if d&dUnused != 0 {
				c.add(Compatible, false, where, "validation tightened: %s; no operation sends or receives the type", r.what)
			}
		}
	}
}

// docWhat is the What of every change to documentation only; Text lists
// them together.
const docWhat = "documentation changed"

func docChanged(o, n string) bool { return strings.TrimSpace(o) != strings.TrimSpace(n) }

// ---- operations ----

func opLabel(op *ir.Operation) string {
	if op.ID == "" {
		return op.Method + " " + op.Path
	}
	return op.ID + " (" + op.Method + " " + op.Path + ")"
}

func (c *comparer) operations() {
	oldByID := map[string]*ir.Operation{}
	oldByRoute := map[string]*ir.Operation{}
	for _, op := range c.old.Operations {
		if op.ID != "" {
			oldByID[op.ID] = op
		}
		oldByRoute[op.Method+" "+op.Path] = op
	}
	matched := map[*ir.Operation]*ir.Operation{} // new → old
	used := map[*ir.Operation]bool{}
	for _, n := range c.new.Operations {
		if o, ok := oldByID[n.ID]; ok && n.ID != "" && !used[o] {
			matched[n], used[o] = o, true
		}
	}
	for _, n := range c.new.Operations {
		if _, ok := matched[n]; ok {
			continue
		}
		if o, ok := oldByRoute[n.Method+" "+n.Path]; ok && !used[o] {
			matched[n], used[o] = o, true
		}
	}
	for _, n := range c.new.Operations {
		if o, ok := matched[n]; ok {
			c.operation(o, n)
			continue
		}
		where := "method " + n.Name
		what := fmt.Sprintf("new operation %s: the Client gains %s, which callers may ignore; the Handler interface gains it too, so implementers must add it unless they embed UnimplementedHandler", opLabel(n), c.sigGo(false, n).show(n.Name))
		if len(n.Capability) > 0 {
			what += "; it requires " + strings.Join(n.Capability, ", ")
		}
		c.add(ServerBreaking, true, where, "%s", what)
	}
	for _, o := range c.old.Operations {
		if !used[o] {
			c.add(ClientBreaking, false, "method "+o.Name, "operation %s removed: code calling Client.%s no longer compiles (implementers may keep their method; it is no longer served)", opLabel(o), o.Name)
		}
	}
}

func (c *comparer) operation(o, n *ir.Operation) {
	where := "method " + n.Name
	if o.Name != n.Name {
		why := ""
		if o.ID != n.ID {
			why = fmt.Sprintf(" (operationId %q → %q)", o.ID, n.ID)
		}
		c.compile(where, "renamed from %s to %s%s: calls to Client.%s and Handler implementations of it no longer compile", o.Name, n.Name, why, o.Name)
	}
	if o.Method != n.Method || template(o.Path) != template(n.Path) {
		c.add(ClientBreaking, false, where, "now %s %s (was %s %s): the Go API does not show it, but clients generated from the old spec call the old route, which the new server does not serve", n.Method, n.Path, o.Method, o.Path)
	} else if o.Path != n.Path {
		c.add(Compatible, false, where, "path now written %s (was %s): its variables renamed, the same URLs", n.Path, o.Path)
	}
	// How path values are written: label and matrix prefix even a single
	// value; explode changes only lists of them.
	for _, np := range n.PathParams {
		for _, op := range o.PathParams {
			if op.SpecName != np.SpecName {
				continue
			}
			if os, ns := pathStyle(op), pathStyle(np); os != ns {
				c.add(ClientBreaking, false, where+", path parameter "+np.SpecName, "now written %s (was %s): %s", ns, os, wireBreak)
			}
		}
	}
	// OAuth2 scopes a call's token must now hold.
	if added, removed := setDiff(o.Scopes, n.Scopes); len(added) > 0 {
		c.add(ClientBreaking, false, where, "now requires scope %s: tokens without it are refused", strings.Join(added, ", "))
	} else if len(removed) > 0 {
		c.add(Compatible, false, where, "no longer requires scope %s", strings.Join(removed, ", "))
	}

	// The signature, shared by Client and Handler. Whether it changed is
	// read from the rendered code; the parts explain how.
	osig, nsig := c.sigGo(true, o), c.sigGo(false, n)
	var parts []string
	if pathArgTypes(o) != pathArgTypes(n) {
		parts = append(parts, fmt.Sprintf("path parameters (%s) → (%s)", pathArgs(o), pathArgs(n)))
	} else if specNames(o.PathParams) != specNames(n.PathParams) && sameSet(o.PathParams, n.PathParams) {
		parts = append(parts, fmt.Sprintf("path parameters reordered: (%s) → (%s); calls still compile but pass the wrong values", pathArgs(o), pathArgs(n)))
	}
	if ob, nb := bodyArg(o), bodyArg(n); ob != nb {
		switch {
		case ob == "":
			parts = append(parts, "now takes a request body "+nb)
		case nb == "":
			parts = append(parts, "no longer takes a request body (was "+ob+")")
		default:
			parts = append(parts, "request body "+ob+" → "+nb)
		}
	}
	if op, np := paramsArg(o), paramsArg(n); op != np {
		switch {
		case op == "":
			parts = append(parts, "now takes parameters "+np)
		case np == "":
			parts = append(parts, "no longer takes parameters (was "+op+")")
		default:
			parts = append(parts, "parameters "+op+" → "+np)
		}
	}
	if or, nr := results(o), results(n); or != nr {
		parts = append(parts, "result "+or+" → "+nr)
	}
	if osig.types != nsig.types && c.sameGo(osig.types, nsig.types) {
		// Spelled with another name for the same types.
		c.add(Compatible, false, where, "signature now written %s, where it was %s: the same Go types, so calls and Handler implementations compile as before", nsig.show(n.Name), osig.show(o.Name))
	} else if osig.types != nsig.types {
		if len(parts) == 0 {
			parts = append(parts, "parameter or result types")
		}
		c.compile(where, "signature changed: %s; was %s, now %s (the Handler interface changes with it)", strings.Join(parts, "; "), osig.show(o.Name), nsig.show(n.Name))
	} else if len(parts) > 0 && strings.Contains(parts[0], "reordered") {
		c.compile(where, "%s", parts[0])
	}

	// Path parameter rules, by name.
	for _, np := range n.PathParams {
		for _, op := range o.PathParams {
			if op.SpecName == np.SpecName && goType(op.Schema) == goType(np.Schema) {
				c.rules(where+", path parameter "+np.SpecName, dReq, schemaRules("", op.Schema, np.Schema))
			}
		}
	}

	// Body.
	if o.Body != nil && n.Body != nil {
		switch {
		case !o.Body.Required && n.Body.Required:
			c.add(ClientBreaking, false, where, "request body now required: the client refuses a nil body")
		case o.Body.Required && !n.Body.Required:
			c.add(ServerBreaking, true, where, "request body now optional: handlers may receive a nil body")
		}
		if bodyArg(o) == bodyArg(n) && !n.Body.Raw {
			c.rules(where+", request body", dReq, schemaRules("", o.Body.Schema, n.Body.Schema))
		}
		if o.Body.ContentType != n.Body.ContentType {
			c.add(ClientBreaking, false, where, "request content type now %s (was %s): clients generated from the old spec send the old one, which the new server refuses", n.Body.ContentType, o.Body.ContentType)
		}
	}
	if results(o) == results(n) && osig.types == nsig.types && n.Result == nil && n.Success.Schema != nil && !n.Success.Raw {
		c.rules(where+", result", dResp, schemaRules("", o.Success.Schema, n.Success.Schema))
	}
	if o.Success.Schema != nil && n.Success.Schema != nil && !o.Success.Schema.Nullable && n.Success.Schema.Nullable {
		c.add(ClientBreaking, false, where, "the success body may now be null: old clients read a null body as a *ResponseError, the new ones as a nil result")
	}
	if o.Success.Status != n.Success.Status && o.Result == nil && n.Result == nil {
		// With a response type, the responses are compared by status.
		c.add(ClientBreaking, false, where, "succeeds with %d (was %d): clients that expect the old status (code reading it, clients of other generators) see another; the Go code compiles as before", n.Success.Status, o.Success.Status)
	}
	if o.Success.ContentType != n.Success.ContentType && o.Success.ContentType != "" && n.Success.ContentType != "" {
		c.add(Compatible, false, where, "response content type now %s (was %s)", n.Success.ContentType, o.Success.ContentType)
	}

	c.params(o, n)
	c.result(o, n)

	// Capabilities.
	added, removed := setDiff(o.Capability, n.Capability)
	switch {
	case len(added) > 0 && len(removed) > 0:
		c.add(ClientBreaking, false, where, "capability changed from %s to %s: credentials that lack %s are refused, even if they could call it before",
			strings.Join(sortedCopy(o.Capability), ", "), strings.Join(sortedCopy(n.Capability), ", "), strings.Join(added, ", "))
	case len(added) > 0:
		c.add(ClientBreaking, false, where, "now requires capability %s: credentials that lack it are refused", strings.Join(added, ", "))
	case len(removed) > 0:
		c.add(Compatible, false, where, "no longer requires capability %s", strings.Join(removed, ", "))
	}
	// An operation that accepts anonymous calls ({} among its
	// requirements) requires no authentication, whatever else it accepts.
	oReq, nReq := o.Secured && !o.Anonymous, n.Secured && !n.Anonymous
	switch {
	case !oReq && nReq:
		c.add(ClientBreaking, false, where, "now requires authentication: unauthenticated calls are refused")
	case oReq && !nReq:
		c.add(Compatible, false, where, "no longer requires authentication")
	case oReq && nReq:
		c.schemes(where, o, n)
	}
	if o.Idempotent != n.Idempotent {
		c.add(Compatible, false, where, "x-idempotent changed from %v to %v", o.Idempotent, n.Idempotent)
	}
	switch {
	case !o.Deprecated && n.Deprecated:
		c.add(Compatible, false, where, "deprecated")
	case o.Deprecated && !n.Deprecated:
		c.add(Compatible, false, where, "no longer deprecated")
	}
	if docChanged(o.Summary, n.Summary) || docChanged(o.Doc, n.Doc) {
		c.add(Compatible, false, where, docWhat)
	}
}

// schemeText spells the credentials a security scheme takes, as the
// client sends them: every bearer scheme sends the same header.
func schemeText(p *ir.Package, name string) string {
	for _, s := range p.Security {
		if s.Name != name {
			continue
		}
		switch s.Kind {
		case "apiKey":
			return fmt.Sprintf("apiKey %s %s", s.In, s.Key)
		case "bearer", "basic":
			return s.Kind
		}
		return s.Kind + " " + name
	}
	return name
}

// schemes compares the security an operation accepts, as alternatives,
// each the schemes a call must present together: a client configured with
// the credentials of an alternative the operation no longer accepts (nor
// any part of it) is refused.
func (c *comparer) schemes(where string, o, n *ir.Operation) {
	alternatives := func(p *ir.Package, op *ir.Operation) []string {
		reqs := op.Requirements
		if reqs == nil {
			for _, name := range op.Schemes {
				reqs = append(reqs, []string{name})
			}
		}
		var out []string
		for _, req := range reqs {
			var alt []string
			for _, name := range req {
				if t := schemeText(p, name); !slices.Contains(alt, t) {
					alt = append(alt, t)
				}
			}
			sort.Strings(alt)
			if t := strings.Join(alt, " and "); !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
		return out
	}
	// within tells whether the credentials of alternative a suffice for b.
	within := func(b, a string) bool {
		parts := strings.Split(a, " and ")
		return !slices.ContainsFunc(strings.Split(b, " and "), func(x string) bool { return !slices.Contains(parts, x) })
	}
	ot, nt := alternatives(c.old, o), alternatives(c.new, n)
	var removed, added []string
	for _, a := range ot {
		if !slices.ContainsFunc(nt, func(b string) bool { return within(b, a) }) {
			removed = append(removed, a)
		}
	}
	for _, b := range nt {
		if !slices.Contains(ot, b) {
			added = append(added, b)
		}
	}
	switch {
	case len(removed) > 0:
		c.add(ClientBreaking, false, where, "security now accepts %s (was %s): clients configured for %s are refused", strings.Join(sortedCopy(nt), " or "), strings.Join(sortedCopy(ot), " or "), strings.Join(removed, " or "))
	case len(added) > 0:
		c.add(Compatible, false, where, "security now also accepts %s", strings.Join(added, " or "))
	}
}

func specNames(ps []*ir.Param) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.SpecName
	}
	return strings.Join(names, ",")
}

func sameSet(a, b []*ir.Param) bool {
	x, y := strings.Split(specNames(a), ","), strings.Split(specNames(b), ",")
	sort.Strings(x)
	sort.Strings(y)
	return slices.Equal(x, y)
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}

// setDiff returns what b has that a lacks, and what a has that b lacks.
func setDiff(a, b []string) (added, removed []string) {
	for _, x := range sortedCopy(b) {
		if !slices.Contains(a, x) {
			added = append(added, x)
		}
	}
	for _, x := range sortedCopy(a) {
		if !slices.Contains(b, x) {
			removed = append(removed, x)
		}
	}
	return added, removed
}

// paramField finds the field of the parameters struct that holds p.
func paramField(op *ir.Operation, p *ir.Param) *ir.Field {
	if op.Params == nil {
		return nil
	}
	for _, f := range op.Params.Fields {
		if f.Name == p.Name && f.JSONName == p.SpecName {
			return f
		}
	}
	for _, f := range op.Params.Fields {
		if f.Name == p.Name {
			return f
		}
	}
	return nil
}

// params compares the query and header parameters of two operations.
// result compares the response types of an operation that returns one
// on both sides: the bodies by status and the headers by name.
func (c *comparer) result(o, n *ir.Operation) {
	if o.Result == nil || n.Result == nil {
		return
	}
	// The Go types are read from the rendered result structs: the IR
	// alone does not spell formats (time.Time, []byte) or x-go-type.
	bodyGo := func(old bool, res *ir.Result, r *ir.Response) string {
		if api := c.api(old); api != nil && r.Field != "" {
			if d := api.types[res.Name]; d != nil {
				if t, ok := d.fields[r.Field]; ok {
					return t
				}
			}
		}
		if r.Raw {
			return "*RawResponse"
		}
		return "*" + goType(r.Schema)
	}
	olds := map[string]*ir.Response{}
	for _, r := range o.Responses {
		olds[r.Label] = r
	}
	seen := map[string]bool{}
	for _, nr := range n.Responses {
		where := fmt.Sprintf("type %s, response %s", n.Result.Name, nr.Label)
		or, ok := olds[nr.Label]
		if !ok {
			c.add(Compatible, false, where, "response %s added: the client reads it, and handlers may give it", nr.Label)
			continue
		}
		seen[nr.Label] = true
		ob, nb := bodyGo(true, o.Result, or), bodyGo(false, n.Result, nr)
		switch {
		case or.HasBody() && !nr.HasBody():
			c.compile(where, "the body of response %s removed (was field %s %s): code that sets or reads it no longer compiles", nr.Label, or.Field, ob)
		case !or.HasBody() && nr.HasBody():
			c.add(Compatible, false, where, "response %s now has a body (field %s %s)", nr.Label, nr.Field, nb)
		case or.HasBody() && (or.Field != nr.Field || ob != nb):
			if or.Field == nr.Field && c.sameGo(ob, nb) {
				c.add(Compatible, false, where, "body field %s now written %s, where it was %s: the same Go type, so code compiles as before", nr.Field, nb, ob)
				c.rules(where, dResp, schemaRules("", or.Schema, nr.Schema))
			} else {
				c.compile(where, "body field %s %s → %s %s", or.Field, ob, nr.Field, nb)
			}
		case or.Schema != nil && nr.Schema != nil && !or.Raw && !nr.Raw:
			c.importChanged(where, "body field "+nr.Field+" "+nb+" now ", o.Result.Name, n.Result.Name, or.Field, nr.Field)
			c.rules(where, dResp, schemaRules("", or.Schema, nr.Schema))
		}
		if or.HasBody() && nr.HasBody() && or.ContentType != nr.ContentType {
			c.add(Compatible, false, where, "response %s content type now %s (was %s)", nr.Label, nr.ContentType, or.ContentType)
		}
	}
	for _, or := range o.Responses {
		if !seen[or.Label] {
			c.compile(fmt.Sprintf("type %s, response %s", n.Result.Name, or.Label), "response %s removed: the client reports it as an undeclared status, and code that sets or reads its field no longer compiles", or.Label)
		}
	}
	headerGo := func(old bool, res *ir.Result, h *ir.Param) string {
		if api := c.api(old); api != nil {
			if d := api.types[res.Name]; d != nil {
				if t, ok := d.fields[h.Name]; ok {
					return t
				}
			}
		}
		return fieldType(&ir.Field{Name: h.Name, JSONName: h.SpecName, Schema: h.Schema, Required: h.Required}, true)
	}
	oh := map[string]*ir.Param{}
	for _, h := range o.Result.Headers {
		oh[strings.ToLower(h.SpecName)] = h
	}
	hseen := map[string]bool{}
	for _, nh := range n.Result.Headers {
		where := fmt.Sprintf("type %s, field %s", n.Result.Name, nh.Name)
		k := strings.ToLower(nh.SpecName)
		oldH, ok := oh[k]
		if !ok {
			if nh.Required {
				c.add(ServerBreaking, true, where, "header %s added (%s, required): handlers must set it", nh.SpecName, headerGo(false, n.Result, nh))
			} else {
				c.add(Compatible, false, where, "header %s added (%s)", nh.SpecName, headerGo(false, n.Result, nh))
			}
			continue
		}
		hseen[k] = true
		ot, nt := headerGo(true, o.Result, oldH), headerGo(false, n.Result, nh)
		switch {
		case oldH.Name != nh.Name || (ot != nt && !c.sameGo(ot, nt)):
			c.compile(where, "header %s: field %s %s → %s %s", nh.SpecName, oldH.Name, ot, nh.Name, nt)
		case ot != nt:
			c.add(Compatible, false, where, "header %s now written %s, where it was %s: the same Go type, so code compiles as before", nh.SpecName, nt, ot)
			fallthrough
		default:
			if ot == nt {
				c.importChanged(where, "header "+nh.SpecName+": field "+nh.Name+" "+nt+" now ", o.Result.Name, n.Result.Name, oldH.Name, nh.Name)
			}
			c.rules(where, dResp, schemaRules("header "+nh.SpecName+": ", oldH.Schema, nh.Schema))
		}
	}
	for _, h := range o.Result.Headers {
		if !hseen[strings.ToLower(h.SpecName)] {
			c.compile(fmt.Sprintf("type %s, field %s", n.Result.Name, h.Name), "header %s removed (was %s): code that sets or reads it no longer compiles", h.SpecName, headerGo(true, o.Result, h))
		}
	}
}

func (c *comparer) params(o, n *ir.Operation) {
	// HTTP header (and cookie) names are compared without case; a query
	// parameter's name is what it is.
	key := func(p *ir.Param) string {
		if p.In == "query" {
			return p.In + " " + p.SpecName
		}
		return p.In + " " + strings.ToLower(p.SpecName)
	}
	oldList := append(slices.Clone(o.QueryParams), o.HeaderParams...)
	newList := append(slices.Clone(n.QueryParams), n.HeaderParams...)
	olds := map[string]*ir.Param{}
	for _, p := range oldList {
		olds[key(p)] = p
	}
	pairs := map[*ir.Param]*ir.Param{} // new → old
	used := map[*ir.Param]bool{}
	for _, np := range newList {
		if op := olds[key(np)]; op != nil && !used[op] {
			pairs[np], used[op] = op, true
		}
	}
	// A parameter that moved (query to header) keeps its Go field.
	for _, np := range newList {
		if pairs[np] != nil {
			continue
		}
		for _, op := range oldList {
			if !used[op] && op.In != np.In && op.Name == np.Name && strings.EqualFold(op.SpecName, np.SpecName) {
				pairs[np], used[op] = op, true
				break
			}
		}
	}
	for _, np := range newList {
		where := fmt.Sprintf("method %s, %s parameter %s", n.Name, np.In, np.SpecName)
		nf := paramField(n, np)
		op := pairs[np]
		if op == nil {
			t := ""
			if nf != nil {
				t = fmt.Sprintf(" (%s.%s %s)", n.Params.Name, nf.Name, c.fieldGo(false, n.Params.Name, nf, true))
			}
			if np.Required {
				c.add(ClientBreaking, false, where, "new required %s parameter%s: the client refuses calls without it", np.In, t)
			} else {
				c.add(Compatible, false, where, "new optional %s parameter%s", np.In, t)
			}
			continue
		}
		c.param(where, o, n, op, np)
	}
	for _, op := range oldList {
		if used[op] {
			continue
		}
		name := op.Name
		if o.Params != nil {
			name = o.Params.Name + "." + op.Name
		}
		c.compile(fmt.Sprintf("method %s, %s parameter %s", n.Name, op.In, op.SpecName), "%s parameter removed: code that sets or reads %s no longer compiles", op.In, name)
	}
}

// wireBreak is how a change that alters only what goes on the wire is
// described: the Go code compiles as before, but peers generated from the
// two specs no longer understand each other.
const wireBreak = "old clients and the new server (and new clients and an old server) no longer understand each other; the Go code compiles as before"

// paramStyle spells how a query or header parameter is written.
func paramStyle(p *ir.Param) string {
	style := p.Style
	if style == "" {
		switch {
		case p.Delimiter == " ":
			style = "spaceDelimited"
		case p.Delimiter == "|":
			style = "pipeDelimited"
		case p.In == "query":
			style = "form"
		default:
			style = "simple"
		}
	}
	if p.Explode {
		return style + ", exploded"
	}
	return style + ", not exploded"
}

// composite reports whether a parameter's values are arrays or objects,
// the only ones whose style or explode changes the wire.
func composite(s *ir.Schema) bool {
	if s == nil {
		return false
	}
	b := s.Base()
	switch b.Kind {
	case ir.KArray, ir.KMap, ir.KObject:
		return true
	case ir.KNamed:
		return b.Named.Kind == ir.Struct || b.Named.Kind == ir.Tuple
	}
	return false
}

// object reports whether a parameter's values are objects, which the
// simple style writes differently exploded (k=v,k2=v2) or not (k,v,k2,v2).
func object(s *ir.Schema) bool {
	return composite(s) && s.Base().Kind != ir.KArray
}

// template is a path with its variables' names left out: /pets/{} for
// /pets/{petId}, which serves the same URLs.
func template(path string) string {
	return pathVariable.ReplaceAllString(path, "{}")
}

var pathVariable = regexp.MustCompile(`\{[^}]*\}`)

// pathStyle spells how a path parameter is written.
func pathStyle(p *ir.Param) string {
	style := p.Style
	if style == "" {
		style = "simple"
	}
	if p.Explode && composite(p.Schema) {
		return style + ", exploded"
	}
	return style
}

// param compares two versions of one query or header parameter.
func (c *comparer) param(where string, o, n *ir.Operation, op, np *ir.Param) {
	of, nf := paramField(o, op), paramField(n, np)
	if op.In != np.In {
		c.add(ClientBreaking, false, where, "moved from %s to %s (the Go field %s is unchanged): old clients send it where the new server does not look, and new clients where an old server does not", op.In, np.In, np.Name)
	}
	if op.Name != np.Name {
		c.compile(where, "field renamed from %s to %s", op.Name, np.Name)
	}
	sameType := true
	if of != nil && nf != nil {
		if ot, nt := c.fieldGo(true, o.Params.Name, of, true), c.fieldGo(false, n.Params.Name, nf, true); ot != nt {
			sameType = c.typeChanged(where, "", ot, nt)
		} else {
			c.importChanged(where, nt+" now ", o.Params.Name, n.Params.Name, of.Name, nf.Name)
		}
	}
	switch {
	case !op.Required && np.Required:
		c.add(ClientBreaking, false, where, "now required: the client refuses calls without it")
	case op.Required && !np.Required:
		c.add(ServerBreaking, true, where, "no longer required: handlers may receive calls without it")
	}
	if sameType {
		c.rules(where, dReq, schemaRules("", op.Schema, np.Schema))
	}
	if os, ns := paramStyle(op), paramStyle(np); os != ns && op.In == np.In {
		if simpleList := strings.HasPrefix(os, "simple,") && strings.HasPrefix(ns, "simple,") && !object(op.Schema) && !object(np.Schema); simpleList {
			c.add(Compatible, false, where, "now written %s (was %s), which changes nothing for a list in the simple style (a,b,c either way)", ns, os)
		} else if composite(op.Schema) || composite(np.Schema) {
			c.add(ClientBreaking, false, where, "now written %s (was %s): %s", ns, os, wireBreak)
		} else {
			c.add(Compatible, false, where, "now written %s (was %s), which changes nothing for a single value", ns, os)
		}
	}
	if of != nil && nf != nil {
		c.defaultChanged(where, "", n.Params.Name, of, nf, "calls without it")
	}
	if docChanged(op.Doc, np.Doc) {
		c.add(Compatible, false, where, docWhat)
	}
}

// defaultChanged reports a change of a field's default. The default is
// not only documentation: the generated XOrDefault method returns it, and
// servers that apply it answer values without the field differently. The
// Go code compiles and no value is refused, so it is compatible, as a
// change of behaviour.
func (c *comparer) defaultChanged(where, prefix, owner string, of, nf *ir.Field, without string) {
	if reflect.DeepEqual(of.Default, nf.Default) {
		return
	}
	what := fmt.Sprintf("%sdefault changed from %s to %s", prefix, showValue(of.Default), showValue(nf.Default))
	accessor := nf.Name + "OrDefault"
	if api := c.api(false); api != nil {
		if d := api.types[owner]; d != nil {
			if _, ok := d.methods[accessor]; !ok {
				accessor = ""
			}
		}
	}
	if accessor != "" {
		what += fmt.Sprintf(": %s() returns the new default when it is not set, and servers that apply it treat %s differently (a change of behaviour; code compiles as before)", accessor, without)
	} else {
		what += fmt.Sprintf(": servers that apply it treat %s differently (a change of behaviour; code compiles as before)", without)
	}
	c.add(Compatible, false, where, "%s", what)
}

// ---- types ----

type typePair struct {
	name string
	o, n *ir.Type
}

func (c *comparer) types() {
	oldByKey := map[string]*ir.Type{}
	oldByName := map[string]*ir.Type{}
	for _, t := range c.old.Types {
		if isParams(t) {
			continue
		}
		oldByKey[t.Key] = t
		oldByName[t.Name] = t
	}
	// A type is the old one of its name, as Go code sees it: the names
	// file keeps the names of schemas that moved (a variant with another
	// inserted before it is at another key). Failing that, the old type at
	// its key, under another name.
	used := map[*ir.Type]bool{}
	matched := map[*ir.Type]*ir.Type{}
	for _, byName := range []bool{true, false} {
		for _, n := range c.new.Types {
			if _, ok := matched[n]; ok || isParams(n) {
				continue
			}
			o, ok := oldByKey[n.Key]
			if byName {
				o, ok = oldByName[n.Name]
			}
			if ok && !used[o] {
				matched[n], used[o] = o, true
			}
		}
	}
	var pairs []typePair
	for _, n := range c.new.Types {
		if !isParams(n) {
			pairs = append(pairs, typePair{n.Name, matched[n], n})
		}
	}
	for _, o := range c.old.Types {
		if !isParams(o) && !used[o] {
			pairs = append(pairs, typePair{o.Name, o, nil})
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].name < pairs[j].name })
	for _, p := range pairs {
		switch {
		case p.o == nil:
			c.add(Compatible, false, "type "+p.n.Name, "new %s type", kindName(p.n.Kind))
		case p.n == nil:
			c.compile("type "+p.o.Name, "%s type removed: code that uses it no longer compiles", kindName(p.o.Kind))
		default:
			c.typ(p.o, p.n)
		}
	}
}

// dirOf is the directions a type travels in, in either version. A type no
// operation uses travels nowhere (dUnused) when the package has operations:
// it is an allOf part merged into the types that use it, or a schema left
// over, and what it asks of values is asked by no request and no response.
// In a package of types only, it is taken to travel both ways: the code
// that uses it may send or receive it.
func (c *comparer) dirOf(o, n *ir.Type) dir {
	d := c.uo[o] | c.un[n]
	if d == 0 {
		if len(c.old.Operations) > 0 || len(c.new.Operations) > 0 {
			return dUnused
		}
		return dBoth
	}
	return d
}

func (c *comparer) typ(o, n *ir.Type) {
	where := "type " + n.Name
	if o.Name != n.Name {
		c.compile(where, "renamed from %s (same schema %s): code that uses %s no longer compiles", o.Name, n.Key, o.Name)
	}
	if o.SameAs != nil || n.SameAs != nil {
		c.sameAs(where, o, n)
		return
	}
	c.shape(where, o, n, true)
}

// sameAs compares a type that is, in one version or both, another name for
// a copy of its schema (ir.Type.SameAs): what it names is compared with
// what it was, and a change of what it is the same as is reported.
func (c *comparer) sameAs(where string, o, n *ir.Type) {
	switch {
	case o.SameAs != nil && n.SameAs != nil:
		if o.SameAs.Name != n.SameAs.Name && !c.sameInNew(o.SameAs.Name, n.SameAs) {
			c.compile(where, "was another name for %s, now for %s (copies of one schema): code that mixes it with %s no longer compiles", o.SameAs.Name, n.SameAs.Name, o.SameAs.Name)
		}
		if n.MovedTo != "" && o.MovedTo == "" {
			c.add(Compatible, false, where, "now another name for %s, deprecated: the spec moved its schema to %s, and the names file keeps the old name so that code using it compiles", n.SameAs.Name, n.MovedTo)
		}
		// What it names is compared as that type; what the alias has of
		// its own (constants, description) here.
		if len(o.EnumValues) > 0 || len(n.EnumValues) > 0 {
			c.enum(named(o), named(n), c.dirOf(o, n))
		}
		c.docs(where, o, n)
	case n.MovedTo != "":
		c.add(Compatible, false, where, "now another name for %s, deprecated: the spec moved its schema to %s, and the names file keeps the old name so that code using it compiles (only a type switch that lists both does not)", n.SameAs.Name, n.MovedTo)
		c.shape(where, o, named(n), false)
	case n.SameAs != nil:
		c.add(Compatible, false, where, "now another name for %s, the same schema written out again: values of the two mix freely (only a type switch that lists both no longer compiles)", n.SameAs.Name)
		c.shape(where, o, named(n), false)
	default:
		c.compile(where, "was another name for %s (the same schema, written out again), now a type of its own: code that mixes the two no longer compiles", o.SameAs.Name)
		c.shape(where, named(o), n, false)
	}
}

// sameInNew reports whether the type named name in the new version is
// target, or another name for it: then code that mixed a type with it
// still compiles.
func (c *comparer) sameInNew(name string, target *ir.Type) bool {
	for _, t := range c.new.Types {
		if t.Name == name {
			return t == target || t.SameAs == target
		}
	}
	return false
}

// docs reports a change of a type's deprecation or description.
func (c *comparer) docs(where string, o, n *ir.Type) {
	switch {
	case !o.Deprecated && n.Deprecated:
		c.add(Compatible, false, where, "deprecated")
	case o.Deprecated && !n.Deprecated:
		c.add(Compatible, false, where, "no longer deprecated")
	}
	if docChanged(o.Doc, n.Doc) {
		c.add(Compatible, false, where, docWhat)
	}
}

// named is what the alias a names, under a's name and with a's enum
// constants and description, so that its changes are reported there.
func named(a *ir.Type) *ir.Type {
	c := *a.SameAs
	c.Name, c.EnumValues, c.Doc, c.Deprecated = a.Name, a.EnumValues, a.Doc, a.Deprecated
	return &c
}

// shape compares what two versions of a type are, and their methods when
// methods is set: it is not when one of them is what an alias names.
func (c *comparer) shape(where string, o, n *ir.Type, methods bool) {
	if o.Kind != n.Kind {
		c.compile(where, "kind changed from %s to %s", kindName(o.Kind), kindName(n.Kind))
		return
	}
	d := c.dirOf(o, n)
	od, nd := c.defGo(true, o), c.defGo(false, n)
	if !methods {
		// o or n stands in for an alias: the Go API has the alias there.
		od, nd = definition(o), definition(n)
	}
	if od != nd {
		c.compile(where, "underlying type changed from %s to %s", od, nd)
	} else {
		if methods {
			c.importChanged(where, "type "+strings.TrimPrefix(nd, "= ")+" now ", o.Name, n.Name, "", "")
		}
		if o.Underlying != nil && n.Underlying != nil && o.Open == n.Open { // a closed enum's rules are its values
			c.rules(where, d, schemaRules("", o.Underlying, n.Underlying))
		}
	}
	if c.an == nil && o.EpochMillis != n.EpochMillis && n.Kind == ir.Scalar {
		if n.EpochMillis {
			c.add(Compatible, false, where, "gains the Time method and the New%s constructor", n.Name)
		} else {
			c.compile(where, "loses the Time method and the New%s constructor", o.Name)
		}
	}
	if methods {
		c.methods(o.Name, n.Name)
	}
	switch n.Kind {
	case ir.Struct:
		c.fields(o, n, d)
		c.extraProps(o, n, d)
		c.alternatives(where, o, n, d)
		c.presence(where, o, n, d)
		c.rules(where, d, diffRules("", o.ObjectRules, n.ObjectRules))
	case ir.Tuple:
		c.tuple(o, n, d)
	case ir.Enum:
		c.enum(o, n, d)
	case ir.Union:
		c.variants(o, n, d)
		c.unionRules(o, n, d)
	}
	c.docs(where, o, n)
}

func (c *comparer) describeField(old bool, owner string, f *ir.Field) string {
	var attrs []string
	attrs = append(attrs, c.fieldGo(old, owner, f, false))
	if f.Required {
		attrs = append(attrs, "required")
	} else {
		attrs = append(attrs, "optional")
	}
	if f.ReadOnly {
		attrs = append(attrs, "read-only")
	}
	if f.WriteOnly {
		attrs = append(attrs, "write-only")
	}
	return strings.Join(attrs, ", ")
}

func (c *comparer) fields(o, n *ir.Type, d dir) {
	olds := map[string]*ir.Field{}
	for _, f := range o.Fields {
		olds[f.JSONName] = f
	}
	seen := map[string]bool{}
	for _, nf := range n.Fields {
		where := fmt.Sprintf("type %s, field %s", n.Name, nf.Name)
		of, ok := olds[nf.JSONName]
		if !ok {
			c.fieldAdded(where, n.Name, nf, d)
			continue
		}
		seen[nf.JSONName] = true
		c.field(where, o.Name, n.Name, of, nf, d)
	}
	for _, of := range o.Fields {
		if !seen[of.JSONName] {
			c.compile(fmt.Sprintf("type %s, field %s", n.Name, of.Name), "field %s removed (was %s): code that sets or reads it no longer compiles", of.JSONName, c.describeField(true, o.Name, of))
		}
	}
}

func (c *comparer) fieldAdded(where, owner string, f *ir.Field, d dir) {
	fd := fieldDir(f, d)
	desc := fmt.Sprintf("field %s added (%s)", f.JSONName, c.describeField(false, owner, f))
	if !f.Required {
		c.add(Compatible, false, where, "%s", desc)
		return
	}
	switch {
	case fd&dReq != 0:
		what := desc + ": the client refuses requests without it"
		if fd&dResp != 0 {
			what += ", and servers must fill it in every response"
		}
		c.add(ClientBreaking, fd&dResp != 0, where, "%s", what)
	case fd&dResp != 0:
		c.add(ServerBreaking, true, where, "%s: servers must fill it in every response", desc)
	case fd&dUnused != 0:
		c.add(Compatible, false, where, "%s; no operation sends or receives the type", desc)
	default:
		c.add(Compatible, false, where, "%s", desc)
	}
}

func (c *comparer) field(where, oldOwner, newOwner string, of, nf *ir.Field, d dir) {
	if of.Name != nf.Name {
		c.compile(where, "field %s renamed from %s to %s", nf.JSONName, of.Name, nf.Name)
	}
	ot, nt := c.fieldGo(true, oldOwner, of, false), c.fieldGo(false, newOwner, nf, false)
	if ot != nt {
		c.typeChanged(where, "field "+nf.JSONName+": ", ot, nt)
	} else {
		c.importChanged(where, "field "+nf.JSONName+": "+nt+" now ", oldOwner, newOwner, of.Name, nf.Name)
	}

	// Presence, direction by direction.
	in := func(f *ir.Field, b dir) bool { return fieldDir(f, d)&b != 0 }
	if d&dReq != 0 {
		inO, inN := in(of, dReq), in(nf, dReq)
		rO, rN := inO && of.Required, inN && nf.Required
		switch {
		case inO && !inN:
			c.add(ClientBreaking, true, where, "field %s now read-only: requests no longer carry it, so what clients set is dropped and handlers no longer see it", nf.JSONName)
		case !inO && inN && rN:
			c.add(ClientBreaking, false, where, "field %s no longer read-only and required: the client refuses requests without it", nf.JSONName)
		case !inO && inN:
			c.add(Compatible, false, where, "field %s no longer read-only: requests may carry it", nf.JSONName)
		case !rO && rN:
			c.add(ClientBreaking, false, where, "field %s now required in requests: the client refuses requests without it", nf.JSONName)
		case rO && !rN:
			c.add(ServerBreaking, true, where, "field %s no longer required in requests: handlers may receive requests without it", nf.JSONName)
		}
	}
	if d&dResp != 0 {
		inO, inN := in(of, dResp), in(nf, dResp)
		rO, rN := inO && of.Required, inN && nf.Required
		switch {
		case inO && !inN:
			c.add(ClientBreaking, false, where, "field %s now write-only: responses no longer carry it", nf.JSONName)
		case !inO && inN && rN:
			c.add(ServerBreaking, true, where, "field %s no longer write-only and required: servers must fill it in every response", nf.JSONName)
		case !inO && inN:
			c.add(Compatible, false, where, "field %s no longer write-only: responses may carry it", nf.JSONName)
		case !rO && rN:
			c.add(ServerBreaking, true, where, "field %s now required in responses: servers must fill it in every response", nf.JSONName)
		case rO && !rN:
			c.add(ClientBreaking, false, where, "field %s no longer required in responses: code that relies on it being present may break", nf.JSONName)
		}
	}

	if ot == nt {
		// The rules that matter are those of the new spec, in the
		// directions the field now travels.
		c.rules(where, fieldDir(nf, d), schemaRules("", of.Schema, nf.Schema))
	}
	switch {
	case !of.Deprecated && nf.Deprecated:
		c.add(Compatible, false, where, "field %s deprecated", nf.JSONName)
	case of.Deprecated && !nf.Deprecated:
		c.add(Compatible, false, where, "field %s no longer deprecated", nf.JSONName)
	}
	if of.Secret != nf.Secret {
		if nf.Secret {
			c.add(Compatible, false, where, "field %s now secret: never printed", nf.JSONName)
		} else {
			c.add(Compatible, false, where, "field %s no longer secret: printed like any field", nf.JSONName)
		}
	}
	c.defaultChanged(where, "field "+nf.JSONName+": ", newOwner, of, nf, "values without it")
	if docChanged(of.Doc, nf.Doc) {
		c.add(Compatible, false, where, docWhat)
	}
}

func showValue(v any) string {
	if v == nil {
		return "none"
	}
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

func (c *comparer) enum(o, n *ir.Type, d dir) {
	where := "type " + n.Name
	switch {
	case n.Open && !o.Open && d != 0: // even a strict client keeps values newer than its enum
		c.add(Compatible, false, where, "enum is now open (x-extensible-enum): values it does not list are valid")
	case o.Open && !n.Open:
		c.rules(where, d, []ruleChange{{tighter: true, what: "enum is now closed (x-extensible-enum removed): only the values it lists are valid"}})
	}
	key := func(v any) string { return fmt.Sprintf("%T:%v", v, v) }
	olds := map[string]ir.EnumValue{}
	for _, v := range o.EnumValues {
		olds[key(v.Value)] = v
	}
	news := map[string]bool{}
	for _, nv := range n.EnumValues {
		news[key(nv.Value)] = true
	}
	// A constant that keeps its name (x-enum-varnames) for another value:
	// the code compiles, the value on the wire changed.
	oldByName := map[string]ir.EnumValue{}
	for _, ov := range o.EnumValues {
		if !news[key(ov.Value)] {
			oldByName[ov.Name] = ov
		}
	}
	seen := map[string]bool{}
	for _, nv := range n.EnumValues {
		ov, ok := olds[key(nv.Value)]
		if pv, same := oldByName[nv.Name]; !ok && same {
			seen[key(pv.Value)] = true
			what := fmt.Sprintf("constant %s now stands for %s (was %s): code that uses it compiles as before, but the value on the wire changed", nv.Name, showValue(nv.Value), showValue(pv.Value))
			if d&dReq != 0 && !n.Open {
				what += "; requests that carry the old value are refused"
			}
			if d&dResp != 0 {
				what += "; clients built from the old spec do not recognise the new value in responses"
			}
			c.add(ClientBreaking, false, where, "%s", what)
			continue
		}
		if !ok {
			what := fmt.Sprintf("value %s added (%s)", showValue(nv.Value), nv.Name)
			if d&dResp != 0 {
				what += "; the enum is open, so clients decode it without error (older code sees Valid() == false)"
			}
			if d&dReq != 0 {
				what += "; handlers may now receive it"
			}
			c.add(Compatible, false, where, "%s", what)
			continue
		}
		seen[key(nv.Value)] = true
		if ov.Name != nv.Name {
			c.compile(where, "constant for value %s renamed from %s to %s", showValue(nv.Value), ov.Name, nv.Name)
		}
	}
	for _, ov := range o.EnumValues {
		if seen[key(ov.Value)] {
			continue
		}
		what := fmt.Sprintf("value %s removed: code that uses the constant %s no longer compiles", showValue(ov.Value), ov.Name)
		if d&dReq != 0 && !n.Open {
			what += "; the client refuses requests that carry it"
		}
		if d&dResp != 0 {
			what += "; servers may no longer send it"
		}
		c.compile(where, "%s", what)
	}
}

func (c *comparer) variants(o, n *ir.Type, d dir) {
	olds := map[string]*ir.Variant{}
	for _, v := range o.Variants {
		olds[v.Name] = v
	}
	seen := map[string]bool{}
	for _, nv := range n.Variants {
		where := fmt.Sprintf("type %s, variant %s", n.Name, nv.Name)
		ov, ok := olds[nv.Name]
		if !ok {
			what := fmt.Sprintf("variant %s added (%s)", nv.Name, c.variantGo(false, n.Name, nv))
			if d&dResp != 0 {
				what += "; code that reads the union should handle it"
			}
			if d&dReq != 0 {
				what += "; handlers may now receive it"
			}
			c.add(Compatible, false, where, "%s", what)
			continue
		}
		seen[nv.Name] = true
		if ot, nt := c.variantGo(true, o.Name, ov), c.variantGo(false, n.Name, nv); ot == nt || c.typeChanged(where, "variant "+nv.Name+": ", ot, nt) {
			c.rules(where, d, schemaRules("", ov.Schema, nv.Schema))
		}
	}
	for _, ov := range o.Variants {
		if !seen[ov.Name] {
			c.compile(fmt.Sprintf("type %s, variant %s", n.Name, ov.Name), "variant %s removed (was %s): code that sets or reads it no longer compiles", ov.Name, c.variantGo(true, o.Name, ov))
		}
	}
	if len(o.Variants) == len(n.Variants) && len(seen) == len(n.Variants) {
		for i := range n.Variants {
			if o.Variants[i].Name != n.Variants[i].Name {
				c.add(Compatible, false, "type "+n.Name, "variants reordered: a JSON value that several accept now decodes as the first of them in the new order")
				break
			}
		}
	}
}

// ---- what only the rendered code shows ----

// encodingHooks are methods that only encoding/json calls; whether a type
// has them changes nothing for code that uses it.
var encodingHooks = map[string]bool{"MarshalJSON": true, "UnmarshalJSON": true}

// methods compares the exported methods of a type.
func (c *comparer) methods(oldName, newName string) {
	if c.an == nil {
		return
	}
	od, nd := c.ao.types[oldName], c.an.types[newName]
	if od == nil || nd == nil {
		return
	}
	c.methodSets(fmt.Sprintf("type %s, method ", newName), od.methods, nd.methods, true, nil)
}

// methodSets compares two sets of methods or functions; prefix starts
// each Where. A removed or changed one breaks servers too when server is
// set. skip leaves some names out.
func (c *comparer) methodSets(prefix string, o, n map[string]goFunc, server bool, skip map[string]bool) {
	for _, name := range sortedNames(n) {
		if skip[name] || encodingHooks[name] {
			continue
		}
		nf := n[name]
		of, ok := o[name]
		switch {
		case !ok:
			c.add(Compatible, false, prefix+name, "added: %s", nf.show(name))
		case of.types != nf.types && c.sameGo(of.types, nf.types):
			c.add(Compatible, false, prefix+name, "signature now written %s, where it was %s: the same Go types", nf.show(name), of.show(name))
		case of.types != nf.types:
			c.add(ClientBreaking, server, prefix+name, "signature changed from %s to %s", of.show(name), nf.show(name))
		}
	}
	for _, name := range sortedNames(o) {
		if _, ok := n[name]; ok || skip[name] || encodingHooks[name] {
			continue
		}
		c.add(ClientBreaking, server, prefix+name, "removed (was %s): code that calls it no longer compiles", o[name].show(name))
	}
}

func sortedNames(m map[string]goFunc) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// clientExtras compares the Client methods that no operation's Handler
// method matches, such as the iterators of paginated operations.
func (c *comparer) clientExtras() {
	if c.an == nil || c.ao.types["Client"] == nil || c.an.types["Client"] == nil {
		return
	}
	extras := func(api *goAPI) map[string]goFunc {
		m := map[string]goFunc{}
		for name, f := range api.types["Client"].methods {
			if _, ok := api.handler[name]; !ok {
				m[name] = f
			}
		}
		return m
	}
	// Methods of renamed or removed operations are reported with them.
	skip := map[string]bool{}
	for name := range c.ao.handler {
		skip[name] = true
	}
	for name := range c.an.handler {
		skip[name] = true
	}
	c.methodSets("method ", extras(c.ao), extras(c.an), false, skip)
}

// funcs compares the exported package-level functions (constructors).
func (c *comparer) funcs() {
	if c.an == nil {
		return
	}
	c.methodSets("func ", c.ao.funcs, c.an.funcs, true, nil)
	names := make([]string, 0, len(c.ao.values))
	for name := range c.ao.values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !c.an.values[name] {
			c.add(ClientBreaking, false, name, "removed: code that uses it no longer compiles")
		}
	}
}
