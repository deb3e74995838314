package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// initZooSpec covers what the scaffold has to get right beyond the real
// specs: a server URL with variables (a whole segment stays a wildcard, a
// partial one takes its default), path parameters named like the
// receiver and the net/http import, an enum, numeric rules the test's
// literal must meet, and an operation that returns no body.
// initHealthSpec has an operation at /healthz, where the scaffold would
// put its health check.
const initHealthSpec = `openapi: 3.1.0
info: {title: Health, version: "1"}
paths:
  /healthz:
    get:
      operationId: getHealth
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {status: {type: string}}}
`

const initZooSpec = `openapi: 3.1.0
info:
  title: "Zoo\n API"
  version: "1"
servers:
  - url: https://{region}.example.com/v{major}/tenants/{tenant}
    variables:
      region: {default: eu}
      major: {default: "1"}
      tenant: {default: acme}
paths:
  /animals/{kind}/{s}/{http}:
    get:
      operationId: getAnimal
      parameters:
        - {name: kind, in: path, required: true, schema: {$ref: '#/components/schemas/Kind'}}
        - {name: s, in: path, required: true, schema: {type: string, pattern: '^[a-z]+$', minLength: 2}}
        - {name: http, in: path, required: true, schema: {type: integer, minimum: 10, multipleOf: 5}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Animal'}
  /animals/{animalId}/feed:
    post:
      operationId: feedAnimal
      parameters:
        - {name: animalId, in: path, required: true, schema: {type: integer, format: int32, minimum: 1}}
        - {name: at, in: query, required: true, schema: {type: string, format: date-time}}
      responses:
        "204": {description: fed}
components:
  schemas:
    Kind:
      type: string
      enum: [lion, zebra]
    Animal:
      type: object
      required: [name, kind]
      properties:
        name: {type: string}
        kind: {$ref: '#/components/schemas/Kind'}
        born: {type: string, format: date-time}
`

// initUploadsSpec has no operation the test can call with nil arguments
// and no numeric path parameter or JSON body: the scaffold's test falls
// back to a skip and a 404. Two servers mean no base path.
const initUploadsSpec = `openapi: 3.0.3
info: {title: Uploads, version: "1"}
servers:
  - url: https://a.example.com/one
  - url: https://b.example.com/two
paths:
  /files/{name}:
    put:
      operationId: putFile
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
        - {name: X-Checksum, in: header, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/octet-stream:
            schema: {type: string, format: binary}
      responses:
        "204": {description: stored}
`

// initScaffoldFiles are the files every scaffold holds besides the
// generated package.
var initScaffoldFiles = []string{
	"go.mod", "go.sum", "gen.yaml", "generate.go", "main.go", "handlers.go",
	"service_test.go", "Makefile", "README.md", "internal/api/server_gen.go",
}

func initRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runInit(args, &out, &errb)
	return code, out.String(), errb.String()
}

func initWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// initTree reads every file under dir, by slash path; folders map to "/".
func initTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel] = "/"
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = string(b)
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

func initSameTree(t *testing.T, before, after map[string]string) {
	t.Helper()
	for k, v := range before {
		if w, ok := after[k]; !ok {
			t.Errorf("%s was removed", k)
		} else if w != v {
			t.Errorf("%s changed", k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("%s appeared", k)
		}
	}
}

func initRepoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestInitUsage(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "zoo.yaml")
	initWrite(t, spec, initZooSpec)
	target := filepath.Join(dir, "svc")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no folder", []string{"-spec", spec, "-module", "example.com/svc"}, "missing DIR"},
		{"two folders", []string{target, "other", "-spec", spec, "-module", "example.com/svc"}, "unexpected arguments: other"},
		{"no spec", []string{target, "-module", "example.com/svc"}, "missing -spec"},
		{"no module", []string{target, "-spec", spec}, "missing -module"},
		{"bad module", []string{target, "-spec", spec, "-module", "example.com/my svc"}, "not a module path"},
		{"reserved module element", []string{target, "-spec", spec, "-module", "example.com/Con"}, `"Con" is a name Windows reserves`},
		{"reserved with an extension", []string{target, "-spec", spec, "-module", "example.com/nul.svc/x"}, `"nul.svc" is a name Windows reserves`},
		{"keyword package", []string{target, "-spec", spec, "-module", "example.com/svc", "-package", "func"}, "not a Go identifier"},
		{"package main", []string{target, "-spec", spec, "-module", "example.com/svc", "-package", "main"}, "clash"},
		{"package http", []string{target, "-spec", spec, "-module", "example.com/svc", "-package", "http"}, "clash"},
		{"unknown flag", []string{target, "-nope"}, "-nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := initRun(t, tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "usage: gen init DIR") {
				t.Errorf("stderr lacks %q and the usage:\n%s", tc.want, stderr)
			}
			if _, err := os.Stat(target); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s was created", target)
			}
		})
	}
}

func TestInitRefusesNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "zoo.yaml")
	initWrite(t, spec, initZooSpec)
	target := filepath.Join(dir, "svc")
	initWrite(t, filepath.Join(target, "notes.txt"), "mine\n")
	before := initTree(t, dir)
	code, stdout, stderr := initRun(t, target, "-spec", spec, "-module", "example.com/svc")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, want := range []string{target, "not empty", "notes.txt", "wrote nothing"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q: %s", want, stderr)
		}
	}
	if stdout != "" {
		t.Errorf("stdout: %s", stdout)
	}
	initSameTree(t, before, initTree(t, dir))

	// A file where the folder should be is refused too.
	file := filepath.Join(dir, "file")
	initWrite(t, file, "x")
	if code, _, stderr := initRun(t, file, "-spec", spec, "-module", "example.com/svc"); code != 1 || !strings.Contains(stderr, "not a folder") {
		t.Errorf("into a file: exit %d %s", code, stderr)
	}
}

func TestInitFailureWritesNothing(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.yaml")
	initWrite(t, broken, strings.Replace(initZooSpec, "#/components/schemas/Animal", "#/components/schemas/Nope", 1))
	good := filepath.Join(dir, "zoo.yaml")
	initWrite(t, good, initZooSpec)
	notSpecgen := filepath.Join(dir, "other")
	initWrite(t, filepath.Join(notSpecgen, "go.mod"), "module example.com/other\n\ngo 1.26\n")
	before := initTree(t, dir)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"broken spec", []string{"-spec", broken}, "Nope"},
		{"missing spec", []string{"-spec", filepath.Join(dir, "absent.yaml")}, "absent.yaml"},
		{"replace without go.mod", []string{"-spec", good, "-replace", filepath.Join(dir, "nowhere")}, "nowhere"},
		{"replace of another module", []string{"-spec", good, "-replace", notSpecgen}, "example.com/other"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := filepath.Join(dir, "a", "b", "svc")
			args := append([]string{target, "-module", "example.com/svc"}, tc.args...)
			code, _, stderr := initRun(t, args...)
			if code != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want 1 and an error naming %q: %s", code, tc.want, stderr)
			}
			initSameTree(t, before, initTree(t, dir))
		})
	}
}

func TestInitIntoEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "zoo.json")
	initWrite(t, spec, initZooSpec) // JSON is YAML: only the extension matters here
	target := filepath.Join(dir, "svc")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	// Flags may come before the folder too.
	code, stdout, stderr := initRun(t, "-spec", spec, "-module", "example.com/zoo/v2", "-package", "zoo", target)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "2 operations") {
		t.Errorf("stdout: %s", stdout)
	}
	// A test binary knows no version of specgen: go.mod's v0.0.0 cannot be
	// fetched, and gen init says what to do.
	if scaffoldVersion() == "v0.0.0" && !strings.Contains(stderr, "run gen init again with -replace") {
		t.Errorf("no warning about v0.0.0: %s", stderr)
	}
	files := initTree(t, target)
	for _, name := range []string{"api/openapi.json", "internal/zoo/server_gen.go", "main.go", "handlers.go", "Makefile"} {
		if _, ok := files[name]; !ok {
			t.Errorf("%s is missing", name)
		}
	}
	if _, ok := files["go.sum"]; ok {
		t.Error("go.sum written without -replace")
	}
	if _, ok := files["auth.go"]; ok {
		t.Error("auth.go written for a spec without security")
	}
	for name := range files {
		if strings.Contains(name, ".gen-init-") {
			t.Errorf("temporary folder left behind: %s", name)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("the parent folder holds %d entries, want the spec and svc", len(entries))
	}
	checks := map[string][]string{
		"go.mod": {
			"module example.com/zoo/v2\n", "\ngo 1.26\n", "\ntool github.com/specgen/specgen/cmd/gen\n",
			"\nrequire github.com/specgen/specgen v0.0.0\n",
		},
		"gen.yaml":    {"spec: api/openapi.json\n", "output: internal/zoo\n", "package: zoo\n"},
		"generate.go": {"//go:generate go tool gen -config gen.yaml\n"},
		"main.go": {
			"// Command zoo serves Zoo API.", `"example.com/zoo/v2/internal/zoo"`,
			`const defaultBasePath = "/v1/tenants/{tenant}"`, "zoo.WithBasePath(basePath)", `"GET /healthz"`,
			"srv.Shutdown(shutdownCtx)", "syscall.SIGTERM", "slog.NewJSONHandler",
		},
		"handlers.go": {
			"type service struct{}\n",
			"func (s *service) GetAnimal(ctx context.Context, kind_ zoo.Kind, s_ string, http_ int64) (*zoo.Animal, error) {\n" +
				"\treturn nil, &zoo.APIError{StatusCode: http.StatusNotImplemented, Message: \"GetAnimal is not implemented\"}\n}",
			"func (s *service) FeedAnimal(ctx context.Context, animalID int32, params *zoo.FeedAnimalParams) error {\n" +
				"\treturn &zoo.APIError{StatusCode: http.StatusNotImplemented",
		},
		"service_test.go": {
			`const testBasePath = "/v1/tenants/acme"`,
			"_, err = c.GetAnimal(t.Context(), zoo.KindLion, \"abc\", 10)",
			`"GET", srv.URL+testBasePath+"/animals/x/x/not-a-number", nil)`,
			"http.StatusBadRequest",
		},
		"Makefile": {"\ngenerate:\n\t$(GO) generate ./...\n", "\ntest:\n", "\nrun:\n"},
	}
	for name, wants := range checks {
		for _, want := range wants {
			if !strings.Contains(files[name], want) {
				t.Errorf("%s lacks %q:\n%s", name, want, files[name])
			}
		}
	}
	if strings.Contains(files["go.mod"], "replace") || strings.Contains(files["handlers.go"], "UnimplementedHandler") {
		t.Error("go.mod has a replace without -replace, or handlers.go embeds UnimplementedHandler")
	}

	// gen.yaml describes the package gen init wrote: gen -config finds it
	// up to date.
	var usage bytes.Buffer
	run([]string{"-h"}, &usage, &usage)
	if !strings.Contains(usage.String(), "-config") {
		t.Log("gen has no -config flag yet; gen.yaml not checked")
		return
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-config", filepath.Join(target, "gen.yaml"), "-check"}, &out, &errb); code != 0 {
		t.Errorf("gen -config gen.yaml -check: exit %d\n%s%s", code, out.String(), errb.String())
	}
}

// TestInitScaffolds writes a service for several specs, then builds, vets
// and tests each one offline with the go command, runs its binary, and
// checks that a second gen init into the folder changes nothing.
func TestInitScaffolds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests generated modules; skipped with -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in PATH")
	}
	repo := initRepoRoot(t)
	specs := t.TempDir()
	zoo := filepath.Join(specs, "zoo.yaml")
	initWrite(t, zoo, initZooSpec)
	uploads := filepath.Join(specs, "uploads.yaml")
	initWrite(t, uploads, initUploadsSpec)
	health := filepath.Join(specs, "health.yaml")
	initWrite(t, health, initHealthSpec)
	real := filepath.Join("..", "..", "..", "shared", "specs", "real")
	for _, tc := range []struct {
		name, spec string
		shared     bool   // from the shared corpus, which may be absent
		generate   bool   // also run go generate and expect no change
		secured    bool   // the spec declares security: auth.go and TestSecurity
		health     string // the health check's path, when not /healthz
		wantTests  []string
	}{
		{name: "functions", spec: filepath.Join("..", "..", "spec", "functions.yaml"), generate: true, secured: true,
			wantTests: []string{"PASS: TestHealthz", "PASS: TestNotImplemented", "PASS: TestInvalidRequest", "PASS: TestSecurity"}},
		{name: "oai-petstore", spec: filepath.Join(real, "oai-petstore.yaml"), shared: true,
			wantTests: []string{"PASS: TestNotImplemented", "PASS: TestInvalidRequest"}},
		{name: "swagger-petstore-v3", spec: filepath.Join(real, "swagger-petstore-v3.yaml"), shared: true, secured: true,
			wantTests: []string{"PASS: TestNotImplemented", "PASS: TestInvalidRequest", "PASS: TestSecurity"}},
		{name: "firecracker", spec: filepath.Join(real, "firecracker.json"), shared: true,
			wantTests: []string{"PASS: TestNotImplemented", "PASS: TestInvalidRequest"}},
		{name: "zoo", spec: zoo,
			wantTests: []string{"PASS: TestNotImplemented", "PASS: TestInvalidRequest"}},
		{name: "uploads", spec: uploads,
			wantTests: []string{"SKIP: TestNotImplemented", "PASS: TestInvalidRequest"}},
		// The API's own /healthz is served; the health check moves aside.
		{name: "health", spec: health, health: "/_healthz",
			wantTests: []string{"PASS: TestHealthz", "PASS: TestNotImplemented"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := os.Stat(tc.spec); err != nil {
				if tc.shared {
					t.Skipf("%s is absent; the shared corpus of real specs is not checked out next to this repository", tc.spec)
				}
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "svc")
			code, _, stderr := initRun(t, dir, "-spec", tc.spec, "-module", "example.com/svc", "-replace", repo)
			if code != 0 {
				t.Fatalf("gen init: exit %d: %s", code, stderr)
			}
			for _, name := range initScaffoldFiles {
				if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
					t.Errorf("%s is missing", name)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "auth.go")); (err == nil) != tc.secured {
				t.Errorf("auth.go: written %v, want %v", err == nil, tc.secured)
			}

			goCmd := func(args ...string) string {
				t.Helper()
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, goBin, args...)
				cmd.Dir = dir
				// Offline and strict: go.mod and go.sum must already be
				// complete, nothing may be fetched or added.
				cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
				}
				return string(out)
			}
			bin := filepath.Join(t.TempDir(), "svc")
			if runtime.GOOS == "windows" {
				bin += ".exe"
			}
			goCmd("build", "-o", bin, ".")
			goCmd("vet", "./...")
			out := goCmd("test", "-count=1", "-v", "./...")
			for _, want := range tc.wantTests {
				if !strings.Contains(out, want) {
					t.Errorf("the scaffold's tests lack %q:\n%s", want, out)
				}
			}

			before := initTree(t, dir)
			if tc.generate {
				goCmd("generate", "./...")
				initSameTree(t, before, initTree(t, dir))
			}

			// A second gen init refuses and changes nothing.
			code, _, stderr = initRun(t, dir, "-spec", tc.spec, "-module", "example.com/svc", "-replace", repo)
			if code != 1 || !strings.Contains(stderr, dir) || !strings.Contains(stderr, "not empty") {
				t.Errorf("second gen init: exit %d: %s", code, stderr)
			}
			initSameTree(t, before, initTree(t, dir))

			if tc.health == "" {
				tc.health = "/healthz"
			}
			initServe(t, bin, tc.health)
		})
	}
}

// initServe starts a scaffold's binary on a free port, checks its health
// check and that SIGTERM stops it cleanly.
func initServe(t *testing.T, bin, health string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Log("not running the binary: no SIGTERM on Windows")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan map[string]any)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				lines <- m
			}
		}
	}()
	next := func(msg string) map[string]any {
		t.Helper()
		for m := range lines {
			if m["msg"] == msg {
				return m
			}
		}
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("no %q in the binary's log; stderr: %s", msg, stderr.String())
		return nil
	}
	addr, _ := next("listening")["addr"].(string)
	resp, err := http.Get("http://" + addr + health)
	if err != nil {
		cmd.Process.Kill()
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %d", health, resp.StatusCode)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	next("stopped")
	for range lines {
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v; stderr: %s", err, stderr.String())
	}
}

// TestInitCopiesReferencedFiles scaffolds from a spec split over files: the
// files it refers to (and theirs) are copied beside it in api/, so that gen
// -config finds the package up to date; a file outside the spec's folder
// is named in a warning.
func TestInitCopiesReferencedFiles(t *testing.T) {
	dir := t.TempDir()
	initWrite(t, filepath.Join(dir, "spec", "api.yaml"), `openapi: 3.0.3
info: {title: Split, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: './schemas/pet.yaml#/Pet'}
`)
	initWrite(t, filepath.Join(dir, "spec", "schemas", "pet.yaml"), `Pet:
  type: object
  properties:
    name: {type: string}
    tag: {$ref: "tag.yaml#/Tag"}
`)
	initWrite(t, filepath.Join(dir, "spec", "schemas", "tag.yaml"), "Tag: {type: string}\n")
	target := filepath.Join(dir, "svc")
	code, _, stderr := initRun(t, target, "-spec", filepath.Join(dir, "spec", "api.yaml"), "-module", "example.com/split")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files := initTree(t, target)
	for _, name := range []string{"api/openapi.yaml", "api/schemas/pet.yaml", "api/schemas/tag.yaml"} {
		if _, ok := files[name]; !ok {
			t.Errorf("%s is missing", name)
		}
	}
	if strings.Contains(stderr, "refers to files outside") {
		t.Errorf("warned: %s", stderr)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-config", filepath.Join(target, "gen.yaml"), "-check"}, &out, &errb); code != 0 {
		t.Errorf("gen -config gen.yaml -check: exit %d\n%s%s", code, out.String(), errb.String())
	}

	// A ref that leaves the spec's folder cannot be copied: it is named.
	initWrite(t, filepath.Join(dir, "common.yaml"), "Tag: {type: string}\n")
	initWrite(t, filepath.Join(dir, "spec", "schemas", "tag.yaml"), "Tag: {$ref: '../../common.yaml#/Tag'}\n")
	code, _, stderr = initRun(t, filepath.Join(dir, "svc2"), "-spec", filepath.Join(dir, "spec", "api.yaml"), "-module", "example.com/split")
	if code != 0 || !strings.Contains(stderr, "refers to files outside its folder (../../common.yaml)") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
