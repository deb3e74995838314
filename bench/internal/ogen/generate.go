// Package ogen holds the code ogen v1.24.0 generates from the project's own
// spec/functions.yaml, unchanged (no adjustment to the spec was needed, and no
// feature had to be ignored). It is committed so that the runtime and server
// benchmarks build without running a generator; regenerate it with
// `go generate ./internal/...` from bench/.
package ogen

//go:generate go tool ogen --target . --package ogen --clean ../../../spec/functions.yaml
