package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"io"
	"strings"
	"sync"

	"github.com/specgen/specgen/generator"
	"github.com/specgen/specgen/generator/apidiff"
	"github.com/specgen/specgen/generator/ir"
)

// runDiff implements gen diff OLD NEW: it compares the Go APIs the two
// specs generate and prints each change with whom it breaks. It exits 1
// when a change breaks the side chosen with -fail-on; 2 on a usage error;
// 3 when a spec or the names file does not load.
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	failOn := fs.String("fail-on", "any", "exit 1 when a change breaks `side`: client, server, any or none")
	pkg := fs.String("package", "api", "Go package name the specs are generated as (names do not depend on it)")
	namesPath := fs.String("names", "", "the `specgen.names` of the package generated from OLD: names as gen keeps them, not as a first generation would give them")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: gen diff [-json] [-fail-on client|server|any|none] [-package NAME] [-names FILE] OLD NEW\n\n"+
			"Compares the Go APIs that the OLD and NEW specs generate and says, for each change,\n"+
			"whether it breaks client code, server implementers, or neither. Give -names the\n"+
			"specgen.names beside your generated code, so that names are compared as gen keeps them.\n"+
			"Exits 1 when a change breaks the side -fail-on names, 2 on a usage error, 3 when a spec\n"+
			"or the names file does not load.\n\n")
		fs.PrintDefaults()
	}
	// Flags may come before, between or after the two specs.
	var specs []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		specs = append(specs, rest[0])
		rest = rest[1:]
	}
	if len(specs) != 2 {
		fmt.Fprintf(stderr, "gen diff: want two specs, OLD and NEW; got %d\n", len(specs))
		fs.Usage()
		return 2
	}
	switch *failOn {
	case "client", "server", "any", "none":
	default:
		fmt.Fprintf(stderr, "gen diff: -fail-on %q: want client, server, any or none\n", *failOn)
		return 2
	}
	if !token.IsIdentifier(*pkg) || token.IsKeyword(*pkg) {
		fmt.Fprintf(stderr, "gen diff: package name %q is not a Go identifier\n", *pkg)
		return 2
	}

	var prev map[string]string
	if *namesPath != "" {
		var err error
		if prev, err = generator.ReadNames(*namesPath); err == nil && prev == nil {
			err = fmt.Errorf("%s: no such file", *namesPath)
		}
		if err != nil {
			fmt.Fprintf(stderr, "gen diff: -names: %v\n", err)
			return 3
		}
	}

	// Load both at once: a large spec takes a second or two. Both are named
	// as gen would name them with the names file: the old as it was
	// generated, the new as regenerating would keep them.
	var models [2]*ir.Package
	var errs [2]error
	var wg sync.WaitGroup
	for i, spec := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			models[i], errs[i] = generator.Model(generator.Options{Spec: spec, Package: *pkg, Previous: prev})
		}()
	}
	wg.Wait()
	failed := false
	for i, side := range []string{"old", "new"} {
		if errs[i] != nil {
			fmt.Fprintf(stderr, "gen diff: %s spec: %v\n", side, errs[i])
			failed = true
		}
	}
	if failed {
		return 3
	}
	report := apidiff.Compare(models[0], models[1])

	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			fmt.Fprintf(stderr, "gen diff: %v\n", err)
			return 1
		}
	} else {
		fmt.Fprint(stdout, report.Text())
	}

	var breaks []string
	if (*failOn == "client" || *failOn == "any") && report.BreaksClients() {
		breaks = append(breaks, "client code")
	}
	if (*failOn == "server" || *failOn == "any") && report.BreaksServers() {
		breaks = append(breaks, "server implementers")
	}
	if len(breaks) > 0 {
		fmt.Fprintf(stderr, "gen diff: %s breaks %s\n", specs[1], strings.Join(breaks, " and "))
		return 1
	}
	return 0
}
