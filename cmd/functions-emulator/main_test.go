package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

// TestMain lets a test re-run this binary as the real command.
func TestMain(m *testing.M) {
	if os.Getenv("FUNCTIONS_EMULATOR_RUN_MAIN") == "1" {
		os.Args = append([]string{"functions-emulator"}, strings.Fields(os.Getenv("FUNCTIONS_EMULATOR_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// syncBuffer is a bytes.Buffer safe for the server's and the test's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func start(t *testing.T, args ...string) (addr string, logs *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs = &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), logs, func(a string) { ready <- a })
	}()
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("run ended before listening: %v\n%s", err, logs)
	case <-time.After(5 * time.Second):
		cancel()
		t.Fatal("server did not start")
	}
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				err = errors.New("run did not return after cancel")
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return addr, logs, stop
}

type bearer string

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}

func post(t *testing.T, url, token, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func TestServeWithFiles(t *testing.T) {
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens.json")
	files := filepath.Join(dir, "files.json")
	os.WriteFile(tokens, []byte(`{"tokens": {"tok-admin": ["functionsAcl:READ","functionsAcl:WRITE","functionsAcl:RUN","sessionsAcl:CREATE","filesAcl:READ"], "tok-read": ["functionsAcl:READ"]}}`), 0o600)
	os.WriteFile(files, []byte(`[{"id": 42, "externalId": "echo-zip", "name": "echo.zip"}, {"id": 43, "name": "broken.zip"}]`), 0o600)
	addr, logs, stop := start(t, "-tokens", tokens, "-files", files, "-queue-delay", "5ms", "-deploy-delay", "5ms", "-call-duration", "5ms", "-log-level", "debug")
	base := "http://" + addr + "/api/v1/projects/demo"

	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()

	c, err := fn.NewClient(base, fn.WithHTTPClient(&http.Client{Transport: bearer("tok-admin")}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// The dev tokens are off when -tokens is given.
	if _, err := mustClient(t, base, "dev-admin").ListFunctions(ctx, nil); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("dev token with -tokens: %v", err)
	}
	// Files come from -files only: an unknown file id is refused.
	_, err = c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "echo", FileID: 44}}})
	var ae *fn.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 400 || len(ae.Missing) != 1 {
		t.Fatalf("unknown file: %v", err)
	}
	out, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "echo", FileID: 42}}})
	if err != nil {
		t.Fatal(err)
	}
	id := *out.Items[0].ID
	for deadline := time.Now().Add(5 * time.Second); ; {
		f, err := c.GetFunction(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if *f.Status == fn.FunctionStatusReady {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("function is %s", *f.Status)
		}
		time.Sleep(5 * time.Millisecond)
	}
	code, body := post(t, base+"/sessions", "tok-admin", `{"items":[{"tokenExchange":true}]}`)
	var sess struct{ Items []struct{ Nonce string } }
	if code != 200 || json.Unmarshal(body, &sess) != nil || len(sess.Items) != 1 {
		t.Fatalf("sessions: %d %s", code, body)
	}
	call, err := c.CallFunction(ctx, id, &fn.FunctionCallRequest{Data: map[string]any{"hello": "world"}, Nonce: &sess.Items[0].Nonce})
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); call.Status == fn.FunctionCallStatusRunning; {
		if time.Now().After(deadline) {
			t.Fatal("call never finished")
		}
		time.Sleep(5 * time.Millisecond)
		if call, err = c.GetFunctionCall(ctx, id, call.ID); err != nil {
			t.Fatal(err)
		}
	}
	r, err := c.GetFunctionCallResponse(ctx, id, call.ID)
	if err != nil || string(r.Response) != `{"hello":"world"}` {
		t.Fatalf("response %s %v", r.Response, err)
	}
	code, body = post(t, base+"/files/byids", "tok-admin", `{"items":[{"externalId":"echo-zip"},{"id":99}],"ignoreUnknownIds":true}`)
	if code != 200 || !strings.Contains(string(body), `"id":42`) || strings.Contains(string(body), `"id":99`) {
		t.Errorf("files/byids: %d %s", code, body)
	}

	if err := stop(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	for _, want := range []string{"functions emulator listening", "op=callFunction", "status=201", "request_id=", "shutting down", "stopped"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func mustClient(t *testing.T, base, token string) *fn.Client {
	c, err := fn.NewClient(base, fn.WithHTTPClient(&http.Client{Transport: bearer(token)}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDevDefaults(t *testing.T) {
	addr, _, _ := start(t)
	ctx := context.Background()
	base := "http://" + addr + "/api/v1/projects/p"
	// Without -files every file id exists; the dev tokens are on.
	out, err := mustClient(t, base, "dev-admin").CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{{Name: "echo", FileID: 123}}})
	if err != nil {
		t.Fatalf("create with auto files: %v", err)
	}
	_, err = mustClient(t, base, "dev-write").CallFunction(ctx, *out.Items[0].ID, &fn.FunctionCallRequest{Nonce: fn.Ptr("n")})
	var ae *fn.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 403 {
		t.Errorf("dev-write calling: %v", err)
	}
}

func TestBadArguments(t *testing.T) {
	dir := t.TempDir()
	badTokens := filepath.Join(dir, "t.json")
	os.WriteFile(badTokens, []byte(`{"tokens": {"t": ["functionsAcl:EXECUTE"]}}`), 0o600)
	badFiles := filepath.Join(dir, "f.json")
	os.WriteFile(badFiles, []byte(`[{"id": 0}]`), 0o600)
	for _, args := range [][]string{
		{"-tokens", badTokens},
		{"-tokens", filepath.Join(dir, "missing.json")},
		{"-files", badFiles},
		{"-log-level", "loud"},
		{"-deploy-delay", "-1s"},
		{"-no-such-flag"},
		{"extra"},
		{"-addr", "not an address"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), args, &out, nil)
		if err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// TestSignalShutdown runs the real command and stops it with SIGTERM.
func TestSignalShutdown(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "FUNCTIONS_EMULATOR_RUN_MAIN=1", "FUNCTIONS_EMULATOR_ARGS=-addr 127.0.0.1:0")
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill() }) // only when the test failed early
			lines := bufio.NewScanner(stderr)
			addrRe := regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)`)
			var addr string
			var seen []string
			for addr == "" && lines.Scan() {
				seen = append(seen, lines.Text())
				if m := addrRe.FindStringSubmatch(lines.Text()); m != nil {
					addr = m[1]
				}
			}
			if addr == "" {
				t.Fatalf("no listening line in %q", seen)
			}
			resp, err := http.Get("http://" + addr + "/healthz")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			var rest []string
			for lines.Scan() {
				rest = append(rest, lines.Text())
			}
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			select {
			case err := <-waited:
				if err != nil {
					t.Fatalf("exit: %v; logs %q", err, rest)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("did not exit after the signal")
			}
			if got := strings.Join(rest, "\n"); !strings.Contains(got, "shutting down") || !strings.Contains(got, "stopped") {
				t.Errorf("logs after %s: %s", sig, got)
			}
		})
	}
}
