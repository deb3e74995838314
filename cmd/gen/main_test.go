package main

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

const goodSpec = `openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      parameters:
        - {name: petId, in: path, required: true, schema: {type: integer, minimum: 1}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
`

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func runGen(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// snapshot reads every file of dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func TestGenerateThenCheck(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "pets.yaml")
	out := filepath.Join(dir, "pets")
	writeFile(t, spec, goodSpec)
	writeFile(t, filepath.Join(out, "handwritten.go"), "package pets\n")
	writeFile(t, filepath.Join(out, "old_gen.go"), "package pets\n")

	if code, _, stderr := runGen(t, "-spec", spec, "-out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files := snapshot(t, out)
	if _, ok := files["old_gen.go"]; ok {
		t.Error("a stale _gen.go file was kept")
	}
	if files["handwritten.go"] != "package pets\n" {
		t.Error("a file gen does not own was touched")
	}
	if !strings.Contains(files["client_gen.go"], "func (c *Client) GetPet(ctx context.Context, petID int64) (*Pet, error)") {
		t.Errorf("client_gen.go lacks GetPet:\n%s", files["client_gen.go"])
	}
	for name := range files {
		if strings.HasPrefix(name, ".gen-") {
			t.Errorf("temporary file left behind: %s", name)
		}
	}

	// Up to date: -check passes, and a second run rewrites nothing.
	if code, stdout, stderr := runGen(t, "-spec", spec, "-out", out, "-check"); code != 0 {
		t.Fatalf("check on fresh output: exit %d\n%s%s", code, stdout, stderr)
	}
	types := filepath.Join(out, "types_gen.go")
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(types, old, old); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runGen(t, "-spec", spec, "-out", out); code != 0 {
		t.Fatal(stderr)
	}
	if st, _ := os.Stat(types); !st.ModTime().Equal(old) {
		t.Error("an unchanged file was rewritten")
	}

	// The spec changes: -check reports a diff, exits 1, and writes nothing.
	writeFile(t, spec, strings.Replace(goodSpec, "name: {type: string}", "name: {type: string}\n        age: {type: integer}", 1))
	before := snapshot(t, out)
	code, stdout, stderr := runGen(t, "-spec", spec, "-out", out, "-check")
	if code != 1 {
		t.Fatalf("check on stale output: exit %d", code)
	}
	if !regexp.MustCompile(`\n\+\tAge +\*int64 +`+"`"+`json:"age,omitempty"`+"`").MatchString(stdout) || !strings.Contains(stdout, "--- a/") {
		t.Errorf("diff does not show the new field:\n%s", stdout)
	}
	if !strings.Contains(stderr, "stale") {
		t.Errorf("stderr: %s", stderr)
	}
	if after := snapshot(t, out); !mapsEqual(before, after) {
		t.Error("-check wrote files")
	}

	// A spec that does not load: -check cannot tell, and says so with 3,
	// not 1 (stale).
	writeFile(t, spec, "openapi: 3.0.3\npaths: {")
	if code, _, stderr := runGen(t, "-spec", spec, "-out", out, "-check"); code != 3 || !strings.Contains(stderr, "gen: ") {
		t.Errorf("check on a broken spec: exit %d, %s", code, stderr)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestBrokenSpecWritesNothing(t *testing.T) {
	for _, tc := range []struct {
		name, spec, wantErr string
	}{
		{"yaml syntax", "openapi: 3.1.0\ninfo: {title: x, version: 1\npaths: {}\n", "broken.yaml"},
		{"unresolved ref", strings.Replace(goodSpec, "#/components/schemas/Pet", "#/components/schemas/Nope", 1), "Nope"},
		{"undeclared path parameter", strings.Replace(goodSpec, "/pets/{petId}:", "/pets/{petId}/{toy}:", 1), "toy"},
		{"unsupported version", strings.Replace(goodSpec, "openapi: 3.1.0", "openapi: 2.0.0", 1), "unsupported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			spec := filepath.Join(dir, "broken.yaml")
			out := filepath.Join(dir, "pets")
			writeFile(t, spec, tc.spec)
			writeFile(t, filepath.Join(out, "types_gen.go"), "package pets // earlier output\n")
			before := snapshot(t, out)
			code, _, stderr := runGen(t, "-spec", spec, "-out", out)
			if code != 1 {
				t.Fatalf("exit %d, want 1", code)
			}
			if !strings.Contains(stderr, tc.wantErr) || !strings.Contains(stderr, "broken.yaml") {
				t.Errorf("error does not say where and why: %s", stderr)
			}
			if after := snapshot(t, out); !mapsEqual(before, after) {
				t.Errorf("files changed after a failed run: %v", after)
			}
		})
	}
}

func TestBadFlags(t *testing.T) {
	if code, _, _ := runGen(t, "-nope"); code != 2 {
		t.Errorf("unknown flag: exit %d", code)
	}
	if code, _, stderr := runGen(t, "-spec", "x.yaml", "-out", t.TempDir(), "-package", "func"); code != 2 || !strings.Contains(stderr, `-package "func": a package name is a Go identifier, not a keyword`) {
		t.Errorf("keyword package: exit %d %s", code, stderr)
	}
	// No spec, no folder: said, not defaulted to this project's.
	if code, _, stderr := runGen(t); code != 2 || !strings.Contains(stderr, "gen: no spec: give -spec FILE, or -config gen.yaml") {
		t.Errorf("no spec: exit %d %s", code, stderr)
	}
	if code, _, stderr := runGen(t, "-spec", "x.yaml"); code != 2 || !strings.Contains(stderr, "gen: no output folder: give -out DIR") {
		t.Errorf("no -out: exit %d %s", code, stderr)
	}
	// A folder whose name is no package name asks for -package.
	if code, _, stderr := runGen(t, "-spec", "x.yaml", "-out", filepath.Join(t.TempDir(), "my-api")); code != 2 || !strings.Contains(stderr, `"my-api" is no Go package name; give one with -package`) {
		t.Errorf("my-api: exit %d %s", code, stderr)
	}
	for _, name := range []string{"_", "main", "type", "my-api"} {
		if code, _, stderr := runGen(t, "-spec", "x.yaml", "-out", t.TempDir(), "-package", name); code != 2 || !strings.Contains(stderr, "a package name is a Go identifier") {
			t.Errorf("-package %s: exit %d %s", name, code, stderr)
		}
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api", "pets.yaml"), goodSpec)
	writeFile(t, filepath.Join(dir, "gen.yaml"), `
spec: api/pets.yaml
output: internal/pets
package: petapi
generate: {types: true, client: true, server: false}
formats:
  uuid: {type: uuid.UUID, import: github.com/google/uuid}
`)
	if code, _, stderr := runGen(t, "-config", filepath.Join(dir, "gen.yaml")); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files := snapshot(t, filepath.Join(dir, "internal", "pets"))
	if _, ok := files["client_gen.go"]; !ok {
		t.Error("no client")
	}
	if _, ok := files["server_gen.go"]; ok {
		t.Error("server generated although the config leaves it out")
	}
	if !strings.Contains(files["types_gen.go"], "package petapi") {
		t.Error("package name from the config not used")
	}
	// Flags win over the config.
	if code, _, stderr := runGen(t, "-config", filepath.Join(dir, "gen.yaml"), "-package", "other", "-out", filepath.Join(dir, "o")); code != 0 {
		t.Fatal(stderr)
	}
	if f := snapshot(t, filepath.Join(dir, "o")); !strings.Contains(f["types_gen.go"], "package other") {
		t.Error("flags must win over the config")
	}
}

func TestOapiCodegenConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pets.yaml"), goodSpec)
	writeFile(t, filepath.Join(dir, "cfg.yaml"), `
package: pets
generate:
  models: true
  std-http-server: true
output: gen/pets.gen.go
output-options:
  skip-prune: true
`)
	// As in: //go:generate go tool gen -config cfg.yaml pets.yaml
	code, _, stderr := runGen(t, "-config", filepath.Join(dir, "cfg.yaml"), filepath.Join(dir, "pets.yaml"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, `"output-options" is not honoured`) {
		t.Errorf("ignored keys not reported: %s", stderr)
	}
	files := snapshot(t, filepath.Join(dir, "gen"))
	if _, ok := files["server_gen.go"]; !ok {
		t.Error("std-http-server did not give a server")
	}
	if _, ok := files["client_gen.go"]; ok {
		t.Error("client generated although the config has client: false")
	}
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "typo.yaml"), "spec: a.yaml\npackge: x\n")
	if code, _, stderr := runGen(t, "-config", filepath.Join(dir, "typo.yaml")); code != 1 || !strings.Contains(stderr, "packge") {
		t.Errorf("unknown key: exit %d %s", code, stderr)
	}
	writeFile(t, filepath.Join(dir, "parts.yaml"), "generate: {typess: true}\n")
	if code, _, stderr := runGen(t, "-config", filepath.Join(dir, "parts.yaml")); code != 1 || !strings.Contains(stderr, "typess") {
		t.Errorf("unknown part: exit %d %s", code, stderr)
	}
}

// TestNamesFileKeepsNames: a schema added later whose name folds onto an
// existing one (foo_bar, then foo-bar) leaves the existing Go name alone,
// because gen reads back the names file it wrote.
func TestNamesFileKeepsNames(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "api.yaml")
	out := filepath.Join(dir, "api")
	base := strings.Replace(goodSpec, "components:\n  schemas:\n", "components:\n  schemas:\n    foo_bar:\n      type: object\n      properties: {a: {type: string}}\n", 1)
	writeFile(t, spec, base)
	if code, _, stderr := runGen(t, "-spec", spec, "-out", out); code != 0 {
		t.Fatal(stderr)
	}
	if !strings.Contains(snapshot(t, out)["types_gen.go"], "type FooBar struct") {
		t.Fatal("foo_bar is not FooBar to begin with")
	}
	writeFile(t, spec, strings.Replace(base, "    foo_bar:\n", "    foo-bar:\n      type: string\n    foo_bar:\n", 1))
	if code, _, stderr := runGen(t, "-spec", spec, "-out", out); code != 0 {
		t.Fatal(stderr)
	}
	files := snapshot(t, out)
	if !strings.Contains(files["types_gen.go"], "type FooBar struct") {
		t.Errorf("adding foo-bar renamed foo_bar:\n%s", files["specgen.names"])
	}
	if !strings.Contains(files["specgen.names"], "#/components/schemas/foo-bar\t") {
		t.Errorf("the newcomer is not in the names file:\n%s", files["specgen.names"])
	}
}

// gen collects at smallPercent throughout for a spec of up to 1 MiB, under
// smallLimit; it
// collects no garbage while it reads one of up to 4 MiB (up to a memory
// limit), then once, then at emitPercent; a larger spec keeps the
// collector while it is read.
func TestCollectLittle(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	debug.SetGCPercent(400)
	if after := collectLittle("../../spec/functions.yaml"); after != nil {
		t.Error("small spec: something to call after the read")
	}
	if got := debug.SetGCPercent(400); got != smallPercent {
		t.Errorf("small spec: GC percent %d, want %d", got, smallPercent)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != 40<<20 {
		t.Errorf("small spec: memory limit %d, want 40 MiB", got)
	}
	dir := t.TempDir()
	mid := filepath.Join(dir, "mid.json")
	if err := os.WriteFile(mid, make([]byte, smallSpec+1), 0o644); err != nil {
		t.Fatal(err)
	}
	after := collectLittle(mid)
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("spec over 1 MiB: GC percent %d while reading, want -1 (off)", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 2<<30 {
		t.Errorf("spec over 1 MiB: memory limit %d, want 2 GiB", got)
	}
	after()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if got, want := debug.SetGCPercent(100), emitPercent(ms.HeapAlloc); got < 300 || got < want*9/10 || got > want*11/10 {
		t.Errorf("spec over 1 MiB: GC percent %d after the read, want about %d", got, want)
	}
	if got := smallLimit(smallSpec); got != 100<<20 {
		t.Errorf("a 1 MiB spec's memory limit is %d, want 100 times the spec", got)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, make([]byte, 4<<20+1), 0o644); err != nil {
		t.Fatal(err)
	}
	debug.SetGCPercent(400)
	collectLittle(big)
	if got := debug.SetGCPercent(400); got != 400 {
		t.Errorf("large spec: GC percent %d while reading, want 400 as it was", got)
	}
}

func TestEmitPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 100 * (32 << 20)}, // nothing live: the 32 MiB, never a division by zero
		{1 << 20, 3200},       // 1 MiB live: grows by 32 MiB
		{8 << 20, 400},        // 8 MiB: still 32
		{16 << 20, 300},       // 16 MiB: three times, 48 MiB
		{200 << 20, 300},      // 200 MiB: 600 MiB
	} {
		if got := emitPercent(c.live); got != c.want {
			t.Errorf("emitPercent(%d MiB) = %d, want %d", c.live>>20, got, c.want)
		}
	}
}

// A write that fails part-way leaves the folder as it was, byte for byte,
// with no temporary files: whichever step fails, moving an old file aside
// or renaming a new one in, the steps done are undone.
func TestFailedWriteChangesNothing(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "pets.yaml")
	out := filepath.Join(dir, "pets")
	writeFile(t, spec, goodSpec)
	if code, _, stderr := runGen(t, "-spec", spec, "-out", out); code != 0 {
		t.Fatal(stderr)
	}
	writeFile(t, filepath.Join(out, "extra_gen.go"), "package pets\n") // to be removed
	before := snapshot(t, out)
	writeFile(t, spec, strings.Replace(goodSpec, "name: {type: string}", "name: {type: string}\n        age: {type: integer}", 1))
	defer func() { rename = os.Rename }()
	for _, c := range []struct {
		name string
		fail func(from, to string) bool
	}{
		{"moving the old types_gen.go aside", func(from, to string) bool { return filepath.Base(from) == "types_gen.go" }},
		{"renaming the new types_gen.go in", func(from, to string) bool { return filepath.Base(to) == "types_gen.go" }},
		{"moving extra_gen.go, which is to go, aside", func(from, to string) bool { return filepath.Base(from) == "extra_gen.go" }},
	} {
		failed := false
		rename = func(from, to string) error {
			if !failed && c.fail(from, to) {
				failed = true
				return &os.LinkError{Op: "rename", Old: from, New: to, Err: os.ErrPermission}
			}
			return os.Rename(from, to)
		}
		code, _, stderr := runGen(t, "-spec", spec, "-out", out)
		if !failed {
			t.Fatalf("%s: no rename failed", c.name)
		}
		if code == 0 || !strings.Contains(stderr, "nothing was changed") {
			t.Errorf("%s: exit %d, %s", c.name, code, stderr)
		}
		if after := snapshot(t, out); !mapsEqual(before, after) {
			for name := range after {
				if before[name] != after[name] {
					t.Errorf("%s: %s differs from before the run", c.name, name)
				}
			}
			for name := range before {
				if _, ok := after[name]; !ok {
					t.Errorf("%s: %s is gone", c.name, name)
				}
			}
		}
	}
	// Without a failure the run goes through, and leaves no file aside.
	rename = os.Rename
	if code, _, stderr := runGen(t, "-spec", spec, "-out", out); code != 0 {
		t.Fatal(stderr)
	}
	for name := range snapshot(t, out) {
		if strings.HasPrefix(name, ".gen-") || name == "extra_gen.go" {
			t.Errorf("left behind: %s", name)
		}
	}
}

// generate: a part set true lists the parts wanted, as oapi-codegen reads
// it; parts only set false are left out, the others kept.
func TestConfigParts(t *testing.T) {
	for _, c := range []struct {
		generate           map[string]bool
		noClient, noServer bool
	}{
		{nil, false, false},
		{map[string]bool{"client": false}, true, false},
		{map[string]bool{"server": false}, false, true},
		{map[string]bool{"types": true, "client": true, "server": true}, false, false},
		{map[string]bool{"types": true, "client": true}, false, true},
		{map[string]bool{"models": true, "std-http-server": true}, true, false},
		{map[string]bool{"models": true, "client": true, "std-http-server": false}, false, true},
		{map[string]bool{"types": false}, false, false},
	} {
		cfg := &config{Generate: c.generate}
		if noClient, noServer := cfg.parts(); noClient != c.noClient || noServer != c.noServer {
			t.Errorf("generate %v: no client %v, no server %v; want %v, %v", c.generate, noClient, noServer, c.noClient, c.noServer)
		}
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "gen.yaml"), "generate: {types: false, embedded-spec: true}\n")
	_, warnings, err := loadConfig(filepath.Join(dir, "gen.yaml"))
	if err != nil || len(warnings) != 2 || !strings.Contains(strings.Join(warnings, "\n"), "types cannot be left out") || !strings.Contains(strings.Join(warnings, "\n"), "embeds no spec") {
		t.Errorf("warnings %q, %v", warnings, err)
	}
}

// -check prints a diff that git apply takes: of a stale folder, of files
// not yet written (-0,0) and of files to remove, with no line after a
// file's last, and paths relative to the working folder.
func TestCheckDiffApplies(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	t.Chdir(t.TempDir())
	writeFile(t, "pets.yaml", goodSpec)
	if code, _, stderr := runGen(t, "-spec", "pets.yaml", "-out", "pets"); code != 0 {
		t.Fatal(stderr)
	}
	writeFile(t, filepath.Join("pets", "old_gen.go"), "package pets\n\n// Gone.\n")
	writeFile(t, "pets.yaml", strings.Replace(goodSpec, "name: {type: string}", "name: {type: string}\n        age: {type: integer}", 1))
	for _, out := range []string{"pets", "fresh"} {
		code, diff, stderr := runGen(t, "-check", "-spec", "pets.yaml", "-out", out)
		if code != 1 {
			t.Fatalf("-check %s: exit %d: %s", out, code, stderr)
		}
		if out == "fresh" && !regexp.MustCompile(`(?m)^--- /dev/null\n\+\+\+ b/fresh/client_gen.go\n@@ -0,0 \+1,\d+ @@`).MatchString(diff) {
			t.Errorf("a new file's header:\n%.400s", diff)
		}
		if out == "pets" && !strings.Contains(diff, "--- a/pets/old_gen.go\n+++ /dev/null\n@@ -1,3 +0,0 @@\n") {
			t.Errorf("a removed file's header:\n%s", diff)
		}
		writeFile(t, out+".diff", diff)
		if msg, err := exec.Command(git, "apply", "--check", out+".diff").CombinedOutput(); err != nil {
			t.Errorf("git apply refuses the diff of %s: %v\n%s", out, err, msg)
		}
	}
}

// The fields of an allOf come part by part, whatever the order the
// components are written in: reordering them changes no output.
func TestComponentOrderKeepsAllOfFields(t *testing.T) {
	const errorFirst = `openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Error:
      type: object
      required: [code, message]
      properties:
        code: {type: integer}
        message: {type: string}
    ErrorResponse:
      allOf:
        - $ref: '#/components/schemas/Error'
        - type: object
          properties:
            errors: {type: string}
`
	// The same two components, ErrorResponse written first.
	i := strings.Index(errorFirst, "    ErrorResponse:")
	j := strings.Index(errorFirst, "    Error:")
	responseFirst := errorFirst[:j] + errorFirst[i:] + errorFirst[j:i]

	dir := t.TempDir()
	var types [2]string
	for k, spec := range []string{errorFirst, responseFirst} {
		path := filepath.Join(dir, "spec.yaml")
		writeFile(t, path, spec)
		out := filepath.Join(dir, "out", string(rune('a'+k)), "api")
		if code, _, stderr := runGen(t, "-spec", path, "-out", out); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		types[k] = snapshot(t, out)["types_gen.go"]
	}
	if types[0] != types[1] {
		t.Errorf("types_gen.go differs when ErrorResponse is written before Error")
	}
	// allOf: [Error, {errors}]: Error's fields come first.
	re := regexp.MustCompile(`(?s)type ErrorResponse struct \{\s*(\w+)`)
	if m := re.FindStringSubmatch(types[1]); m == nil || m[1] != "Code" {
		t.Errorf("ErrorResponse's first field is %v, want Code (allOf part order)", m)
	}
}

// A defect that is invalid but generated is warned about once for each
// component that has it, not once for all, nor again for an operation that
// reaches it.
func TestEachDefectWarnedOnce(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "api.yaml")
	writeFile(t, spec, `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /x:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Holder'}
components:
  schemas:
    List: {type: array}
    Other: {type: array}
    Holder:
      type: object
      properties:
        tags: {type: array}
`)
	code, _, stderr := runGen(t, "-spec", spec, "-out", filepath.Join(dir, "api"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"#/components/schemas/List: ", "#/components/schemas/Other: ", "#/components/schemas/Holder: "} {
		if strings.Count(stderr, want) != 1 {
			t.Errorf("%s warned about %d times:\n%s", want, strings.Count(stderr, want), stderr)
		}
	}
	if n := strings.Count(stderr, "must be non-null"); n != 3 {
		t.Errorf("%d warnings of arrays without items, want 3:\n%s", n, stderr)
	}
}

// A file another generator wrote in the output folder (oapi-codegen's,
// after a switch to gen) declares the same types: gen says so.
func TestForeignGeneratedFileWarned(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "pets.yaml")
	out := filepath.Join(dir, "pets")
	writeFile(t, spec, goodSpec)
	writeFile(t, filepath.Join(out, "api.gen.go"), "// Package pets provides primitives.\n//\n// Code generated by github.com/oapi-codegen/oapi-codegen/v2 version v2.8.2 DO NOT EDIT.\npackage pets\n")
	writeFile(t, filepath.Join(out, "mine.go"), "package pets\n\n// Mine is the user's own.\ntype Mine int\n")
	code, _, stderr := runGen(t, "-spec", spec, "-out", out)
	if code != 0 {
		t.Fatal(stderr)
	}
	if !strings.Contains(stderr, filepath.Join(out, "api.gen.go")+" was generated by another tool") || strings.Contains(stderr, "mine.go") {
		t.Errorf("stderr: %s", stderr)
	}
	// Its own files are not foreign.
	os.Remove(filepath.Join(out, "api.gen.go"))
	if code, _, stderr := runGen(t, "-spec", spec, "-out", out); code != 0 || stderr != "" {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
