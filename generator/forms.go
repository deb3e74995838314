package generator

import (
	"mime"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specgen/specgen/generator/ir"
)

// isForm tells which typed form a media type is: ir.FormURLEncoded,
// ir.Multipart, or "" for neither.
func isForm(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		return ir.FormURLEncoded
	case "multipart/form-data":
		return ir.Multipart
	}
	return ""
}

// formBody types a form-urlencoded or multipart/form-data body whose schema
// is an object: its struct is generated as a JSON body's would be, and each
// property becomes a form value or a part. A schema a form cannot carry
// falls back to a RawBody, with a warning naming it.
func (b *builder) formBody(name, bkey, ct string, mt *openapi3.MediaType, required bool) *ir.Body {
	kind := isForm(ct)
	raw := &ir.Body{ContentType: ct, Required: required, Raw: true}
	skey := bkey + "/content/" + pointerEscape(ct) + "/schema"
	if mt.Schema == nil || mt.Schema.Value == nil || !isObject(mt.Schema.Value) {
		b.warnf(skey, "%s body whose schema is not an object is passed as raw bytes (RawBody)", ct)
		return raw
	}
	sch := b.schema(mt.Schema, name+"Request", skey)
	if sch.Kind != ir.KNamed || sch.Named.Kind != ir.Struct || sch.Named.Additional != nil || sch.Nullable {
		b.warnf(skey, "%s body whose schema is not a plain object with properties is passed as raw bytes (RawBody)", ct)
		return raw
	}
	t := sch.Named
	// The struct is this body's own when it was declared inline here; only
	// then do binary properties become FormFile fields (a component keeps
	// its JSON shape).
	own := strings.HasPrefix(t.Key, bkey+"/")
	props := map[string]*openapi3.Schema{}
	if s := mt.Schema.Value; s != nil {
		for n, p := range s.Properties {
			if p != nil && p.Value != nil {
				props[n] = p.Value
			}
		}
	}
	body := &ir.Body{ContentType: ct, Required: required, Schema: sch, Form: kind}
	for _, f := range t.Fields {
		enc := mt.Encoding[f.JSONName]
		part := ir.FormPart{Field: f, Kind: ir.PartText, Explode: true}
		if enc != nil {
			part.ContentType = enc.ContentType
			if enc.Explode != nil {
				part.Explode = *enc.Explode
			} else if enc.Style != "" && enc.Style != "form" {
				part.Explode = false
			}
			if enc.Style != "" && enc.Style != "form" {
				b.warnf(bkey+"/content/"+pointerEscape(ct)+"/encoding/"+pointerEscape(f.JSONName), "style %q is sent as form style", enc.Style)
			}
		}
		fkey := skey + "/properties/" + pointerEscape(f.JSONName)
		p := props[f.JSONName]
		binary := p != nil && isBinary(p)
		base := f.Schema.Base()
		switch {
		case f.Schema.Nullable && !f.AlwaysRequired() && base.Kind == ir.KArray && formScalar(base.Elem.Base()):
			b.warnf(fkey, "an optional nullable list cannot be carried by %s; the body is passed as raw bytes (RawBody)", ct)
			return raw
		case kind == ir.Multipart && p != nil && p.Items != nil && p.Items.Value != nil && isBinary(p.Items.Value):
			if f.Schema.Nullable || f.Schema.Kind != ir.KArray || f.Schema.Elem.Kind != ir.KString || f.Schema.Elem.Nullable {
				b.warnf(fkey, "a list of files that is nullable, or not a plain list of strings, cannot be typed; the body is passed as raw bytes (RawBody)")
				return raw
			}
			part.Kind = ir.PartFiles
			if part.ContentType == "" {
				part.ContentType = p.Items.Value.ContentMediaType
			}
			if own {
				f.Schema = formFiles(f.Schema.Rules)
			}
		case kind == ir.Multipart && binary:
			part.Kind = ir.PartFile
			if part.ContentType == "" {
				part.ContentType = p.ContentMediaType
			}
			if own {
				f.Schema = formFile()
			}
		case formScalar(base):
		case base.Kind == ir.KArray && formScalar(base.Elem.Base()) && !base.PointerElems():
		case kind == ir.Multipart:
			part.Kind = ir.PartJSON
		default:
			b.warnf(fkey, "property %q cannot be carried by %s as a typed value; the body is passed as raw bytes (RawBody)", f.JSONName, ct)
			return raw
		}
		body.Parts = append(body.Parts, part)
	}
	return body
}

// formFile is the schema of a FormFile field, formFiles of a []FormFile
// field with the list's rules.
func formFile() *ir.Schema { return &ir.Schema{Kind: ir.KExternal, GoType: "FormFile"} }

func formFiles(rules ir.Rules) *ir.Schema {
	return &ir.Schema{Kind: ir.KArray, Elem: formFile(), Rules: rules}
}

// isBinary reports whether a property holds file content: a binary
// string, or (3.1) a string with a contentEncoding or contentMediaType.
func isBinary(s *openapi3.Schema) bool {
	if !(s.Type == nil || s.Type.Includes(openapi3.TypeString)) {
		return false
	}
	return s.Format == "binary" || s.ContentEncoding != "" || s.ContentMediaType != ""
}

// formScalar reports whether a form value can hold the schema as text.
func formScalar(s *ir.Schema) bool {
	switch s.Kind {
	case ir.KString:
		return s.Format != "byte"
	case ir.KInt, ir.KNumber, ir.KBool:
		return true
	}
	return false
}

// componentFiles turns the binary properties of a component that serves
// only as multipart bodies into FormFile fields (and lists of them into
// []FormFile), as an inline schema's are. A component that anything else
// uses (a JSON body or response, another type) keeps its JSON shape, and
// its file parts are strings.
func (b *builder) componentFiles() {
	used := map[*ir.Type]bool{}
	var visit func(s *ir.Schema)
	visit = func(s *ir.Schema) {
		for s != nil {
			if s.Kind == ir.KNamed && s.Named != nil {
				used[s.Named] = true
				return
			}
			s = s.Elem
		}
	}
	for _, t := range b.types {
		for _, f := range t.Fields {
			visit(f.Schema)
		}
		for _, v := range t.Variants {
			visit(v.Schema)
		}
		visit(t.Underlying)
		visit(t.Additional)
	}
	for _, o := range b.pkg.Operations {
		visit(o.Success.Schema)
		if o.Body != nil && o.Body.Form != ir.Multipart {
			visit(o.Body.Schema)
		}
	}
	for _, o := range b.pkg.Operations {
		if o.Body == nil || o.Body.Form != ir.Multipart || used[o.Body.Schema.Named] {
			continue
		}
		for _, p := range o.Body.Parts {
			switch sch := p.Field.Schema; {
			case p.Kind == ir.PartFile && sch.Kind == ir.KString:
				p.Field.Schema = formFile()
			case p.Kind == ir.PartFiles && sch.Kind == ir.KArray && sch.Elem.Kind == ir.KString:
				p.Field.Schema = formFiles(sch.Rules)
			}
		}
	}
}
