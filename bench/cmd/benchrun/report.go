package main

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/specgen/specgen/bench/internal/fixtures"
	"github.com/specgen/specgen/bench/internal/servers"
)

type report struct {
	machine    machine
	flags      []string
	specs      []specFile
	skipped    []string
	genBuild   []string
	gens       []*genResult
	buildsDone bool
	bench      []benchLine
	coverage   []coverageLine
	stale      []string
	benchErr   string
	profile    []profileOut
	servers    []serverResult
	serverErr  string
	// serverProc is BenchmarkServeHTTP: each server in process.
	serverProc    []benchLine
	serverProcErr string
	elapsed       time.Duration
	loadStart     string
	loadEnd       string
}

// ratio is how many times worse than the best value v is: v/best for costs.
func ratio(v, best float64) string {
	if best <= 0 || v <= 0 || math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.2f×", v/best)
}

func bestOf(vs []float64) float64 {
	b := math.Inf(1)
	for _, v := range vs {
		if v > 0 && v < b {
			b = v
		}
	}
	if math.IsInf(b, 1) {
		return 0
	}
	return b
}

func dur(d time.Duration) string {
	switch {
	case d <= 0:
		return "–"
	case d < 10*time.Second:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
}

func mib(kib int64) string {
	if kib <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f MiB", float64(kib)/1024)
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func esc(s string) string {
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "`", "'")
	return s
}

func (r *report) gen(spec, gen string) *genResult {
	for _, g := range r.gens {
		if g.Spec == spec && g.Gen == gen {
			return g
		}
	}
	return nil
}

// behind collects where specgen is not the best peer, for the summary.
type behindItem struct {
	row, what string
	ratio     float64
}

func (r *report) markdown() string {
	var b strings.Builder
	var behind []behindItem
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("# Benchmarks: specgen against oapi-codegen and ogen\n\n")
	w("Written by `bench/run.sh` (`go run ./cmd/benchrun` in `bench/`) on %s; the whole run took %s.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), r.elapsed.Round(time.Second))
	w("How to read the tables: next to each number is its ratio to the best peer of the same row " +
		"(value ÷ best for costs such as time, memory, lines and latency; best ÷ value for throughput), " +
		"so **1.00× is the best** and 2.00× means twice the cost of the best. Rows marked *reference* do less " +
		"work than the others (no validation) and take no part in choosing the best.\n\n")

	// Machine.
	m := r.machine
	w("## Machine\n\n| | |\n|---|---|\n")
	w("| CPU | %s |\n| cores | %s |\n| memory | %s |\n| OS | %s |\n| Go | %s |\n| specgen | commit %s |\n", m.CPU, m.Cores, m.Mem, m.Kernel, m.Go, m.Specgen)
	for _, p := range m.Peers {
		f := strings.Fields(p)
		if len(f) == 2 {
			w("| %s | %s |\n", f[0], f[1])
		}
	}
	w("| load average (1, 5, 15 min) | %s at the start, %s at the end |\n", r.loadStart, r.loadEnd)
	w("\nThe load generator and the server share the same %s cores in row 4. ", m.Cores)
	w("The machine may be shared with other work: the load average above says how busy it was. ")
	w("Peers are interleaved (generator runs, benchmark counts, server rounds) so that such noise falls on all of them alike, but single numbers can still move by 10–20%% between runs.\n\n")

	// Commands.
	w("## Commands\n\n```sh\n")
	w("bench/run.sh %s   # = cd bench && go run ./cmd/benchrun %s\n", strings.Join(r.flags, " "), strings.Join(r.flags, " "))
	w("```\n\nWhat it runs, with `$WORK` a temporary folder and `$SPEC` each spec:\n\n```sh\n")
	for _, l := range r.genBuild {
		w("%s\n", l)
	}
	w("# 1. generation, -runs=%d times each, each into an emptied folder holding only a go.mod:\n", *flagRuns)
	w("$WORK/bin/specgen -spec $SPEC -out $DIR -package api\n")
	w("$WORK/bin/oapi-codegen -config oapi-codegen.yaml $SPEC   # package api; generate models, client, std-http-server; output api_gen.go\n")
	w("$WORK/bin/ogen --target $DIR --package api --clean $SPEC   # when that stops at an unimplemented feature: ... --config ogen.yml with ignore_not_implemented: [all]\n")
	w("# 2. output: lines of the .go files; go.mod from bench/go.mod's requirements, go mod tidy (not timed), then\n")
	w("GOCACHE=$(mktemp -d) go build .                      # cold: standard library and dependencies compiled too\n")
	w("echo 'package api; const benchTouch = 1' > zz.go && go build .   # same cache: the generated package alone (our spec only)\n")
	w("# 3. run time\n")
	w("go test -count=1 ./internal/... && go test -count=1 -v ./runtime   # every peer accepts the fixtures; TestCoverage's table\n")
	w("go test -run '^$' -bench . -benchmem -count 1 -benchtime %s ./runtime   # %d times, every benchmark in turn each time; the median\n", *flagBenchT, max(*flagCount, 1))
	w("go test -run '^$' -bench '^BenchmarkDecodeValidate$/^calls$/^specgen$' -benchtime 3s -cpuprofile cpu.out ./runtime && go tool pprof -top cpu.out   # and likewise for the other profiles below\n")
	w("# 4. server: go build ./cmd/benchserver; per server one process, one check request, then\n")
	w("#    %d workers POST the same body for %s warm-up + %s measured (at most %d requests), keep-alive, loopback\n", *flagConc, *flagWarm, *flagDur, *flagMaxReq)
	w("```\n\n")
	if len(r.skipped) > 0 {
		w("Skipped: %s.\n\n", strings.Join(r.skipped, "; "))
	}
	for _, s := range r.stale {
		w("**Warning:** %s\n\n", s)
	}

	// Row 1.
	if len(r.gens) > 0 {
		w("## 1. Generation\n\nEach generator as a whole process, built once beforehand; median of %d interleaved runs (%d for specs over 1 MiB) of wall time and of peak RSS (`ru_maxrss`).\n\n", *flagRuns, min(*flagRuns, *flagBigRuns))
		w("| spec | size |")
		for _, g := range generators {
			w(" %s time | %s peak RSS |", g, g)
		}
		w("\n|---|--:|")
		for range generators {
			w("--:|--:|")
		}
		w("\n")
		var notes []string
		for _, s := range r.specs {
			var walls, rsss []float64
			for _, g := range generators {
				if x := r.gen(s.Name, g); x != nil && x.OK {
					walls = append(walls, float64(x.Wall))
					rsss = append(rsss, float64(x.RSS))
				}
			}
			bw, br := bestOf(walls), bestOf(rsss)
			w("| %s | %.1f MB |", s.Name, float64(s.Size)/1e6)
			for _, g := range generators {
				x := r.gen(s.Name, g)
				if x == nil || !x.OK {
					msg := "–"
					if x != nil {
						msg = "**fails**"
						notes = append(notes, fmt.Sprintf("%s on %s fails: `%s`", g, s.Name, esc(x.Err)))
						if g == "specgen" {
							behind = append(behind, behindItem{row: "generation fails, " + s.Name, ratio: math.Inf(1)})
						}
					}
					w(" %s | |", msg)
					continue
				}
				w(" %s (%s) | %s (%s) |", dur(x.Wall), ratio(float64(x.Wall), bw), mib(x.RSS), ratio(float64(x.RSS), br))
				if x.Note != "" {
					notes = append(notes, fmt.Sprintf("%s on %s: %s", g, s.Name, esc(x.Note)))
				}
				if g == "specgen" {
					addBehind(&behind, "generation time, "+s.Name, float64(x.Wall), bw)
					addBehind(&behind, "generation peak RSS, "+s.Name, float64(x.RSS), br)
				}
			}
			w("\n")
		}
		w("\n")
		for _, n := range notes {
			w("- %s\n", n)
		}
		w("\n")
	}

	// Row 2.
	if len(r.gens) > 0 {
		w("## 2. Output\n\nLines (all lines of the generated `.go` files, comments included) and `go build` of the generated package. ")
		w("*Cold* uses a fresh, empty GOCACHE per build, so it includes compiling the standard library and the peer's runtime libraries ")
		w("(oapi-codegen: `github.com/oapi-codegen/runtime`; ogen: `ogen`, `jx`, OpenTelemetry; specgen: none). ")
		w("*Std cached* is the first build on a GOCACHE that already holds the standard library (compiled beforehand, copied afresh for each build): it compiles the generated package and the peer's runtime libraries, as on any machine that has built a Go program before. ")
		w("*Package alone* recompiles only the generated package with every dependency cached (our spec only). For our spec, the median of %d cold builds, as many first builds with the standard library cached, and %d builds of the package alone per generator, interleaved across the generators; the other specs' cold builds and first builds with the standard library cached are each the median of %d, interleaved likewise, for those under %s cold and %s cached; longer cold builds are made %d times where the first round puts specgen within %.0f%% of the best peer (a close call, which one build each cannot settle), and once otherwise.\n\n", max(*flagBuildRounds, 1), max(*flagPkgRuns, 1), max(*flagBuildRounds, 1), coldRepeatBelow, stdRepeatBelow, min(max(*flagBuildRounds, 1), closeRounds), (closeCall-1)*100)
		w("| spec |")
		for _, g := range generators {
			w(" %s lines | %s cold build | %s std cached |", g, g, g)
		}
		w("\n|---|")
		for range generators {
			w("--:|--:|--:|")
		}
		w("\n")
		var notes []string
		for _, s := range r.specs {
			var lines, colds, stds []float64
			for _, g := range generators {
				if x := r.gen(s.Name, g); x != nil && x.OK {
					lines = append(lines, float64(x.Lines))
					if x.Built {
						colds = append(colds, float64(x.Cold))
					}
					if x.Std > 0 {
						stds = append(stds, float64(x.Std))
					}
				}
			}
			bl, bc, bs := bestOf(lines), bestOf(colds), bestOf(stds)
			w("| %s |", s.Name)
			for _, g := range generators {
				x := r.gen(s.Name, g)
				if x == nil || !x.OK {
					w(" – | – | – |")
					continue
				}
				w(" %s (%s) |", thousands(x.Lines), ratio(float64(x.Lines), bl))
				switch {
				case x.Built:
					w(" %s (%s) |", dur(x.Cold), ratio(float64(x.Cold), bc))
					if x.Std > 0 {
						w(" %s (%s) |", dur(x.Std), ratio(float64(x.Std), bs))
					} else {
						w(" not run |")
					}
				case x.BuildErr != "":
					w(" **fails** | **fails** |")
					notes = append(notes, fmt.Sprintf("%s output for %s does not build: `%s`", g, s.Name, esc(x.BuildErr)))
					if g == "specgen" {
						behind = append(behind, behindItem{row: "generated code does not build, " + s.Name, ratio: math.Inf(1)})
					}
				default:
					w(" not run | not run |")
				}
				if g == "specgen" {
					addBehind(&behind, "lines of Go, "+s.Name, float64(x.Lines), bl)
					if x.Built {
						addBehind(&behind, "cold build, "+s.Name, float64(x.Cold), bc)
					}
					if x.Std > 0 {
						addBehind(&behind, "first build with the standard library cached, "+s.Name, float64(x.Std), bs)
					}
				}
			}
			w("\n")
		}
		w("\n")
		var vsOgen []string
		for _, s := range r.specs {
			x, o := r.gen(s.Name, "specgen"), r.gen(s.Name, "ogen")
			if x == nil || o == nil || !x.Built || !o.Built {
				continue
			}
			part := fmt.Sprintf("%s cold %.2f×", s.Name, float64(x.Cold)/float64(o.Cold))
			if x.Std > 0 && o.Std > 0 {
				part += fmt.Sprintf(", std cached %.2f×", float64(x.Std)/float64(o.Std))
			}
			vsOgen = append(vsOgen, part)
		}
		if len(vsOgen) > 0 {
			w("specgen's builds against ogen's: %s.\n\n", strings.Join(vsOgen, "; "))
		}
		if r.buildsDone && len(r.specs) > 0 {
			s := r.specs[0]
			var pk []float64
			for _, g := range generators {
				if x := r.gen(s.Name, g); x != nil && x.Pkg > 0 {
					pk = append(pk, float64(x.Pkg))
				}
			}
			bp := bestOf(pk)
			w("Package alone, %s: ", s.Name)
			var parts []string
			for _, g := range generators {
				if x := r.gen(s.Name, g); x != nil && x.Pkg > 0 {
					parts = append(parts, fmt.Sprintf("%s %s (%s, %d files)", g, dur(x.Pkg), ratio(float64(x.Pkg), bp), x.Files))
					if g == "specgen" {
						addBehind(&behind, "build of the package alone, "+s.Name, float64(x.Pkg), bp)
					}
				}
			}
			w("%s.\n\n", strings.Join(parts, "; "))
		}
		if r.buildsDone {
			for i, s := range r.specs {
				ours := r.gen(s.Name, "specgen")
				if ours == nil {
					continue
				}
				var peers []*genResult
				for _, g := range generators {
					if x := r.gen(s.Name, g); g != "specgen" && x != nil && x.Built {
						peers = append(peers, x)
					}
				}
				name := s.Name
				if i == 0 {
					name = "our spec"
				}
				if line := pairedBuilds(name, ours, peers); line != "" {
					w("%s\n\n", line)
				}
			}
		}
		if t := traceTable(r, &behind); t != "" {
			w("%s", t)
		}
		for _, n := range notes {
			w("- %s\n", n)
		}
		w("\n")
	}

	// benchTables writes one table per group of benchmarks (the name up to
	// its last slash), with each peer's ratios to the best ranked peer.
	benchTables := func(bench []benchLine, titles map[string]string) {
		groups := []string{}
		byGroup := map[string][]benchLine{}
		for _, bl := range bench {
			i := strings.LastIndex(bl.Name, "/")
			g := bl.Name[:i]
			if _, ok := byGroup[g]; !ok {
				groups = append(groups, g)
			}
			byGroup[g] = append(byGroup[g], bl)
		}
		for _, g := range groups {
			lines := byGroup[g]
			var ns, bo, al []float64
			for _, l := range lines {
				if !refPeer(peerOf(l.Name)) {
					ns, bo, al = append(ns, l.NsOp), append(bo, l.BOp), append(al, l.AllocsOp)
				}
			}
			bn, bb, ba := bestOf(ns), bestOf(bo), bestOf(al)
			t := titles[g]
			if t == "" {
				t = g
			}
			w("### %s\n\n| peer | ns/op | ×best | B/op | ×best | allocs/op | ×best |\n|---|--:|--:|--:|--:|--:|--:|\n", t)
			for _, l := range lines {
				p := peerOf(l.Name)
				name := p
				if refPeer(p) {
					name = "*" + p + " (reference)*"
				}
				w("| %s | %s | %s | %s | %s | %s | %s |\n", name, thousands(int(l.NsOp)), ratio(l.NsOp, bn),
					thousands(int(l.BOp)), ratioAllowZero(l.BOp, bb), thousands(int(l.AllocsOp)), ratioAllowZero(l.AllocsOp, ba))
				if strings.HasPrefix(p, "specgen") {
					addBehind(&behind, t+", "+p+", time", l.NsOp, bn)
					addBehind(&behind, t+", "+p+", bytes allocated", l.BOp, bb)
					addBehind(&behind, t+", "+p+", allocations", l.AllocsOp, ba)
				}
			}
			w("\n")
		}
	}

	// Row 3.
	if r.benchErr != "" {
		w("## 3. Run time\n\nThe benchmarks failed: `%s`\n\n", esc(r.benchErr))
	} else if len(r.bench) > 0 {
		w("## 3. Run time\n\nOne process (`bench/runtime`), the same bytes for every peer (`internal/fixtures`): a FunctionCallList of 1000 calls (%s) and a FunctionList of 1000 functions (%s). Median of %d counts.\n\n",
			kb(fixturesLen("calls")), kb(fixturesLen("functions")), *flagCount)
		w("- **specgen**: `json.Unmarshal` into `functions.FunctionCallList` and `.Validate()`; `functions.FunctionList` and `.ValidateResponse()`. Encoding: `json.Marshal`.\n")
		w("- **specgen-direct**: the same, but calling the type's `UnmarshalJSON` directly, which is what specgen's generated client and server do. This skips the scan of the whole document that `json.Unmarshal` makes before it calls an `UnmarshalJSON` method.\n")
		w("- **oapi-codegen+kin**: `json.Unmarshal` into oapi-codegen's type (it generates no validation), plus kin-openapi `openapi3filter.ValidateResponse` on the body, with the route found once by the gorillamux router outside the loop. For a 3.1 document kin-openapi validates through its JSON Schema 2020-12 validator, which it compiles on each call.\n")
		w("- **oapi-codegen-novalidate** (*reference*): the `json.Unmarshal` alone.\n")
		w("- **ogen**: its generated `Decode(*jx.Decoder)` then `Validate()`. Encoding: `Encode` into a new `jx.Encoder`, as its server does.\n\n")
		titles := map[string]string{
			"DecodeValidate/calls":     "Decode + validate, FunctionCallList (1000 calls)",
			"DecodeValidate/functions": "Decode + validate, FunctionList (1000 functions)",
			"Encode/calls":             "Encode, FunctionCallList (1000 calls)",
			"Encode/functions":         "Encode, FunctionList (1000 functions)",
		}
		if len(r.coverage) > 0 {
			peers := []string{}
			var cases []string
			verdict := map[[2]string]string{}
			for _, c := range r.coverage {
				if !slicesContains(peers, c.Peer) {
					peers = append(peers, c.Peer)
				}
				if !slicesContains(cases, c.Case) {
					cases = append(cases, c.Case)
				}
				verdict[[2]string{c.Case, c.Peer}] = c.Verdict
			}
			w("What each peer checks (`TestCoverage`): one rule broken in the first item of a fixture; does decode + validate reject it?\n\n| broken document |")
			for _, p := range peers {
				w(" %s |", p)
			}
			w("\n|---|")
			for range peers {
				w(":-:|")
			}
			w("\n")
			for _, c := range cases {
				w("| %s |", esc(c))
				for _, p := range peers {
					v := verdict[[2]string{c, p}]
					if v == "accepted" {
						v = "**accepted**"
					}
					w(" %s |", v)
				}
				w("\n")
			}
			w("\n")
		}
		benchTables(r.bench, titles)
	}

	// Row 4.
	if r.serverErr != "" {
		w("## 4. Server\n\nThe server benchmark failed: `%s`\n\n", esc(r.serverErr))
	} else if len(r.servers) > 0 {
		w("## 4. Server\n\n`POST /functions/1234567890/call` with a %d-byte FunctionCallRequest; the handler returns a fixed FunctionCall (201). ", len(fixtures.CallRequest()))
		w("Each server runs in its own process (`bench/cmd/benchserver`); the load generator (`internal/load`) keeps %d keep-alive connections busy for %s after %s of warm-up. ", *flagConc, *flagDur, *flagWarm)
		w("The servers take turns, %d round(s); the table gives the median round (requests: the sum). Peak RSS is the server process's.\n\n", *flagRounds)
		w("- **specgen**: `functions.NewServer` (decodes, validates, encodes). The request's free-form `data` object is decoded into a `map[string]any` for the handler.\n")
		w("- **oapi-codegen+kin**: oapi-codegen's std-http-server wrapper for the route, behind a kin-openapi request validator (`openapi3filter.ValidateRequest`, what oapi-codegen's nethttp-middleware does); the handler decodes with `json.NewDecoder` and encodes with `json.NewEncoder`. oapi-codegen's own `Handler` for the whole spec panics at start-up: `net/http`'s ServeMux refuses the pair `GET /functions/schedules/{scheduleId}` and `GET /functions/{functionId}/calls`. The server therefore registers the generated `ServerInterfaceWrapper.CallFunction` on the one measured route.\n")
		w("- **ogen**: `NewServer` with a security handler that accepts any token (the spec declares bearer auth; every request carries `Authorization: Bearer …`). ogen does less per request than the others: its type for the free-form `data` object (`type: object` with no properties) is a struct with no fields, so its server skips the data and the handler never receives its contents (`TestCallData`). What decoding `data` costs specgen is the difference between the two in-process tables below.\n")
		w("- **oapi-codegen-novalidate** (*reference*): the same without the validator.\n\n")
		var rps, p99, p50 []float64
		for _, s := range r.servers {
			if s.Err == "" && !servers.Reference(s.Name) {
				rps = append(rps, 1/s.Res.RPS)
				p99 = append(p99, float64(s.Res.P99))
				p50 = append(p50, float64(s.Res.P50))
			}
		}
		brps, bp99, bp50 := bestOf(rps), bestOf(p99), bestOf(p50)
		w("| server | requests/s | ×best | p50 | ×best | p99 | ×best | requests | errors | peak RSS |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, s := range r.servers {
			name := s.Name
			if servers.Reference(s.Name) {
				name = "*" + name + " (reference)*"
			}
			if s.Err != "" {
				w("| %s | fails: `%s` | | | | | | | | |\n", name, esc(s.Err))
				continue
			}
			errs := fmt.Sprint(s.Res.Errors)
			if s.Res.Errors > 0 {
				errs += " (" + esc(s.Res.FirstError) + ")"
			}
			w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, thousands(int(s.Res.RPS)), ratio(1/s.Res.RPS, brps),
				us(s.Res.P50), ratio(float64(s.Res.P50), bp50), us(s.Res.P99), ratio(float64(s.Res.P99), bp99),
				thousands(s.Res.Requests), errs, mib(s.RSS))
			if s.Name == "specgen" {
				addBehind(&behind, "server requests/s", 1/s.Res.RPS, brps)
				addBehind(&behind, "server p99 latency", float64(s.Res.P99), bp99)
			}
		}
		w("\n")
		if line := pairedRounds(r.servers); line != "" {
			w("%s\n\n", line)
		}
	}
	if r.serverProcErr != "" {
		w("The in-process server benchmark failed: `%s`\n\n", esc(r.serverProcErr))
	} else if len(r.serverProc) > 0 {
		w("In process (`BenchmarkServeHTTP` in `internal/servers`: an `httptest` request and recorder, no network, the same handlers; median of %d counts), with the %d-byte call request of the load test, and with the nonce alone (`%s`), where every server is given the same payload to decode:\n\n", *flagCount, len(fixtures.CallRequest()), fixtures.CallRequestNonceOnly())
		benchTables(r.serverProc, map[string]string{
			"ServeHTTP/call":       "Server in process, the call request above",
			"ServeHTTP/nonce-only": "Server in process, the nonce alone",
		})
	}

	// Summary.
	w("## Where specgen is behind\n\nEvery cell above where specgen fails or is more than 10%% worse than the best peer: failures first, then time, then memory, then allocation counts, each worst first.\n\n")
	slicesSortBehind(behind)
	if len(behind) == 0 {
		w("- nowhere.\n")
	}
	for _, it := range behind {
		if math.IsInf(it.ratio, 1) {
			w("- %s\n", it.row)
			continue
		}
		w("- %s: %.2f× the best\n", it.row, it.ratio)
	}
	w("\n")

	if a, err := os.ReadFile("analysis.md"); err == nil {
		w("%s\n", strings.TrimSpace(string(a)))
		w("\n")
	}

	if len(r.profile) > 0 {
		w("## CPU profiles of specgen's decode + validate (and encode)\n\n")
		w("From `go test -bench ... -benchtime 3s -cpuprofile` and `go tool pprof -top`. `runtime.asyncPreempt` is time sampled while the goroutine was being preempted (for the garbage collector, or by other work on the machine), not code of the decoder; `gcWriteBarrier`, `wbBufFlush` and `scanObject` are the garbage collector.\n\n")
		for _, p := range r.profile {
			if p.Err != "" {
				w("%s: profile failed: `%s`\n\n", p.Bench, esc(p.Err))
				continue
			}
			w("`%s`, by own time (flat):\n\n```\n%s\n```\n\nBy cumulative time:\n\n```\n%s\n```\n\n", p.Bench, p.Flat, p.Cum)
		}
	}
	return b.String()
}

func ratioAllowZero(v, best float64) string {
	if v == 0 && best == 0 {
		return "1.00×"
	}
	if best == 0 {
		return "–"
	}
	return ratio(v, best)
}

func addBehind(list *[]behindItem, row string, v, best float64) {
	if best > 0 && v > best*1.10 {
		*list = append(*list, behindItem{row: row, ratio: v / best})
	}
}

// kind orders the summary: failures, time, memory, allocation counts.
func (b behindItem) kind() int {
	switch {
	case math.IsInf(b.ratio, 1):
		return 0
	case strings.Contains(b.row, "allocations"):
		return 3
	case strings.Contains(b.row, "RSS"), strings.Contains(b.row, "bytes"), strings.Contains(b.row, "lines"):
		return 2
	}
	return 1
}

func slicesSortBehind(l []behindItem) {
	less := func(a, b behindItem) bool {
		if a.kind() != b.kind() {
			return a.kind() < b.kind()
		}
		return a.ratio > b.ratio
	}
	for i := 1; i < len(l); i++ {
		for j := i; j > 0 && less(l[j], l[j-1]); j-- {
			l[j], l[j-1] = l[j-1], l[j]
		}
	}
}

func peerOf(name string) string { return name[strings.LastIndex(name, "/")+1:] }

func refPeer(p string) bool { return strings.HasSuffix(p, "-novalidate") }

func us(d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	if d < time.Millisecond {
		return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
	}
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func kb(n int) string { return fmt.Sprintf("%.0f kB", float64(n)/1000) }

func fixturesLen(which string) int {
	if which == "calls" {
		return len(fixtures.FunctionCallList())
	}
	return len(fixtures.FunctionList())
}

func slicesContains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// pairedRounds compares specgen's requests per second with each peer's
// round by round: the servers take turns within a round, so a change in the
// machine's load between rounds falls on both sides of each ratio, where
// it can move the medians of the table apart. "" when there is nothing to
// pair.
func pairedRounds(all []serverResult) string {
	var ours *serverResult
	for i := range all {
		if all[i].Name == "specgen" && all[i].Err == "" {
			ours = &all[i]
		}
	}
	if ours == nil {
		return ""
	}
	var parts []string
	for _, p := range all {
		if p.Name == "specgen" || p.Err != "" || servers.Reference(p.Name) {
			continue
		}
		if part := pairedRatio(ours.RoundRPS, p.RoundRPS); part != "" {
			parts = append(parts, p.Name+"'s "+part)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Round by round (each round runs every server in turn), specgen's requests per second are a median of " +
		strings.Join(parts, " and ") + "; above 1 is ahead."
}

// pairedRatio is the median, and the range, of ours[i] / peer[i] over
// rounds that ran both, as "1.07× (rounds 0.80–1.21×)"; "" unless there
// are two rounds or more of each, as many of both.
func pairedRatio(ours, peer []float64) string {
	if len(ours) < 2 || len(ours) != len(peer) {
		return ""
	}
	var rs []float64
	for i, v := range peer {
		rs = append(rs, ours[i]/v)
	}
	return fmt.Sprintf("%.2f× (rounds %.2f–%.2f×)", median(rs), slices.Min(rs), slices.Max(rs))
}

// pairedBuilds compares specgen's builds of a spec (named as the line
// should name it) with each peer's round by round, as pairedRounds does the
// servers: "" when there is nothing to pair.
func pairedBuilds(spec string, ours *genResult, peers []*genResult) string {
	secs := func(ds []time.Duration) []float64 {
		out := make([]float64, len(ds))
		for i, d := range ds {
			out[i] = d.Seconds()
		}
		return out
	}
	var parts []string
	for _, p := range peers {
		var each []string
		if r := pairedRatio(secs(ours.ColdRounds), secs(p.ColdRounds)); r != "" {
			each = append(each, "cold "+r)
		}
		if r := pairedRatio(secs(ours.StdRounds), secs(p.StdRounds)); r != "" {
			each = append(each, "std cached "+r)
		}
		if len(each) > 0 {
			parts = append(parts, p.Gen+"'s: "+strings.Join(each, ", "))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Round by round (each round builds with every generator in turn, the order turning from round to round), specgen's build times of " + spec + " over " +
		strings.Join(parts, "; ") + "; below 1 is ahead."
}

// traceTable writes what the go command's trace says of the cold builds
// (see buildTrace): medians over each generator's cold builds of a spec,
// with ratios to the best on the row.
func traceTable(r *report, behind *[]behindItem) string {
	var b strings.Builder
	rows := 0
	for _, s := range r.specs {
		var after, own [3]time.Duration
		n := [3]int{}
		for i, g := range generators {
			x := r.gen(s.Name, g)
			if x == nil || len(x.Traces) == 0 {
				continue
			}
			var as, os []time.Duration
			for _, t := range x.Traces {
				as, os = append(as, t.AfterStd), append(os, t.Own)
			}
			after[i], own[i], n[i] = median(as), median(os), len(x.Traces)
		}
		if n[0] == 0 {
			continue
		}
		if rows == 0 {
			b.WriteString("The cold builds by the go command's own trace (`go build -debug-trace`), medians over the cold builds above. Most of a cold build is compiling the standard library, the same for every generator but for the few packages each one's output imports beyond `net/http`, and the go command takes them in an order set by those imports. *After std*: how long the build ran on after the last standard-library package was compiled, which is the generated package and what of the generator's libraries had to wait for the standard library. *Own*: the compile time of the packages outside the standard library (the generated package and the generator's libraries), added up.\n\n")
			b.WriteString("| spec | specgen after std | specgen own | oapi-codegen after std | oapi-codegen own | ogen after std | ogen own |\n|---|--:|--:|--:|--:|--:|--:|\n")
		}
		rows++
		// Each column's ratio is to the best of the three; specgen is
		// behind when more than 10% over the better peer.
		bestA := bestOf([]float64{float64(after[0]), float64(after[1]), float64(after[2])})
		bestO := bestOf([]float64{float64(own[0]), float64(own[1]), float64(own[2])})
		fmt.Fprintf(&b, "| %s |", s.Name)
		for i := range generators {
			if n[i] == 0 {
				b.WriteString(" – | – |")
				continue
			}
			fmt.Fprintf(&b, " %s (%s) | %s (%s) |", dur(after[i]), ratio(float64(after[i]), bestA), dur(own[i]), ratio(float64(own[i]), bestO))
		}
		b.WriteString("\n")
		addBehind(behind, "cold build after the standard library, "+s.Name, float64(after[0]), bestOf([]float64{float64(after[1]), float64(after[2])}))
		addBehind(behind, "cold build, compile time of the packages outside the standard library, "+s.Name, float64(own[0]), bestOf([]float64{float64(own[1]), float64(own[2])}))
	}
	if rows > 0 {
		b.WriteString("\n")
	}
	return b.String()
}
