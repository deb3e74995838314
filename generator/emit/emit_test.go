package emit

import (
	"fmt"
	"go/format"
	"maps"
	"slices"
	"strings"
	"testing"
)

// The runtime is copied as it is into every package, so it must already be
// in gofmt's form, and so must what pruning leaves of it.
func TestRuntimeSourcesAreGofmtClean(t *testing.T) {
	srcs := map[string]string{"runtime.go": runtimeSource, "encode.go": encodeRuntimeSource, "decode.go": decodeRuntimeSource, "client.go": clientRuntimeSource, "server.go": serverRuntimeSource, "params.go": paramsRuntimeSource}
	for name, src := range srcs {
		if out, err := format.Source([]byte(src)); err != nil || string(out) != src {
			t.Errorf("runtime/%s is not gofmt-clean (%v)", name, err)
		}
	}
	all := []string{runtimeSource, encodeRuntimeSource, decodeRuntimeSource, clientRuntimeSource, serverRuntimeSource, paramsRuntimeSource}
	for _, gen := range []string{"", "func f(e *jsonEncoder) { e.intField(`\"a\":`, 1) }", "readInt readFloat readBool decodeJSON checkLength"} {
		pruned, err := pruneRuntimes(all, [][]byte{[]byte(gen)})
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range pruned {
			if out, err := format.Source([]byte(p)); err != nil || string(out) != p {
				t.Errorf("runtime %d pruned for %q is not gofmt-clean (%v)", i, gen, err)
			}
		}
	}
}

// Pruning one declaration that only generated code mentions (as a package
// that does not use it prunes it) leaves every runtime file gofmt-clean:
// no alignment with a neighbour it used to share is left behind.
func TestPruningAnyOneDeclarationIsGofmtClean(t *testing.T) {
	all := []string{runtimeSource, encodeRuntimeSource, decodeRuntimeSource, clientRuntimeSource, serverRuntimeSource, paramsRuntimeSource}
	words0 := map[string]bool{}
	for _, src := range all {
		words([]byte(src), words0)
	}
	for _, src := range all {
		r, err := parseRuntime(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range r.decls {
			if d.exported {
				continue
			}
			used := maps.Clone(words0)
			for _, n := range d.names {
				delete(used, n)
			}
			pruned, err := pruneRuntimesUsing(all, used)
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range pruned {
				if out, err := format.Source([]byte(p)); err != nil || string(out) != p {
					t.Errorf("runtime %d without %v is not gofmt-clean (%v)", i, d.names, err)
				}
			}
		}
	}
}

func TestPruneKeepsWhatIsReachedAndTheAPI(t *testing.T) {
	src := `package runtime

import (
	"fmt"
	"strings"
)

// Exported is API: it stays, and so does what it uses.
func Exported() string { return helper() }

func helper() string { return "h" }

// unused is reached by nothing.
func unused() string { return strings.ToUpper("x") }

type thing struct{}

func (thing) used() {}

func (thing) notUsed() { fmt.Println() }

func (thing) String() string { return "thing" }

func viaGenerated() thing { return thing{} }
`
	pruned, err := pruneRuntimes([]string{src}, [][]byte{[]byte("x := viaGenerated(); x.used()")})
	if err != nil {
		t.Fatal(err)
	}
	out := pruned[0]
	for _, want := range []string{"func Exported", "func helper", "func viaGenerated", "func (thing) used", "func (thing) String", "type thing"} {
		if !strings.Contains(out, want) {
			t.Errorf("pruned away %q:\n%s", want, out)
		}
	}
	for _, gone := range []string{"unused", "notUsed", `"strings"`, `"fmt"`} {
		if strings.Contains(out, gone) {
			t.Errorf("kept %q:\n%s", gone, out)
		}
	}
	if f, err := format.Source([]byte(out)); err != nil || string(f) != out {
		t.Errorf("not gofmt-clean (%v):\n%s", err, out)
	}
}

// A run is written with its set as Go literals: runes where they can be,
// numbers for surrogates, which have no rune literal.
func TestPatternValue(t *testing.T) {
	for src, want := range map[string]string{
		`^[a-z0-9-]{1,15}$`:       `runPattern("^[a-z0-9-]{1,15}$", 1, 15, 0x3ff200000000000, 0x7fffffe00000000)`,
		`^[α-ω]*$`:                `runPattern("^[α-ω]*$", 0, -1, 0x0, 0x0, 'α', 'ω')`,
		`^[\x{D800}-\x{DFFF}é]+$`: `runPattern("^[\\x{D800}-\\x{DFFF}é]+$", 1, -1, 0x0, 0x0, 'é', 'é', 0xd800, 0xdfff)`,
		`^[a-z]+[0-9]$`:           `newPattern("^[a-z]+[0-9]$")`,
	} {
		if got := fmt.Sprintf("%#v", patternValue(src)); got != want {
			t.Errorf("%s:\n got %s\nwant %s", src, got, want)
		}
	}
}

// wrap's fast path for a short single-spaced paragraph gives what its word
// loop gives.
func TestWrapFastPathMatchesTheLoop(t *testing.T) {
	loop := func(text string, width int) []string {
		var out []string
		for _, para := range strings.Split(text, "\n") {
			para = strings.TrimRight(para, " \t")
			if para == "" || strings.HasPrefix(para, "  ") || strings.HasPrefix(para, "\t") {
				out = append(out, para)
				continue
			}
			line := ""
			for _, w := range strings.Fields(para) {
				if line != "" && len(line)+1+len(w) > width {
					out = append(out, line)
					line = ""
				}
				if line != "" {
					line += " "
				}
				line += w
			}
			out = append(out, line)
		}
		return out
	}
	for _, text := range []string{
		"A short line.",
		"two  spaces inside",
		" leading space",
		"tab\tinside",
		"no\u00a0break space",
		"line\u2028separator",
		"café au lait",
		"exactly ninety " + strings.Repeat("x", 75),
		"ninety-one here " + strings.Repeat("x", 75),
		"first paragraph\n\nsecond  one\n  indented code\n\tand a tab",
		"ends with space \nnext",
		"x",
	} {
		got, want := wrap(text, 90), loop(text, 90)
		if !slices.Equal(got, want) {
			t.Errorf("wrap(%q) = %q, want %q", text, got, want)
		}
	}
	if got := commentText("a\x00b\ufeffc\xff"); got != "abc\ufffd" {
		t.Errorf("commentText kept what a comment cannot hold: %q", got)
	}
}
