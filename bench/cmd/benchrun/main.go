// Command benchrun measures specgen against oapi-codegen and ogen in one run and
// writes bench/RESULTS.md. Run it from bench/ (bench/run.sh does):
//
//	go run ./cmd/benchrun
//
// It builds each generator once, then measures, for spec/functions.yaml and a few
// large real specs from ../../shared/specs/real:
//
//  1. generation: wall time and peak RSS of each generator process (median of
//     -runs runs);
//  2. output: lines of Go and a cold `go build` (fresh GOCACHE) of each
//     generated package, and its first build on a cache that holds only the
//     standard library;
//  3. run time: the Go benchmarks in ./runtime (decode+validate and encode of
//     1000-item lists), with a CPU profile of specgen's decode;
//  4. server: requests/s and latency of POST /functions/{functionId}/call
//     through each generator's server, each in its own process, driven by a
//     bounded loopback load generator.
//
// Every number is shown with its ratio to the best peer of its row.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/specgen/specgen/bench/internal/fixtures"
	"github.com/specgen/specgen/bench/internal/load"
	"github.com/specgen/specgen/bench/internal/servers"
)

var (
	flagRuns        = flag.Int("runs", 9, "generator runs per spec (median reported)")
	flagBigRuns     = flag.Int("big-runs", 3, "generator runs for specs over 1 MiB")
	flagRounds      = flag.Int("rounds", 5, "server rounds (each server once per round, interleaved; median reported)")
	flagBuildRounds = flag.Int("build-rounds", 5, "cold builds of our spec's package per generator and of every other spec's under 25s (3 at most for a close call over 25s), and first builds on the cached standard library of every spec's under 20s (interleaved; median reported)")
	flagPkgRuns     = flag.Int("pkg-runs", 7, "builds of our spec's package alone per generator (interleaved; median reported)")
	flagSpecs       = flag.String("specs", "../../shared/specs/real", "folder of the real specs")
	flagOnly        = flag.String("only", "gen,build,runtime,server", "rows to measure, comma-separated: gen, build, runtime, server")
	flagQuick       = flag.Bool("quick", false, "spec/functions.yaml only, 3 generator runs, 1 cold build, 1 benchmark count, 2 s of load")
	flagCount       = flag.Int("count", 3, "runs of the run-time benchmarks, each a go test -count 1 of every benchmark in turn (median reported)")
	flagBenchT      = flag.String("benchtime", "1s", "go test -benchtime for the run-time benchmarks")
	flagConc        = flag.Int("c", 32, "load generator concurrency")
	flagDur         = flag.Duration("d", 5*time.Second, "measured load duration per server")
	flagWarm        = flag.Duration("warmup", time.Second, "load warm-up per server (not measured)")
	flagMaxReq      = flag.Int("n", 2_000_000, "cap on measured requests per server")
	flagOut         = flag.String("o", "RESULTS.md", "file to write")
	flagKeep        = flag.Bool("keep", false, "keep the work folder (generated code, binaries, profiles)")
	realSpecList    = []string{"telegram-bot.json", "k8s-core-v1.json", "twilio-api-v2010.json", "github.json", "cognite-v1.json"}
)

var generators = []string{"specgen", "oapi-codegen", "ogen"}

type specFile struct {
	Name string // short name for tables
	Path string // absolute
	Size int64
}

type genResult struct {
	Spec, Gen string
	OK        bool
	Err       string // first error line when !OK
	Note      string
	Runs      int
	Wall      time.Duration
	RSS       int64 // KiB
	Dir       string

	Lines, Files int
	Bytes        int64

	Built        bool
	BuildErr     string
	BuildSkipped string
	Cold         time.Duration
	ColdRSS      int64
	Pkg          time.Duration // package alone, dependencies cached; 0 when not measured
	Std          time.Duration // first build with the standard library cached; 0 when not measured
	// ColdRounds and StdRounds are the builds round by round, in the order
	// the rounds ran, for ratios round by round.
	ColdRounds, StdRounds []time.Duration
	// Traces are what go build's own trace says of each cold build.
	Traces []buildTrace
}

type env struct {
	bench string // absolute bench/
	root  string // absolute repo root
	work  string // temp work folder
	bin   string // work/bin
}

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		os.Exit(1)
	}
}

func (e *env) logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[%s] %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

func run() error {
	t0 := time.Now()
	bench, err := os.Getwd()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(bench, "cmd", "benchrun")); err != nil {
		return fmt.Errorf("run me from bench/ (go run ./cmd/benchrun): %v", err)
	}
	work, err := os.MkdirTemp("", "specgen-bench-")
	if err != nil {
		return err
	}
	e := &env{bench: bench, root: filepath.Dir(bench), work: work, bin: filepath.Join(work, "bin")}
	if *flagKeep {
		e.logf("work folder: %s (kept)", work)
	} else {
		defer os.RemoveAll(work)
	}
	rows := map[string]bool{}
	for _, r := range strings.Split(*flagOnly, ",") {
		rows[strings.TrimSpace(r)] = true
	}
	if *flagQuick {
		*flagRuns = min(*flagRuns, 3)
		*flagCount = 1
		*flagDur = 2 * time.Second
		*flagWarm = 500 * time.Millisecond
		*flagRounds = 1
		*flagBuildRounds = 1
		*flagPkgRuns = min(*flagPkgRuns, 3)
	}

	var r report
	r.machine = machineInfo(e)
	r.loadStart = loadAvg()
	r.flags = os.Args[1:]

	specs := []specFile{{Name: "functions.yaml (ours)", Path: filepath.Join(e.root, "spec", "functions.yaml")}}
	if !*flagQuick {
		dir := *flagSpecs
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(bench, dir)
		}
		for _, name := range realSpecList {
			p := filepath.Join(dir, name)
			if _, err := os.Stat(p); err != nil {
				msg := fmt.Sprintf("%s: absent (%s), skipped", name, p)
				e.logf("%s", msg)
				r.skipped = append(r.skipped, msg)
				continue
			}
			specs = append(specs, specFile{Name: name, Path: p})
		}
	}
	for i := range specs {
		if fi, err := os.Stat(specs[i].Path); err == nil {
			specs[i].Size = fi.Size()
		}
	}
	r.specs = specs

	if rows["gen"] || rows["build"] {
		e.logf("building the generators")
		if err := e.buildGenerators(&r); err != nil {
			return err
		}
		r.gens = e.generation(specs)
		r.stale = e.staleness(r.gens)
		if rows["build"] {
			e.builds(r.gens)
			r.buildsDone = true
		}
	}
	if rows["runtime"] {
		e.logf("run-time benchmarks")
		r.coverage, r.benchErr = e.coverage()
		if r.benchErr == "" {
			r.bench, r.benchErr = e.runtimeBench()
		}
		r.profile = e.profile()
	}
	if rows["server"] {
		e.logf("server benchmarks")
		r.serverProc, r.serverProcErr = e.goBench("./internal/servers", "^BenchmarkServeHTTP$")
		r.servers, r.serverErr = e.serverBench()
	}
	r.elapsed = time.Since(t0)
	r.loadEnd = loadAvg()
	out := *flagOut
	if err := os.WriteFile(out, []byte(r.markdown()), 0o644); err != nil {
		return err
	}
	e.logf("wrote %s in %s", out, r.elapsed.Round(time.Second))
	return nil
}

// ---------------------------------------------------------------- processes

type procResult struct {
	Wall   time.Duration
	RSS    int64 // KiB, ru_maxrss of the process and its waited-for children
	Output []byte
	Err    error
}

func runProc(dir string, extraEnv []string, name string, args ...string) procResult {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), extraEnv...)
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	t := time.Now()
	err := cmd.Run()
	res := procResult{Wall: time.Since(t), Output: buf.Bytes(), Err: err}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			res.RSS = ru.Maxrss
		}
	}
	return res
}

var noise = regexp.MustCompile(`^(INFO|WARN|DEBUG)\b|^- std-http-server: |^WARNING: A number of warning|^\s*$`)
var goErr = regexp.MustCompile(`^\S+\.go:\d+(:\d+)?: `)
var errWord = regexp.MustCompile(`(?i)error|fail|not implemented|cannot|invalid|panic|duplicate|conflict`)

// firstError picks the line of a failed command's output that says what went wrong.
func firstError(out []byte, err error) string {
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimRight(l, "\r\t ")
		if noise.MatchString(l) {
			continue
		}
		lines = append(lines, strings.TrimSpace(l))
	}
	pick := ""
	// ogen points at the spec ("- file:line:col -> what"); prefer that, then
	// any line that names an error and is not just a heading ending in ':'.
	for _, l := range lines {
		if strings.HasPrefix(l, "- ") && strings.Contains(l, " -> ") {
			pick = strings.TrimPrefix(l, "- ")
			break
		}
	}
	for _, l := range lines {
		if pick == "" && goErr.MatchString(l) {
			pick = l
		}
	}
	for _, l := range lines {
		if pick == "" && errWord.MatchString(l) && !strings.HasSuffix(l, ":") {
			pick = l
		}
	}
	if pick == "" && len(lines) > 0 {
		pick = lines[0]
	}
	if pick == "" && err != nil {
		pick = err.Error()
	}
	if len(pick) > 180 {
		pick = pick[:177] + "..."
	}
	return pick
}

// ---------------------------------------------------------------- machine

// loadAvg is /proc/loadavg's 1, 5 and 15 minute load averages: other work on
// the machine skews every number here, so the report says how busy it was.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

type machine struct {
	CPU, Cores, Mem, Go, Kernel, Specgen string
	Peers                                []string
}

func machineInfo(e *env) machine {
	m := machine{Cores: strconv.Itoa(runtime.NumCPU())}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "MemTotal:") {
				f := strings.Fields(l)
				if len(f) >= 2 {
					kb, _ := strconv.ParseFloat(f[1], 64)
					m.Mem = fmt.Sprintf("%.1f GiB", kb/1024/1024)
				}
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(b))
	}
	if p := runProc(e.bench, nil, "go", "version"); p.Err == nil {
		m.Go = strings.TrimSpace(string(p.Output))
	}
	m.Specgen = headCommit(e.root)
	if p := runProc(e.bench, nil, "go", "list", "-m", "github.com/oapi-codegen/oapi-codegen/v2", "github.com/ogen-go/ogen", "github.com/getkin/kin-openapi", "github.com/oapi-codegen/runtime", "github.com/go-faster/jx"); p.Err == nil {
		for _, l := range strings.Split(strings.TrimSpace(string(p.Output)), "\n") {
			m.Peers = append(m.Peers, l)
		}
	}
	return m
}

// headCommit reads the checked-out commit from .git without running git;
// in a worktree, .git is a file naming the folder that holds its HEAD.
func headCommit(root string) string {
	git := filepath.Join(root, ".git")
	if b, err := os.ReadFile(git); err == nil {
		if dir, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir: "); ok {
			git = dir
		}
	}
	b, err := os.ReadFile(filepath.Join(git, "HEAD"))
	if err != nil {
		return "unknown"
	}
	head := strings.TrimSpace(string(b))
	ref, ok := strings.CutPrefix(head, "ref: ")
	if !ok {
		return short(head)
	}
	if b, err := os.ReadFile(filepath.Join(root, ".git", ref)); err == nil {
		return short(strings.TrimSpace(string(b))) + " (" + strings.TrimPrefix(ref, "refs/heads/") + ")"
	}
	if b, err := os.ReadFile(filepath.Join(root, ".git", "packed-refs")); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if h, r, ok := strings.Cut(l, " "); ok && r == ref {
				return short(h) + " (" + strings.TrimPrefix(ref, "refs/heads/") + ")"
			}
		}
	}
	return "unknown"
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// ---------------------------------------------------------------- row 1: generation

func (e *env) buildGenerators(r *report) error {
	if err := os.MkdirAll(e.bin, 0o755); err != nil {
		return err
	}
	builds := []struct {
		name, dir string
		args      []string
	}{
		{"specgen", e.root, []string{"build", "-o", filepath.Join(e.bin, "specgen"), "./cmd/gen"}},
		{"oapi-codegen", e.bench, []string{"build", "-o", filepath.Join(e.bin, "oapi-codegen"), "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"}},
		{"ogen", e.bench, []string{"build", "-o", filepath.Join(e.bin, "ogen"), "github.com/ogen-go/ogen/cmd/ogen"}},
	}
	for _, b := range builds {
		p := runProc(b.dir, nil, "go", b.args...)
		if p.Err != nil {
			return fmt.Errorf("building %s: %v\n%s", b.name, p.Err, p.Output)
		}
		r.genBuild = append(r.genBuild, "go "+strings.Join(relArgs(e, b.args), " ")+"   # in "+rel(e, b.dir))
	}
	return nil
}

func rel(e *env, p string) string {
	if r, err := filepath.Rel(e.bench, p); err == nil {
		if r == "." {
			return "bench/"
		}
		return "bench/" + r
	}
	return p
}

func relArgs(e *env, args []string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		if strings.HasPrefix(a, e.work) {
			out[i] = "$WORK" + strings.TrimPrefix(a, e.work)
		}
	}
	return out
}

const oapiConfig = `package: api
generate:
  models: true
  client: true
  std-http-server: true
output: api_gen.go
`

const ogenConfig = `generator:
  ignore_not_implemented: ["all"]
`

// genCommand returns the command line of one generator for one spec, writing
// whatever configuration it needs into dir.
func (e *env) genCommand(gen, specPath, dir string, ogenIgnore bool) (string, []string, error) {
	switch gen {
	case "specgen":
		return filepath.Join(e.bin, "specgen"), []string{"-spec", specPath, "-out", dir, "-package", "api"}, nil
	case "oapi-codegen":
		if err := os.WriteFile(filepath.Join(dir, "oapi-codegen.yaml"), []byte(oapiConfig), 0o644); err != nil {
			return "", nil, err
		}
		return filepath.Join(e.bin, "oapi-codegen"), []string{"-config", "oapi-codegen.yaml", specPath}, nil
	case "ogen":
		args := []string{"--target", dir, "--package", "api", "--clean"}
		if ogenIgnore {
			if err := os.WriteFile(filepath.Join(dir, "ogen.yml"), []byte(ogenConfig), 0o644); err != nil {
				return "", nil, err
			}
			args = append(args, "--config", "ogen.yml")
		}
		return filepath.Join(e.bin, "ogen"), append(args, specPath), nil
	}
	return "", nil, fmt.Errorf("unknown generator %s", gen)
}

// prepareDir makes an empty module folder for one generated package: a go.mod
// (oapi-codegen's std-http-server looks for one, and the build needs it) and
// nothing else.
func (e *env) prepareDir(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/api\n\ngo 1.26\n"), 0o644)
}

func clearGo(dir string) {
	ents, _ := os.ReadDir(dir)
	for _, en := range ents {
		if strings.HasSuffix(en.Name(), ".go") {
			os.Remove(filepath.Join(dir, en.Name()))
		}
	}
}

var skippedOp = regexp.MustCompile(`Skipping operation`)

// generation runs every generator on every spec. The runs are interleaved
// (specgen, oapi-codegen, ogen, specgen, ...) so that a busy neighbour on the
// machine slows all peers alike rather than one of them.
func (e *env) generation(specs []specFile) []*genResult {
	var out []*genResult
	for si, s := range specs {
		runs := *flagRuns
		if s.Size > 1<<20 && *flagBigRuns < runs {
			runs = *flagBigRuns
		}
		var res []*genResult
		ogenIgnore := false
		for _, g := range generators {
			r := &genResult{Spec: s.Name, Gen: g, Dir: filepath.Join(e.work, "gen", strconv.Itoa(si), g)}
			out = append(out, r)
			res = append(res, r)
			if err := e.prepareDir(r.Dir); err != nil {
				r.Err = err.Error()
				continue
			}
			if g == "ogen" {
				// First as documented (flags only); when that stops at a feature
				// ogen has not implemented, its own advice is to ignore such
				// features, which skips the operations that use them.
				name, args, _ := e.genCommand(g, s.Path, r.Dir, false)
				p := runProc(r.Dir, nil, name, args...)
				if p.Err != nil {
					msg := firstError(p.Output, p.Err)
					if !bytes.Contains(p.Output, []byte("is not implemented yet")) {
						r.Err = msg
						continue
					}
					ogenIgnore = true
					r.Note = "plain flags fail (" + msg + "); measured with ignore_not_implemented: [all]"
				}
			}
		}
		walls := make([][]time.Duration, len(res))
		rss := make([][]int64, len(res))
		last := make([]procResult, len(res))
		for range runs {
			for i, r := range res {
				if r.Err != "" {
					continue
				}
				clearGo(r.Dir)
				name, args, err := e.genCommand(r.Gen, s.Path, r.Dir, ogenIgnore)
				if err != nil {
					r.Err = err.Error()
					continue
				}
				p := runProc(r.Dir, nil, name, args...)
				if p.Err != nil {
					r.Err = firstError(p.Output, p.Err)
					continue
				}
				last[i] = p
				walls[i] = append(walls[i], p.Wall)
				rss[i] = append(rss[i], p.RSS)
			}
		}
		for i, r := range res {
			if r.Err != "" {
				e.logf("gen %-13s %-24s FAILS: %s", r.Gen, s.Name, r.Err)
				continue
			}
			r.OK = true
			r.Runs = len(walls[i])
			r.Wall = median(walls[i])
			r.RSS = median(rss[i])
			if r.Gen == "specgen" {
				if n := bytes.Count(last[i].Output, []byte("gen: warning:")); n > 0 {
					r.Note = fmt.Sprintf("%d warnings (constructs generated with a fallback)", n)
				}
			}
			if r.Gen == "ogen" && ogenIgnore {
				n := len(skippedOp.FindAll(last[i].Output, -1))
				r.Note = fmt.Sprintf("%s; skipped %d operations", r.Note, n)
			}
			r.Files, r.Lines, r.Bytes = countGo(r.Dir)
			e.logf("gen %-13s %-24s %8s %7.1f MiB  %d lines (%d runs)", r.Gen, s.Name, r.Wall.Round(time.Millisecond), float64(r.RSS)/1024, r.Lines, r.Runs)
		}
	}
	return out
}

// staleness compares the peers' code committed under internal/ (which the
// run-time and server rows use) with what the same generators make from
// spec/functions.yaml now, package name aside.
func (e *env) staleness(gens []*genResult) []string {
	var out []string
	for _, c := range []struct{ gen, dir, pkg string }{{"oapi-codegen", "internal/oapi", "oapi"}, {"ogen", "internal/ogen", "ogen"}} {
		var fresh *genResult
		for _, g := range gens[:len(generators)] {
			if g.Gen == c.gen && g.OK {
				fresh = g
			}
		}
		if fresh == nil {
			continue
		}
		norm := func(b []byte, pkg string) string {
			s := string(b)
			s = strings.Replace(s, "package "+pkg+"\n", "package PKG\n", 1)
			s = strings.Replace(s, "// Package "+pkg+" ", "// Package PKG ", 1)
			return s
		}
		committed := map[string]string{}
		ents, _ := os.ReadDir(filepath.Join(e.bench, c.dir))
		for _, en := range ents {
			if strings.HasSuffix(en.Name(), "_gen.go") {
				b, _ := os.ReadFile(filepath.Join(e.bench, c.dir, en.Name()))
				// Both name a file after the package: oapi_gen.go, ogen_validators_unique_gen.go.
				name := en.Name()
				if rest, ok := strings.CutPrefix(name, c.pkg+"_"); ok {
					name = "api_" + rest
				}
				committed[name] = norm(b, c.pkg)
			}
		}
		now := map[string]string{}
		ents, _ = os.ReadDir(fresh.Dir)
		for _, en := range ents {
			if strings.HasSuffix(en.Name(), "_gen.go") {
				b, _ := os.ReadFile(filepath.Join(fresh.Dir, en.Name()))
				now[en.Name()] = norm(b, "api")
			}
		}
		same := len(now) == len(committed)
		for k, v := range now {
			if committed[k] != v {
				same = false
			}
		}
		if !same {
			msg := fmt.Sprintf("bench/%s is stale: spec/functions.yaml changed since it was generated; the run-time and server rows used the committed code. Regenerate with `cd bench && go generate ./internal/...`.", c.dir)
			e.logf("%s", msg)
			out = append(out, msg)
		}
	}
	return out
}

func countGo(dir string) (files, lines int, size int64) {
	ents, _ := os.ReadDir(dir)
	for _, en := range ents {
		if !strings.HasSuffix(en.Name(), ".go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, en.Name()))
		if err != nil {
			continue
		}
		files++
		lines += bytes.Count(b, []byte("\n"))
		size += int64(len(b))
	}
	return
}

func median[T int64 | time.Duration | float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ---------------------------------------------------------------- row 2: builds

// goModFor writes the go.mod of a generated package: the bench module's own
// requirements (so the peers' runtime libraries are at the versions measured
// here), then go mod tidy, which is not timed.
func (e *env) goModFor(dir string) error {
	b, err := os.ReadFile(filepath.Join(e.bench, "go.mod"))
	if err != nil {
		return err
	}
	var out []string
	inTool := false
	for _, l := range strings.Split(string(b), "\n") {
		t := strings.TrimSpace(l)
		switch {
		case inTool:
			if t == ")" {
				inTool = false
			}
			continue
		case t == "tool (":
			inTool = true
			continue
		case strings.HasPrefix(t, "tool "), strings.HasPrefix(t, "replace "), strings.HasPrefix(t, "github.com/specgen/specgen "), strings.HasPrefix(t, "require github.com/specgen/specgen "):
			continue
		case strings.HasPrefix(t, "module "):
			l = "module example.com/api"
		}
		out = append(out, l)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(strings.Join(out, "\n")), 0o644); err != nil {
		return err
	}
	if sum, err := os.ReadFile(filepath.Join(e.bench, "go.sum")); err == nil {
		os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
	}
	p := runProc(dir, []string{"GOFLAGS=-mod=mod"}, "go", "mod", "tidy")
	if p.Err != nil {
		return errors.New(firstError(p.Output, p.Err))
	}
	return nil
}

// builds measures the cold build of every generated package, its first
// build on a cache that holds only the standard library and, for our spec,
// the build of the package alone. Our spec's builds are repeated and
// interleaved across the generators (-build-rounds cold builds and first
// builds, then -pkg-runs builds of the package alone on the cache of the
// last one), with the median reported; the other specs' cold builds and
// first builds are repeated like ours when under coldRepeatBelow and
// stdRepeatBelow, and made once otherwise.
func (e *env) builds(gens []*genResult) {
	for _, g := range gens {
		if !g.OK {
			continue
		}
		if err := e.goModFor(g.Dir); err != nil {
			g.BuildErr = "go mod tidy: " + err.Error()
			e.logf("build %-13s %-24s FAILS: %s", g.Gen, g.Spec, g.BuildErr)
		}
	}
	ok := func(g *genResult) bool { return g.OK && g.BuildErr == "" }
	ours := gens[:min(len(generators), len(gens))]
	stdCache, err := e.primeStd(gens, ok)
	if err != nil {
		e.logf("build: no cache of the standard library, so no first builds on it: %v", err)
	}
	// stdBuild builds g's package on a copy of stdCache: everything but the
	// standard library is compiled, as on a machine that has built any Go
	// program before.
	stdBuild := func(g *genResult) (time.Duration, bool) {
		if stdCache == "" {
			return 0, false
		}
		cache, err := os.MkdirTemp(e.work, "gocache-std-")
		if err != nil {
			return 0, false
		}
		defer os.RemoveAll(cache)
		if p := runProc(e.work, nil, "cp", "-a", stdCache+"/.", cache); p.Err != nil {
			e.logf("build: copying the standard library's cache: %s", firstError(p.Output, p.Err))
			return 0, false
		}
		p := timedBuild(g.Dir, cache)
		if p.Err != nil {
			e.logf("build %-13s %-24s on the cached standard library FAILS: %s", g.Gen, g.Spec, firstError(p.Output, p.Err))
			return 0, false
		}
		return p.Wall, true
	}
	defer func() {
		if stdCache != "" {
			os.RemoveAll(stdCache)
		}
	}()

	// Our spec: cold builds in rounds, each generator once per round.
	caches := map[*genResult]string{}
	colds := map[*genResult][]time.Duration{}
	stds := map[*genResult][]time.Duration{}
	rounds := max(*flagBuildRounds, 1)
	for round := range rounds {
		for _, g := range turns(ours, round) {
			if !ok(g) {
				continue
			}
			if c := caches[g]; c != "" {
				os.RemoveAll(c)
			}
			wall, rss, cache, err := e.coldBuild(g)
			if err != nil {
				g.BuildErr = err.Error()
				e.logf("build %-13s %-24s FAILS: %s", g.Gen, g.Spec, g.BuildErr)
				continue
			}
			caches[g] = cache
			colds[g] = append(colds[g], wall)
			g.ColdRSS = max(g.ColdRSS, rss)
			e.logf("build %-13s %-24s cold %8s  (round %d of %d)", g.Gen, g.Spec, wall.Round(10*time.Millisecond), round+1, rounds)
			if d, ok := stdBuild(g); ok {
				stds[g] = append(stds[g], d)
				e.logf("build %-13s %-24s std cached %8s  (round %d of %d)", g.Gen, g.Spec, d.Round(10*time.Millisecond), round+1, rounds)
			}
		}
	}
	// The package alone: a new file changes the package's inputs, so go
	// build compiles it again while every dependency comes from the cache.
	pkgs := map[*genResult][]time.Duration{}
	for run := range max(*flagPkgRuns, 1) {
		for _, g := range turns(ours, run) {
			if !ok(g) || caches[g] == "" {
				continue
			}
			touch := filepath.Join(g.Dir, "zz_bench_touch.go")
			if err := os.WriteFile(touch, []byte(fmt.Sprintf("package api\n\nconst benchTouch%d = 1\n", run)), 0o644); err != nil {
				continue
			}
			if q := timedBuild(g.Dir, caches[g]); q.Err == nil {
				pkgs[g] = append(pkgs[g], q.Wall)
			}
			os.Remove(touch)
		}
	}
	for _, g := range ours {
		if c := caches[g]; c != "" {
			os.RemoveAll(c)
		}
		if !ok(g) || len(colds[g]) == 0 {
			continue
		}
		g.Built, g.Cold, g.Pkg = true, median(colds[g]), median(pkgs[g])
		g.ColdRounds, g.StdRounds = colds[g], stds[g]
		if len(stds[g]) > 0 {
			g.Std = median(stds[g])
		}
		e.logf("build %-13s %-24s cold %8s  std cached %8s  pkg %8s  (medians of %d, %d and %d)", g.Gen, g.Spec, g.Cold.Round(10*time.Millisecond), g.Std.Round(10*time.Millisecond), g.Pkg.Round(10*time.Millisecond), len(colds[g]), len(stds[g]), len(pkgs[g]))
	}

	// The other specs, spec by spec: a round of cold builds, each followed
	// by a first build on the standard library's cache, the generators in
	// turn; then as many more rounds as coldRounds says, the order turning
	// from round to round as for our spec.
	rest := gens[len(ours):]
	for at := 0; at < len(rest); at += len(generators) {
		group := rest[at:min(at+len(generators), len(rest))]
		colds, stds := map[*genResult][]time.Duration{}, map[*genResult][]time.Duration{}
		// A generator's builds are repeated, round after round, when its
		// first is under coldRepeatBelow (stdRepeatBelow); its cold builds
		// also for as many rounds as coldRounds gives the spec.
		more := func(m map[*genResult][]time.Duration, g *genResult, round int, below time.Duration) bool {
			return round == 0 || round < rounds && len(m[g]) > 0 && m[g][0] < below
		}
		nCold := 1
		for round := range rounds {
			for _, g := range turns(group, round) {
				if !ok(g) {
					continue
				}
				if round < nCold || more(colds, g, round, coldRepeatBelow) {
					wall, rss, cache, err := e.coldBuild(g)
					os.RemoveAll(cache)
					if err != nil && round > 0 {
						// The first round built it: a repeat that fails is
						// left out of the median, not taken for a failure.
						e.logf("build %-13s %-24s cold, round %d, fails: %v", g.Gen, g.Spec, round+1, err)
						continue
					}
					if err != nil {
						g.BuildErr = err.Error()
						e.logf("build %-13s %-24s FAILS: %s", g.Gen, g.Spec, g.BuildErr)
						continue
					}
					g.Built, g.ColdRSS = true, max(g.ColdRSS, rss)
					colds[g] = append(colds[g], wall)
					e.logf("build %-13s %-24s cold %8s  (round %d)", g.Gen, g.Spec, wall.Round(10*time.Millisecond), round+1)
				}
				if more(stds, g, round, stdRepeatBelow) {
					if d, ok := stdBuild(g); ok {
						stds[g] = append(stds[g], d)
						e.logf("build %-13s %-24s std cached %8s  (round %d)", g.Gen, g.Spec, d.Round(10*time.Millisecond), round+1)
					}
				}
			}
			if round == 0 {
				nCold = coldRounds(group, colds, rounds)
			}
		}
		for _, g := range group {
			if len(colds[g]) > 0 {
				g.Cold = median(colds[g])
			}
			if len(stds[g]) > 0 {
				g.Std = median(stds[g])
			}
			g.ColdRounds, g.StdRounds = colds[g], stds[g]
			if len(colds[g]) > 1 || len(stds[g]) > 1 {
				e.logf("build %-13s %-24s cold %8s  std cached %8s  (medians of %d and %d)", g.Gen, g.Spec, g.Cold.Round(10*time.Millisecond), g.Std.Round(10*time.Millisecond), len(colds[g]), len(stds[g]))
			}
		}
	}
}

// coldRounds is how many rounds of cold builds every generator gets on a
// spec other than ours, given its first round (one build per generator)
// and the rounds our spec gets: closeRounds when the first round is a
// close call, specgen's cold build within closeCall of the best peer's (a
// single build each cannot settle that on a shared machine, where cold
// builds move by several seconds), and one otherwise. Builds under
// coldRepeatBelow are repeated as for our spec in any case.
func coldRounds(group []*genResult, colds map[*genResult][]time.Duration, rounds int) int {
	var ours, best time.Duration
	for _, g := range group {
		if len(colds[g]) == 0 {
			continue
		}
		if d := colds[g][0]; g.Gen == "specgen" {
			ours = d
		} else if best == 0 || d < best {
			best = d
		}
	}
	if ours > 0 && best > 0 {
		if r := float64(ours) / float64(best); r <= closeCall && r >= 1/closeCall {
			return min(rounds, closeRounds)
		}
	}
	return 1
}

// closeCall and closeRounds: see coldRounds.
const (
	closeCall   = 1.10
	closeRounds = 3
)

// stdRepeatBelow and coldRepeatBelow are the first builds, on the standard
// library's cache and cold, under which the other specs' builds are
// repeated.
const stdRepeatBelow, coldRepeatBelow = 20 * time.Second, 25 * time.Second

// primeStd compiles, into a new GOCACHE it returns, every package of the
// standard library that any generated package to be built imports, directly
// or not.
func (e *env) primeStd(gens []*genResult, ok func(*genResult) bool) (string, error) {
	set := map[string]bool{}
	dir := ""
	for _, g := range gens {
		if !ok(g) {
			continue
		}
		std, err := stdPackages(g.Dir)
		if err != nil {
			return "", fmt.Errorf("go list in %s: %w", g.Dir, err)
		}
		for l := range std {
			// Vendored and internal packages cannot be named; the packages
			// that import them bring them in.
			if !strings.HasPrefix(l, "vendor/") && !strings.HasPrefix(l, "internal/") && !strings.Contains(l, "/internal") {
				set[l] = true
			}
		}
		dir = g.Dir
	}
	if len(set) == 0 {
		return "", errors.New("no package to build")
	}
	pkgs := make([]string, 0, len(set))
	for p := range set {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	cache, err := os.MkdirTemp(e.work, "gocache-stdlib-")
	if err != nil {
		return "", err
	}
	p := runProc(dir, []string{"GOCACHE=" + cache}, "go", append([]string{"build"}, pkgs...)...)
	if p.Err != nil {
		os.RemoveAll(cache)
		return "", errors.New(firstError(p.Output, p.Err))
	}
	e.logf("build: standard library cached (%d packages, %s)", len(pkgs), p.Wall.Round(10*time.Millisecond))
	return cache, nil
}

// timedBuild runs go build in dir with the given GOCACHE, after flushing to
// disk what earlier steps wrote (a copied cache, the previous build's
// cache): otherwise their write-back runs during this build and is charged
// to it, and a generator that follows a larger one pays for the other's
// output. flags are go build's, before the package.
func timedBuild(dir, cache string, flags ...string) procResult {
	syscall.Sync()
	return runProc(dir, []string{"GOCACHE=" + cache}, "go", append(append([]string{"build"}, flags...), ".")...)
}

// coldBuild builds g's package with a new, empty GOCACHE, which it returns
// for the caller to reuse or remove. The go command's trace of the build
// is added to g.Traces.
func (e *env) coldBuild(g *genResult) (time.Duration, int64, string, error) {
	cache, err := os.MkdirTemp(e.work, "gocache-")
	if err != nil {
		return 0, 0, "", err
	}
	trace := cache + ".trace.json"
	defer os.Remove(trace)
	p := timedBuild(g.Dir, cache, "-debug-trace="+trace)
	if p.Err != nil {
		os.RemoveAll(cache)
		return 0, 0, "", errors.New(firstError(p.Output, p.Err))
	}
	if std, err := stdPackages(g.Dir); err != nil {
		e.logf("build %-13s %-24s trace not read: %v", g.Gen, g.Spec, err)
	} else if t, err := readBuildTrace(trace, std); err != nil {
		e.logf("build %-13s %-24s trace not read: %v", g.Gen, g.Spec, err)
	} else {
		g.Traces = append(g.Traces, t)
	}
	return p.Wall, p.RSS, cache, nil
}

// buildTrace is what the go command's trace (go build -debug-trace) says
// of a cold build. Most of a cold build is the standard library, which is
// the same whichever generator wrote the package, but for the few packages
// each imports beyond net/http and the order the go command takes them in;
// these two are the part the generator decides.
type buildTrace struct {
	// AfterStd is how long the build ran on after the last package of the
	// standard library was compiled: the generated package and what of its
	// libraries had to wait for the standard library.
	AfterStd time.Duration
	// Own is the compile time of the packages outside the standard
	// library, the generated package and the generator's libraries, added
	// up (they may overlap each other and the standard library).
	Own time.Duration
}

// stdPackages lists the standard library's packages the package in dir
// depends on, vendored ones included.
func stdPackages(dir string) (map[string]bool, error) {
	p := runProc(dir, nil, "go", "list", "-deps", "-f", "{{if .Standard}}{{.ImportPath}}{{end}}", ".")
	if p.Err != nil {
		return nil, errors.New(firstError(p.Output, p.Err))
	}
	set := map[string]bool{}
	for _, l := range strings.Fields(string(p.Output)) {
		set[l] = true
	}
	return set, nil
}

// readBuildTrace reads a trace of go build -debug-trace: the spans of its
// "Executing action (build PKG)" events, each package's compile.
func readBuildTrace(file string, std map[string]bool) (buildTrace, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return buildTrace{}, err
	}
	var events []struct {
		Name string  `json:"name"`
		Ph   string  `json:"ph"`
		Ts   float64 `json:"ts"` // microseconds
	}
	if err := json.Unmarshal(data, &events); err != nil {
		return buildTrace{}, fmt.Errorf("%s: %w", file, err)
	}
	const prefix, suffix = "Executing action (build ", ")"
	begun := map[string]float64{}
	var stdEnd, end, own float64
	compiled := 0
	for _, ev := range events {
		end = max(end, ev.Ts)
		pkg, ok := strings.CutPrefix(ev.Name, prefix)
		if !ok || strings.HasPrefix(pkg, "check cache ") {
			continue
		}
		pkg = strings.TrimSuffix(pkg, suffix)
		switch ev.Ph {
		case "B":
			begun[pkg] = ev.Ts
		case "E":
			start, ok := begun[pkg]
			if !ok {
				continue
			}
			compiled++
			if std[pkg] {
				stdEnd = max(stdEnd, ev.Ts)
			} else {
				own += ev.Ts - start
			}
		}
	}
	if compiled == 0 || stdEnd == 0 {
		return buildTrace{}, fmt.Errorf("%s: no compile of the standard library in the trace", file)
	}
	us := func(f float64) time.Duration { return time.Duration(f * float64(time.Microsecond)) }
	return buildTrace{AfterStd: us(end - stdEnd), Own: us(own)}, nil
}

// ---------------------------------------------------------------- row 3: run time

type benchLine struct {
	Name                string // e.g. DecodeValidate/calls/specgen
	NsOp, BOp, AllocsOp float64
}

var benchRe = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(?:\s+[\d.]+ MB/s)?\s+(\d+) B/op\s+(\d+) allocs/op`)

type coverageLine struct{ Case, Peer, Verdict string }

// coverage runs the tests of the run-time benchmarks and of the servers: every
// peer accepts the fixtures; TestCoverage says which peer rejects which broken
// document.
func (e *env) coverage() ([]coverageLine, string) {
	if p := runProc(e.bench, nil, "go", "test", "-count=1", "./internal/..."); p.Err != nil {
		return nil, "tests failed: " + firstError(p.Output, p.Err)
	}
	p := runProc(e.bench, nil, "go", "test", "-count=1", "-v", "./runtime")
	if p.Err != nil {
		return nil, "tests failed: " + firstError(p.Output, p.Err)
	}
	var out []coverageLine
	for _, l := range strings.Split(string(p.Output), "\n") {
		_, rest, ok := strings.Cut(l, "COVERAGE\t")
		if !ok {
			continue
		}
		f := strings.Split(rest, "\t")
		if len(f) == 3 {
			out = append(out, coverageLine{f[0], f[1], strings.TrimSpace(f[2])})
		}
	}
	return out, ""
}

func (e *env) runtimeBench() ([]benchLine, string) { return e.goBench("./runtime", ".") }

// goBench runs the Go benchmarks of pkg that match pattern, -count times,
// and returns the median of each.
//
// The counts are interleaved: each is one go test run of every benchmark
// in turn, so a spell of load on the shared machine falls on one count of
// each peer rather than on every count of one (go test's own -count runs
// each benchmark that many times in a row). A first count measured a
// decoder 1.22× behind a peer that six counts in a row right after put it
// 0.78× ahead of.
func (e *env) goBench(pkg, pattern string) ([]benchLine, string) {
	var output []byte
	for range max(*flagCount, 1) {
		p := runProc(e.bench, nil, "go", "test", "-run", "^$", "-bench", pattern, "-benchmem",
			"-count", "1", "-benchtime", *flagBenchT, pkg)
		if p.Err != nil {
			return nil, firstError(p.Output, p.Err)
		}
		output = append(output, p.Output...)
	}
	type acc struct{ ns, b, a []float64 }
	byName := map[string]*acc{}
	var order []string
	for _, l := range strings.Split(string(output), "\n") {
		m := benchRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		a, ok := byName[m[1]]
		if !ok {
			a = &acc{}
			byName[m[1]] = a
			order = append(order, m[1])
		}
		ns, _ := strconv.ParseFloat(m[2], 64)
		bo, _ := strconv.ParseFloat(m[3], 64)
		al, _ := strconv.ParseFloat(m[4], 64)
		a.ns, a.b, a.a = append(a.ns, ns), append(a.b, bo), append(a.a, al)
	}
	var out []benchLine
	for _, n := range order {
		a := byName[n]
		out = append(out, benchLine{Name: n, NsOp: median(a.ns), BOp: median(a.b), AllocsOp: median(a.a)})
	}
	return out, ""
}

type profileOut struct {
	Bench string
	Flat  string
	Cum   string
	Err   string
}

func (e *env) profile() []profileOut {
	var out []profileOut
	for _, b := range []string{"DecodeValidate/calls/specgen", "DecodeValidate/calls/specgen-direct", "DecodeValidate/functions/specgen-direct", "Encode/calls/specgen"} {
		po := profileOut{Bench: b}
		prof := filepath.Join(e.work, "cpu-"+strings.ReplaceAll(b, "/", "-")+".out")
		testBin := filepath.Join(e.work, "runtime.test")
		p := runProc(e.bench, nil, "go", "test", "-run", "^$", "-bench", "^Benchmark"+strings.ReplaceAll(b, "/", "$/^")+"$",
			"-benchtime", "3s", "-cpuprofile", prof, "-o", testBin, "./runtime")
		if p.Err != nil {
			po.Err = firstError(p.Output, p.Err)
			out = append(out, po)
			continue
		}
		flat := runProc(e.bench, nil, "go", "tool", "pprof", "-top", "-nodecount=15", testBin, prof)
		cum := runProc(e.bench, nil, "go", "tool", "pprof", "-top", "-cum", "-nodecount=25", testBin, prof)
		po.Flat, po.Cum = pprofBody(flat.Output), pprofBody(cum.Output)
		out = append(out, po)
	}
	return out
}

// pprofBody keeps pprof's summary line and table, without the header of file
// names and build ids.
func pprofBody(b []byte) string {
	var keep []string
	on := false
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "Showing nodes") {
			on = true
		}
		if on && strings.TrimSpace(l) != "" {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// ---------------------------------------------------------------- row 4: server

type serverResult struct {
	Name   string
	Rounds int
	Res    load.Result
	RSS    int64
	Err    string
	// RoundRPS is each round's requests per second, in the order the
	// rounds ran (every server once per round), for ratios round by round.
	RoundRPS []float64
}

func (e *env) serverBench() ([]serverResult, string) {
	binPath := filepath.Join(e.work, "bin", "benchserver")
	if p := runProc(e.bench, nil, "go", "build", "-o", binPath, "./cmd/benchserver"); p.Err != nil {
		return nil, "building benchserver: " + firstError(p.Output, p.Err)
	}
	spec := filepath.Join(e.root, "spec", "functions.yaml")
	names := servers.Names()
	rounds := make([][]load.Result, len(names))
	out := make([]serverResult, len(names))
	for round := range *flagRounds {
		for _, i := range turns(indexes(len(names)), round) {
			name := names[i]
			sr := &out[i]
			sr.Name = name
			if sr.Err != "" {
				continue
			}
			res, rss, err := e.oneServer(binPath, name, spec)
			if err != nil {
				sr.Err = err.Error()
				e.logf("server %-24s FAILS: %v", name, err)
				continue
			}
			sr.RSS = max(sr.RSS, rss)
			rounds[i] = append(rounds[i], res)
			e.logf("server %-24s round %d: %8.0f req/s  p50 %v  p99 %v  errors %d", name, round+1, res.RPS, res.P50, res.P99, res.Errors)
		}
	}
	for i := range out {
		rs := rounds[i]
		if out[i].Err != "" || len(rs) == 0 {
			continue
		}
		var rps []float64
		var p50, p99, mx []time.Duration
		agg := load.Result{}
		for _, r := range rs {
			rps = append(rps, r.RPS)
			out[i].RoundRPS = append(out[i].RoundRPS, r.RPS)
			p50, p99, mx = append(p50, r.P50), append(p99, r.P99), append(mx, r.Max)
			agg.Requests += r.Requests
			agg.Errors += r.Errors
			agg.Elapsed += r.Elapsed
			if agg.FirstError == "" {
				agg.FirstError = r.FirstError
			}
		}
		agg.RPS, agg.P50, agg.P99, agg.Max = median(rps), median(p50), median(p99), median(mx)
		out[i].Res = agg
		out[i].Rounds = len(rs)
	}
	return out, ""
}

func (e *env) oneServer(bin, name, spec string) (load.Result, int64, error) {
	cmd := exec.Command(bin, "-impl", name, "-spec", spec)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return load.Result{}, 0, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return load.Result{}, 0, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return load.Result{}, 0, err
	}
	stop := func() int64 {
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if cmd.ProcessState != nil {
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				return ru.Maxrss
			}
		}
		return 0
	}
	addrCh := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "LISTEN "); ok {
				addrCh <- a
			}
		}
		close(addrCh)
	}()
	var addr string
	select {
	case a, ok := <-addrCh:
		if !ok {
			stop()
			return load.Result{}, 0, fmt.Errorf("server exited: %s", firstError(stderr.Bytes(), nil))
		}
		addr = a
	case <-time.After(30 * time.Second):
		stop()
		return load.Result{}, 0, errors.New("server did not start in 30 s")
	}
	url := "http://" + addr + servers.CallPath
	hdr := http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer benchmark-token"}}
	// One request first: the server must answer as the benchmark expects.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	req, _ := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(fixtures.CallRequest()))
	req.Header = hdr.Clone()
	resp, err := http.DefaultClient.Do(req)
	cancel()
	if err != nil {
		stop()
		return load.Result{}, 0, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		stop()
		return load.Result{}, 0, fmt.Errorf("status %d: %.200s", resp.StatusCode, body)
	}
	res := load.Run(load.Options{
		URL: url, Body: fixtures.CallRequest(), Header: hdr, WantStatus: http.StatusCreated,
		Concurrency: *flagConc, Warmup: *flagWarm, Duration: *flagDur, MaxRequests: *flagMaxReq,
	})
	rss := stop()
	return res, rss, nil
}

// rotated is xs begun at its round-th element (modulo its length) and
// wrapped around: in rounds that take turns, no peer always goes first.
func rotated[T any](xs []T, round int) []T {
	if len(xs) == 0 {
		return xs
	}
	k := round % len(xs)
	return append(append([]T(nil), xs[k:]...), xs[:k]...)
}

// turns is the order of the round-th round when peers take turns: rotated by
// one every second round, and backwards in odd rounds. Rotation alone keeps
// the cyclic order, so a peer always followed the same one (specgen came
// right after ogen's long builds, and was charged for what they left
// behind). In turns, each peer goes first once in three rounds, and from four
// rounds on none always follows the same one; three peers in three rounds
// cannot avoid one repeat, which is why timedBuild also flushes the disk.
func turns[T any](xs []T, round int) []T {
	r := rotated(xs, round/2)
	if round%2 == 1 {
		slices.Reverse(r)
	}
	return r
}

// indexes is 0, 1, ... n-1.
func indexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
