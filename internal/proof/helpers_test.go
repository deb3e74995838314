package proof

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

// repoRoot is the module root: tools/, spec/ and cmd/ are found from it.
var repoRoot string

// emuBuild holds the emulator binary, built once for the package.
var emuBuild struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

func TestMain(m *testing.M) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, "proof:", err)
		os.Exit(2)
	}
	repoRoot = root
	code := m.Run()
	if emuBuild.dir != "" {
		os.RemoveAll(emuBuild.dir)
	}
	os.Exit(code)
}

const installHint = "run `make tools` (npm ci in tools/) to install the pinned proof tools"

// missingTool skips the test, or fails it when SPECGEN_PROOF_REQUIRED is
// set (for a CI that must not pass without the proofs).
func missingTool(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("SPECGEN_PROOF_REQUIRED") != "" {
		t.Fatalf("SPECGEN_PROOF_REQUIRED is set, but "+format, args...)
	}
	t.Skipf("skipping: "+format, args...)
}

// requireNode returns the path of node, or skips the test.
func requireNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		missingTool(t, "node is not on PATH; the proofs need Node 20 and the tools (%s)", installHint)
	}
	return node
}

// toolBin returns tools/node_modules/.bin/name, or skips the test.
func toolBin(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(repoRoot, "tools", "node_modules", ".bin", name)
	if _, err := os.Stat(p); err != nil {
		missingTool(t, "%s is not installed (%v); %s", p, err, installHint)
	}
	return p
}

// requirePrism returns the prism command, or skips the test.
func requirePrism(t *testing.T) string {
	t.Helper()
	requireNode(t)
	return toolBin(t, "prism")
}

// specPath is the spec every proof is about.
func specPath() string { return filepath.Join(repoRoot, "spec", "functions.yaml") }

// ---- processes ----

// syncBuffer collects a process's output; it is read while the process writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// proc is a child process started in a process group of its own, so that
// stopping it also stops whatever it spawned (prism forks node workers).
type proc struct {
	name string
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{}
}

// startProc starts argv in dir. It is stopped, with its whole process group,
// when the test ends; its output is logged if the test failed.
func startProc(t *testing.T, name, dir string, env []string, argv ...string) *proc {
	t.Helper()
	p := &proc{name: name, out: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(argv[0], argv[1:]...)
	p.cmd.Dir = dir
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	p.cmd.SysProcAttr = newProcAttr()
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	go func() {
		p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("---- output of %s (%s) ----\n%s", name, strings.Join(argv, " "), tail(p.out.String(), 12000))
		}
	})
	return p
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop ends the process group gently, then by force.
func (p *proc) stop() {
	if p.exited() {
		killGroup(p.cmd, true) // children may outlive the leader
		return
	}
	killGroup(p.cmd, false)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
	}
	killGroup(p.cmd, true)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
	}
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)

// waitFor waits until the process's output matches re and returns the
// first submatch.
func (p *proc) waitFor(t *testing.T, re *regexp.Regexp, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if m := re.FindStringSubmatch(ansi.ReplaceAllString(p.out.String(), "")); m != nil {
			return m[1]
		}
		if p.exited() {
			t.Fatalf("%s exited before it was ready (%v):\n%s", p.name, p.cmd.ProcessState, tail(p.out.String(), 8000))
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s was not ready after %v:\n%s", p.name, timeout, tail(p.out.String(), 8000))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "...\n" + s[len(s)-n:]
}

// waitHTTP polls url until anything answers.
func waitHTTP(t *testing.T, p *proc, url string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		cancel()
		if err == nil {
			resp.Body.Close()
			return
		}
		if p.exited() {
			t.Fatalf("%s exited: %v\n%s", p.name, p.cmd.ProcessState, tail(p.out.String(), 8000))
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer %s within %v: %v", p.name, url, timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ---- prism ----

var prismListening = regexp.MustCompile(`Prism is listening on (http://\S+)`)

// startPrism runs `prism <args...>` with -p 0 from the repo root and returns
// the address it listens on, read from its log, so no port can be taken
// between choosing and binding it.
func startPrism(t *testing.T, args ...string) (string, *proc) {
	t.Helper()
	bin := requirePrism(t)
	argv := append([]string{bin}, args...)
	argv = append(argv, "-h", "127.0.0.1", "-p", "0")
	p := startProc(t, "prism", repoRoot, []string{"NO_COLOR=1", "FORCE_COLOR=0"}, argv...)
	base := strings.TrimRight(p.waitFor(t, prismListening, 30*time.Second), "/")
	return base, p
}

// ---- emulator ----

// emulatorBinary builds cmd/functions-emulator once for the package.
func emulatorBinary(t *testing.T) string {
	t.Helper()
	emuBuild.once.Do(func() {
		goBin, err := exec.LookPath("go")
		if err != nil {
			emuBuild.err = err
			return
		}
		dir, err := os.MkdirTemp("", "specgen-proof-")
		if err != nil {
			emuBuild.err = err
			return
		}
		emuBuild.dir = dir
		emuBuild.bin = filepath.Join(dir, "functions-emulator")
		cmd := exec.Command(goBin, "build", "-o", emuBuild.bin, "./cmd/functions-emulator")
		cmd.Dir = repoRoot
		emuBuild.out, emuBuild.err = cmd.CombinedOutput()
	})
	if emuBuild.err != nil {
		t.Fatalf("go build ./cmd/functions-emulator: %v\n%s", emuBuild.err, emuBuild.out)
	}
	return emuBuild.bin
}

// The tokens the proofs' emulators accept: emuToken grants every capability
// the emulator knows, emuReadToken only functionsAcl:READ.
const (
	emuToken     = "proof-admin"
	emuReadToken = "proof-read"
)

var emuListening = regexp.MustCompile(`functions emulator listening"? addr=(\S+)`)

// emulator is a running cmd/functions-emulator.
type emulator struct {
	root string // http://127.0.0.1:PORT
	proc *proc
}

// startEmulator runs the emulator on a free port (it reports the one it
// got) with short delays and a tokens file with emuToken and emuReadToken;
// extra flags follow.
func startEmulator(t *testing.T, extra ...string) *emulator {
	t.Helper()
	bin := emulatorBinary(t)
	tokens := filepath.Join(t.TempDir(), "tokens.json")
	caps := []string{"functionsAcl:READ", "functionsAcl:WRITE", "functionsAcl:RUN", "sessionsAcl:CREATE", "filesAcl:READ"}
	b, _ := json.Marshal(map[string]any{"tokens": map[string][]string{emuToken: caps, emuReadToken: {"functionsAcl:READ"}}})
	if err := os.WriteFile(tokens, b, 0o600); err != nil {
		t.Fatal(err)
	}
	argv := append([]string{bin,
		"-addr", "127.0.0.1:0", "-tokens", tokens,
		"-queue-delay", "100ms", "-deploy-delay", "200ms", "-call-duration", "200ms",
		"-call-timeout", "5s", "-activation-delay", "200ms", "-log-level", "info"}, extra...)
	p := startProc(t, "functions-emulator", repoRoot, nil, argv...)
	addr := p.waitFor(t, emuListening, 30*time.Second)
	e := &emulator{root: "http://" + addr, proc: p}
	waitHTTP(t, p, e.root+"/healthz", 10*time.Second)
	return e
}

// projectURL is the emulator's base URL for project.
func (e *emulator) projectURL(project string) string { return e.root + "/api/v1/projects/" + project }

// nonce creates a token-exchange session in project straight at the
// emulator (POST /sessions is not part of spec/functions.yaml).
func (e *emulator) nonce(t *testing.T, project string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.projectURL(project)+"/sessions", strings.NewReader(`{"items":[{"tokenExchange":true}]}`))
	req.Header.Set("Authorization", "Bearer "+emuToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /sessions: %v", err)
	}
	defer resp.Body.Close()
	var out struct {
		Items []struct {
			Nonce string `json:"nonce"`
		} `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK || len(out.Items) != 1 || out.Items[0].Nonce == "" {
		t.Fatalf("POST /sessions: status %d, %+v, %v", resp.StatusCode, out, err)
	}
	return out.Items[0].Nonce
}

// ---- recording what Prism says about each exchange ----

// exchange is one request and what came back.
type exchange struct {
	Method, Path string
	Status       int
	Violations   string // the sl-violations header
	ContentType  string
	Body         string // kept for answers that Prism generated itself
}

// recorder is an http.RoundTripper that notes every response's status and
// sl-violations header: the generated client's hooks only see requests.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	log  []exchange
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	x := exchange{Method: req.Method, Path: req.URL.RequestURI(), Status: resp.StatusCode,
		Violations: resp.Header.Get("sl-violations"), ContentType: resp.Header.Get("Content-Type")}
	// Keep the body for reports and for re-checking; hand on a copy.
	var buf bytes.Buffer
	_, rerr := buf.ReadFrom(resp.Body)
	resp.Body.Close()
	if rerr != nil {
		return nil, rerr
	}
	x.Body = buf.String()
	resp.Body = readCloser{bytes.NewReader(buf.Bytes())}
	r.mu.Lock()
	r.log = append(r.log, x)
	r.mu.Unlock()
	return resp, nil
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

func (r *recorder) exchanges() []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]exchange(nil), r.log...)
}

// last returns the most recent exchange, for error messages.
func (r *recorder) last() exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.log) == 0 {
		return exchange{}
	}
	return r.log[len(r.log)-1]
}

// newProofClient returns a strict generated client for base whose every
// exchange is recorded. Retries are off, so nothing is hidden.
func newProofClient(t *testing.T, base, token string) (*fn.Client, *recorder) {
	t.Helper()
	rec := &recorder{base: http.DefaultTransport}
	c, err := fn.NewClient(base,
		fn.WithStrict(),
		fn.WithRetry(fn.RetryPolicy{MaxAttempts: 1}),
		fn.WithHTTPClient(&http.Client{Transport: rec, Timeout: 15 * time.Second}),
		fn.WithHeader("cdf-version", "20230101"),
		fn.WithRequestHook(func(r *http.Request) error {
			r.Header.Set("Authorization", "Bearer "+token)
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

// handlerMethods lists the operations of the generated Handler interface:
// the proofs check that they cover every one.
func handlerMethods() []string {
	ht := reflect.TypeFor[fn.Handler]()
	out := make([]string, 0, ht.NumMethod())
	for i := range ht.NumMethod() {
		out = append(out, ht.Method(i).Name)
	}
	return out
}

// prettyViolations indents an sl-violations header for a report.
func prettyViolations(h string) string {
	var v any
	if err := json.Unmarshal([]byte(h), &v); err != nil {
		return h
	}
	b, _ := json.MarshalIndent(v, "    ", "  ")
	return string(b)
}
