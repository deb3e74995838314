// Package oapi holds the code oapi-codegen v2.8.2 generates from the project's own
// spec/functions.yaml, unchanged (no adjustment to the spec was needed). It is
// committed so that the runtime and server benchmarks build without running a
// generator; regenerate it with `go generate ./internal/...` from bench/.
package oapi

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../../../spec/functions.yaml
