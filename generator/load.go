package generator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// SpecError is a problem with the input document: where it is and why.
type SpecError struct {
	File   string // the spec file
	Where  string // line:column or a JSON pointer, when known
	Reason string
}

func (e *SpecError) Error() string {
	if e.Where == "" {
		return e.File + ": " + e.Reason
	}
	if strings.HasPrefix(e.Where, "#") {
		return e.File + ": " + e.Where + ": " + e.Reason
	}
	return e.File + ":" + e.Where + ": " + e.Reason
}

// Load reads and validates an OpenAPI 3.0 or 3.1 document. Refs to other
// files are resolved relative to it.
func Load(path string) (*openapi3.T, error) {
	display := filepath.ToSlash(path)
	if _, err := os.Stat(path); err != nil {
		return nil, &SpecError{File: display, Reason: "cannot read the spec: " + errors.Unwrap(err).Error()}
	}
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = true
	loader.IsExternalRefsAllowed = true
	// Read local files only, afresh on every load: kin-openapi's default
	// reader fetches http(s) refs and caches files for the whole process.
	loader.ReadFromURIFunc = openapi3.ReadFromFile
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, &SpecError{File: display, Reason: cleanReason(err.Error())}
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.0") && !strings.HasPrefix(doc.OpenAPI, "3.1") {
		v := doc.OpenAPI
		if v == "" {
			v = "(missing)"
		}
		return nil, &SpecError{File: display, Where: "#/openapi", Reason: fmt.Sprintf("unsupported OpenAPI version %s; specgen reads 3.0 and 3.1", v)}
	}
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, &SpecError{File: display, Reason: "invalid document: " + cleanReason(err.Error())}
	}
	return doc, nil
}

// cleanReason drops the absolute directory from messages that quote the
// file, so errors read the same on every machine.
func cleanReason(msg string) string {
	if wd, err := os.Getwd(); err == nil {
		msg = strings.ReplaceAll(msg, wd+string(filepath.Separator), "")
	}
	return msg
}
