// Package templates holds text that users own once it is written, such as
// the scaffold of a new service that gen init renders with text/template.
// Machine-owned, regenerated code is never built from these files.
package templates

import "embed"

// FS holds the templates. service/ is the scaffold of gen init: every
// service/NAME.tmpl becomes the file NAME at the root of the new module.
//
//go:embed service/*.tmpl
var FS embed.FS
