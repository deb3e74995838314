// Package generator turns an OpenAPI 3.0/3.1 document into a Go package:
// validated types, a client and a typed server interface on net/http.
//
// The pipeline runs one way: Load reads the document, build turns it into
// the IR (generator/ir) with every Go name resolved, and the emitters
// (generator/emit) render one file per concern. Generate returns the files
// in memory; writing them is the caller's business (cmd/gen).
package generator

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"go/token"

	"github.com/specgen/specgen/generator/emit"
	"github.com/specgen/specgen/generator/ir"
)

// CountOperations counts the operations a document declares.
func CountOperations(doc *openapi3.T) int {
	n := 0
	if doc.Paths != nil {
		for _, item := range doc.Paths.Map() {
			n += len(item.Operations())
		}
	}
	return n
}

// Options says what to generate.
type Options struct {
	Spec    string // path of the OpenAPI document
	Package string // Go package name of the output
	// NoClient and NoServer leave out the client or the server; types and
	// their validation are always generated.
	NoClient, NoServer bool
	// Previous holds the names the package had when it was generated last
	// (the output's specgen.names): every schema and operation that is
	// still there keeps its Go name, whatever the spec now adds.
	Previous map[string]string
	// Formats maps a string format to a Go type, as x-go-type would:
	// {"uuid": {GoType: "uuid.UUID", Import: "github.com/google/uuid"}}.
	Formats map[string]GoType
	// AfterRead, when set, is called once the spec has been read and its
	// refs resolved, before the model is built. Parsing leaves much
	// garbage behind (the YAML node tree, its index); gen, which runs with
	// the garbage collector off, collects once here.
	AfterRead func()
}

// NamesFile is the file, beside the generated code, that records the Go
// name given to each schema, enum value and operation, so that the next
// generation keeps them.
const NamesFile = emit.NamesFile

// ReadNames reads a names file; a missing file is no names.
func ReadNames(path string) (map[string]string, error) {
	return emit.ReadNames(path)
}

// GoType names a Go type and the package it comes from.
type GoType struct {
	GoType string `yaml:"type" json:"type"`
	Import string `yaml:"import" json:"import"`
}

// File is one generated file.
type File = emit.File

// Result is the output of a run.
type Result struct {
	Files      []File
	Warnings   []string // constructs generated with a fallback, each with its JSON pointer
	Operations int      // operations generated (client and server methods)
}

// Generate loads the spec and renders the package. On any error it returns
// no files at all.
func Generate(opts Options) (*Result, error) {
	if opts.Package == "" || !token.IsIdentifier(opts.Package) || token.IsKeyword(opts.Package) {
		if token.IsKeyword(opts.Package) {
			return nil, fmt.Errorf("package name %q is a Go keyword", opts.Package)
		}
		return nil, fmt.Errorf("package name %q is not a Go identifier", opts.Package)
	}
	if opts.Package == "" {
		opts.Package = "api"
	}
	// The read runs on one core: index the support code on the other
	// (only a check of the prebuilt index, unless it was edited since).
	go emit.IndexRuntimes()
	doc, repairs, err := read(opts.Spec)
	if err != nil {
		return nil, err
	}
	if opts.AfterRead != nil {
		opts.AfterRead()
	}
	// Validation only reads the document: it runs beside the build and
	// the rendering, and its verdict comes first.
	type verdict struct {
		warnings []string
		err      error
	}
	checked := make(chan verdict, 1)
	go func() {
		w, err := check(doc, opts.Spec, repairs, opts.NoServer)
		checked <- verdict{w, err}
	}()
	res, err := buildAndRender(doc, opts)
	v := <-checked
	if v.err != nil {
		return nil, v.err
	}
	if err != nil {
		return nil, err
	}
	res.Warnings = append(v.warnings, res.Warnings...)
	if len(repairs) == 0 {
		placeWarnings(doc, opts.Spec, res.Warnings)
	}
	return res, nil
}

// buildAndRender builds the IR of a document and renders it. It runs
// before the document is known to be valid, so a panic on an invalid one
// comes back as an error, which the validation's verdict then replaces.
func buildAndRender(doc *openapi3.T, opts Options) (res *Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error generating %s: %v", opts.Spec, p)
		}
	}()
	pkg, err := build(doc, opts)
	if err != nil {
		return nil, &SpecError{File: opts.Spec, Reason: err.Error()}
	}
	pkg.NoClient, pkg.NoServer = opts.NoClient, opts.NoServer
	return render(pkg)
}

// Model loads the spec and returns the IR the emitters would render: every
// type, field, operation and Go name. Tools that compare two versions of
// a spec (gen diff) read it.
func Model(opts Options) (*ir.Package, error) {
	if opts.Package == "" {
		opts.Package = "api"
	}
	doc, warnings, repaired, err := load(opts.Spec, opts.NoServer)
	if err != nil {
		return nil, err
	}
	pkg, err := build(doc, opts)
	if err != nil {
		return nil, &SpecError{File: opts.Spec, Reason: err.Error()}
	}
	pkg.Warnings = append(warnings, pkg.Warnings...)
	if !repaired {
		placeWarnings(doc, opts.Spec, pkg.Warnings)
	}
	pkg.NoClient, pkg.NoServer = opts.NoClient, opts.NoServer
	return pkg, nil
}

func render(pkg *ir.Package) (*Result, error) {
	files, err := emit.Package(pkg)
	if err != nil {
		return nil, err
	}
	return &Result{Files: files, Warnings: pkg.Warnings, Operations: len(pkg.Operations)}, nil
}
