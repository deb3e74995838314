package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFirstError(t *testing.T) {
	for _, c := range []struct{ out, want string }{
		{"INFO\tconvenient\tx\n\n- k8s.json:8586:24 -> expected schema type is \"string\"\n\t  8583 | x\ngeneration failed:\n    main.run\n",
			`k8s.json:8586:24 -> expected schema type is "string"`},
		{"WARNING: A number of warning(s) were returned\n- std-http-server: no go.mod\nerror generating code: duplicate typename 'Actor' detected\n",
			"error generating code: duplicate typename 'Actor' detected"},
		{"# example.com/api\n./api_gen.go:12:3: undefined: Foo\n", "./api_gen.go:12:3: undefined: Foo"},
		{"INFO\tx\n\nFeature \"complex anyOf\" is not implemented yet.\n\nTry to create ogen.yml with:\n", `Feature "complex anyOf" is not implemented yet.`},
		{"", "exit status 1"},
	} {
		if got := firstError([]byte(c.out), errors.New("exit status 1")); got != c.want {
			t.Errorf("firstError(%q) = %q, want %q", c.out, got, c.want)
		}
	}
}

func TestMedian(t *testing.T) {
	if got := median([]time.Duration{5, 1, 3}); got != 3 {
		t.Errorf("median = %v", got)
	}
	if got := median([]int64{4, 1, 3, 2}); got != 2 {
		t.Errorf("median = %v", got)
	}
	if got := median[float64](nil); got != 0 {
		t.Errorf("median = %v", got)
	}
}

func TestRatio(t *testing.T) {
	if got := ratio(3, 2); got != "1.50×" {
		t.Errorf("ratio = %s", got)
	}
	if got := ratio(3, 0); got != "–" {
		t.Errorf("ratio = %s", got)
	}
	if got := thousands(1234567); got != "1,234,567" {
		t.Errorf("thousands = %s", got)
	}
}

// The report names the commit it measured, from a checkout or a worktree.
func TestHeadCommit(t *testing.T) {
	dir := t.TempDir()
	gitdir := filepath.Join(dir, "wt-git")
	os.MkdirAll(filepath.Join(dir, "checkout"), 0o755)
	os.MkdirAll(gitdir, 0o755)
	os.WriteFile(filepath.Join(dir, "checkout", ".git"), []byte("gitdir: "+gitdir+"\n"), 0o644)
	os.WriteFile(filepath.Join(gitdir, "HEAD"), []byte("959f8f584237aaaabbbbccccddddeeeeffff0000\n"), 0o644)
	if got := headCommit(filepath.Join(dir, "checkout")); got != "959f8f584237" {
		t.Errorf("worktree: %q", got)
	}
	os.MkdirAll(filepath.Join(dir, "repo", ".git", "refs", "heads"), 0o755)
	os.WriteFile(filepath.Join(dir, "repo", ".git", "HEAD"), []byte("ref: refs/heads/main\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "repo", ".git", "refs", "heads", "main"), []byte("0123456789abcdef0123\n"), 0o644)
	if got := headCommit(filepath.Join(dir, "repo")); got != "0123456789ab (main)" {
		t.Errorf("checkout: %q", got)
	}
}

// Round by round, the ratio pairs each round's numbers, so a load that
// drifts across the rounds falls on both sides of each ratio: here the
// medians of the rounds put specgen behind (99 against 100 requests/s),
// while round by round it is ahead in two of three, by a median of 1.10×.
func TestPairedRounds(t *testing.T) {
	got := pairedRounds([]serverResult{
		{Name: "specgen", RoundRPS: []float64{110, 99, 88}},
		{Name: "oapi-codegen-novalidate", RoundRPS: []float64{1, 1, 1}}, // a reference: left out
		{Name: "ogen", RoundRPS: []float64{100, 100, 80}},
		{Name: "oapi-codegen+kin", Err: "fails"},
	})
	want := "Round by round (each round runs every server in turn), specgen's requests per second are a median of ogen's 1.10× (rounds 0.99–1.10×); above 1 is ahead."
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := pairedRounds([]serverResult{{Name: "specgen", RoundRPS: []float64{1}}, {Name: "ogen", RoundRPS: []float64{1}}}); got != "" {
		t.Errorf("one round: %q", got)
	}
}

// In rounds that take turns, each round starts with the next peer, so none
// always goes first.
func TestRotated(t *testing.T) {
	xs := []string{"specgen", "oapi-codegen", "ogen"}
	var firsts []string
	for round := range 4 {
		r := rotated(xs, round)
		if len(r) != 3 {
			t.Fatalf("round %d: %v", round, r)
		}
		firsts = append(firsts, r[0])
	}
	if got := strings.Join(firsts, " "); got != "specgen oapi-codegen ogen specgen" {
		t.Errorf("firsts: %s", got)
	}
	if got := rotated(xs, 1); strings.Join(got, " ") != "oapi-codegen ogen specgen" || xs[0] != "specgen" {
		t.Errorf("rotated(1) = %v, and xs became %v", got, xs)
	}
	if got := rotated([]int(nil), 3); len(got) != 0 {
		t.Errorf("empty: %v", got)
	}
}

// Taking turns, each peer goes first at least once in three rounds, and from
// four rounds on (the server's five) no peer always follows the same one
// when it does not go first: what one run leaves behind on the machine falls
// on different peers. Rotation alone failed this: specgen came right after
// ogen in every round where it did not go first. (With three peers, three
// rounds cannot avoid one repeat, whatever the orders, so builds also flush
// the disk before they start: timedBuild.)
func TestTurnsChangeWhoFollowsWhom(t *testing.T) {
	xs := []string{"specgen", "oapi-codegen", "ogen"}
	for _, rounds := range []int{3, 4, 5} {
		after := map[string]map[string]bool{} // peer -> the peers it followed
		first := map[string]bool{}
		for round := range rounds {
			r := turns(xs, round)
			if len(r) != len(xs) {
				t.Fatalf("round %d: %v", round, r)
			}
			first[r[0]] = true
			for i := 1; i < len(r); i++ {
				if after[r[i]] == nil {
					after[r[i]] = map[string]bool{}
				}
				after[r[i]][r[i-1]] = true
			}
		}
		if len(first) != len(xs) {
			t.Errorf("%d rounds: only these go first: %v", rounds, first)
		}
		if rounds < 4 {
			continue
		}
		for _, x := range xs {
			if len(after[x]) < 2 {
				t.Errorf("%d rounds: %s always follows %v", rounds, x, after[x])
			}
		}
	}
	if got := strings.Join(turns(xs, 1), " "); got != "ogen oapi-codegen specgen" || xs[0] != "specgen" {
		t.Errorf("turns(1) = %s, and xs became %v", got, xs)
	}
}

// Builds are paired round by round too, cold and with the standard library
// cached, against every peer that built.
func TestPairedBuilds(t *testing.T) {
	s := time.Second
	ours := &genResult{Gen: "specgen", ColdRounds: []time.Duration{20 * s, 18 * s, 22 * s}, StdRounds: []time.Duration{s, s, s}}
	oapi := &genResult{Gen: "oapi-codegen", ColdRounds: []time.Duration{20 * s, 20 * s, 20 * s}, StdRounds: []time.Duration{2 * s, 2 * s, 2 * s}}
	one := &genResult{Gen: "ogen", ColdRounds: []time.Duration{40 * s}}
	got := pairedBuilds("our spec", ours, []*genResult{oapi, one})
	want := "Round by round (each round builds with every generator in turn, the order turning from round to round), specgen's build times of our spec over oapi-codegen's: cold 1.00× (rounds 0.90–1.10×), std cached 0.50× (rounds 0.50–0.50×); below 1 is ahead."
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// The trace of a cold build is split between the standard library and the
// packages outside it: what ran after the last standard package, and what
// the others took to compile, cache checks left out.
func TestReadBuildTrace(t *testing.T) {
	trace := `[
{"name":"Running build command","ph":"B","ts":1000000}
,{"name":"Executing action (build check cache runtime)","ph":"B","ts":1000000}
,{"name":"Executing action (build check cache runtime)","ph":"E","ts":1000100}
,{"name":"Executing action (build runtime)","ph":"B","ts":1000100}
,{"name":"Executing action (build example.com/lib)","ph":"B","ts":1500000}
,{"name":"Executing action (build example.com/lib)","ph":"E","ts":1800000}
,{"name":"Executing action (build runtime)","ph":"E","ts":6000000}
,{"name":"Executing action (build net/http)","ph":"B","ts":6000000}
,{"name":"Executing action (build net/http)","ph":"E","ts":8000000}
,{"name":"Executing action (build example.com/api)","ph":"B","ts":8000000}
,{"name":"Executing action (build example.com/api)","ph":"E","ts":9000000}
,{"name":"Running build command","ph":"E","ts":9100000}
]`
	file := filepath.Join(t.TempDir(), "trace.json")
	if err := os.WriteFile(file, []byte(trace), 0o644); err != nil {
		t.Fatal(err)
	}
	std := map[string]bool{"runtime": true, "net/http": true}
	got, err := readBuildTrace(file, std)
	if err != nil {
		t.Fatal(err)
	}
	want := buildTrace{AfterStd: 1100 * time.Millisecond, Own: 1300 * time.Millisecond}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if _, err := readBuildTrace(file, map[string]bool{"unicode": true}); err == nil {
		t.Error("a trace with no standard package compiled gave no error")
	}
}

// A spec other than ours gets more rounds of cold builds where its first
// round is a close call; one otherwise.
func TestColdRounds(t *testing.T) {
	s := time.Second
	ours, oapi, ogen := &genResult{Gen: "specgen"}, &genResult{Gen: "oapi-codegen"}, &genResult{Gen: "ogen"}
	group := []*genResult{ours, oapi, ogen}
	firsts := func(o, a, g time.Duration) map[*genResult][]time.Duration {
		m := map[*genResult][]time.Duration{}
		for x, d := range map[*genResult]time.Duration{ours: o, oapi: a, ogen: g} {
			if d > 0 {
				m[x] = []time.Duration{d}
			}
		}
		return m
	}
	cases := []struct {
		name   string
		colds  map[*genResult][]time.Duration
		rounds int
		want   int
	}{
		{"close call, behind", firsts(47*s, 44*s, 56*s), 5, 3},
		{"close call, ahead", firsts(41*s, 44*s, 0), 5, 3},
		{"close call, fewer rounds asked for", firsts(41*s, 44*s, 0), 2, 2},
		{"clearly ahead", firsts(39*s, 45*s, 0), 5, 1},
		{"clearly behind", firsts(50*s, 44*s, 0), 5, 1},
		{"no peer built", firsts(98*s, 0, 0), 5, 1},
		{"one round asked for", firsts(47*s, 44*s, 0), 1, 1},
		{"specgen failed", firsts(0, 44*s, 45*s), 5, 1},
		{"nothing built", firsts(0, 0, 0), 5, 1},
	}
	for _, c := range cases {
		if got := coldRounds(group, c.colds, c.rounds); got != c.want {
			t.Errorf("%s: %d rounds of cold builds, want %d", c.name, got, c.want)
		}
	}
}
