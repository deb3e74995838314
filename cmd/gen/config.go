package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/specgen/specgen/generator"
)

// config is gen.yaml. It also reads oapi-codegen's configuration file, so
// that a project can switch generators by changing one go:generate line:
// package, generate (models, client, and any *-server) and output map;
// oapi-codegen's other keys are reported as ignored.
type config struct {
	Spec     string                      `yaml:"spec"`    // the OpenAPI document, relative to the config file
	Output   string                      `yaml:"output"`  // the output folder (or, oapi-codegen style, a .go file in it)
	Package  string                      `yaml:"package"` // the Go package name
	Generate map[string]bool             `yaml:"generate"`
	Formats  map[string]generator.GoType `yaml:"formats"` // string format → Go type

	// oapi-codegen keys with no counterpart here.
	OutputOptions     yaml.Node `yaml:"output-options"`
	ImportMapping     yaml.Node `yaml:"import-mapping"`
	AdditionalImports yaml.Node `yaml:"additional-imports"`
	Compatibility     yaml.Node `yaml:"compatibility"`

	dir string // folder of the config file
}

// ours and theirs are the keys of generate each tool knows.
var (
	ourParts   = map[string]bool{"types": true, "client": true, "server": true}
	theirParts = map[string]bool{"models": true, "client": true, "embedded-spec": true, "std-http-server": true,
		"chi-server": true, "echo-server": true, "gin-server": true, "gorilla-server": true,
		"fiber-server": true, "iris-server": true, "strict-server": true}
)

// loadConfig reads a config file strictly: an unknown key is an error
// that names it, so a typo does not pass silently.
func loadConfig(path string) (*config, []string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var c config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	c.dir = filepath.Dir(path)
	var warnings []string
	for key, node := range map[string]yaml.Node{"output-options": c.OutputOptions, "import-mapping": c.ImportMapping,
		"additional-imports": c.AdditionalImports, "compatibility": c.Compatibility} {
		if node.Kind != 0 {
			warnings = append(warnings, fmt.Sprintf("%s: oapi-codegen's %q is not honoured", path, key))
		}
	}
	for _, k := range sortedKeysOf(c.Generate) {
		if !ourParts[k] && !theirParts[k] {
			return nil, nil, fmt.Errorf("%s: generate: unknown part %q (use types, client, server)", path, k)
		}
		if k == "embedded-spec" && c.Generate[k] {
			warnings = append(warnings, fmt.Sprintf("%s: generate: %q is not generated: specgen embeds no spec", path, k))
		}
		if strings.HasSuffix(k, "-server") && k != "std-http-server" && c.Generate[k] {
			warnings = append(warnings, fmt.Sprintf("%s: generate: %q is served by the net/http server specgen generates", path, k))
		}
		if (k == "types" || k == "models") && !c.Generate[k] {
			warnings = append(warnings, fmt.Sprintf("%s: generate: %s cannot be left out: the client and server use them", path, k))
		}
	}
	sort.Strings(warnings)
	return &c, warnings, nil
}

func sortedKeysOf(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// resolve turns a path of the config into one relative to the working
// directory.
func (c *config) resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.dir, p)
}

// outputDir is the output folder: oapi-codegen names a file, specgen
// writes several files into its folder.
func (c *config) outputDir() string {
	out := c.resolve(c.Output)
	if strings.HasSuffix(out, ".go") {
		out = filepath.Dir(out)
	}
	return out
}

// parts says which parts to leave out. No generate section means all; a
// section that sets a part true lists the parts wanted, as oapi-codegen
// reads it (models and client: no server); one that only sets parts false
// leaves those out ({client: false}: types and server).
func (c *config) parts() (noClient, noServer bool) {
	listed, server, serverSaid := false, false, false
	for k, v := range c.Generate {
		listed = listed || v
		if k == "server" || strings.HasSuffix(k, "-server") {
			server, serverSaid = server || v, true
		}
	}
	client, clientSaid := c.Generate["client"]
	return clientSaid && !client || !clientSaid && listed, serverSaid && !server || !serverSaid && listed
}
