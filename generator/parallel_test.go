package generator

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// manyTypesSpec is a 3.1 spec of n schemas whose decoders ask for shared
// names: slabs for optional properties of many Go types, and the variables
// of patternProperties' patterns, first asked for in an order that only
// building them one after the other gives.
func manyTypesSpec(n int) string {
	var b strings.Builder
	b.WriteString("openapi: 3.1.0\ninfo: {title: many, version: '1'}\npaths:\n  /things:\n    get:\n      operationId: getThing\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/T0'}\ncomponents:\n  schemas:\n")
	kinds := []string{"{type: string}", "{type: integer, format: int32}", "{type: number}", "{type: boolean}", "{type: integer}", "{type: number, format: float}"}
	for i := range n {
		fmt.Fprintf(&b, "    T%d:\n      type: object\n      properties:\n", i)
		// Each schema starts the cycle of kinds somewhere else, so the
		// order slabs are first asked for is the schemas' order.
		fmt.Fprintf(&b, "        a: %s\n        b: %s\n", kinds[i%len(kinds)], kinds[(i*5+1)%len(kinds)])
		fmt.Fprintf(&b, "        next: {$ref: '#/components/schemas/T%d'}\n", (i+1)%n)
		if i%3 == 0 {
			fmt.Fprintf(&b, "      patternProperties:\n        '^p%d_':\n          type: string\n", n-i)
		}
	}
	return b.String()
}

// The declarations of types_gen.go are built on every processor: the
// package must be the same, byte for byte, as built on one.
func TestSameBytesOnAnyProcessorCount(t *testing.T) {
	spec := manyTypesSpec(96)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := generateText(t, spec)
	if !strings.Contains(generatedFile(t, one, "types_gen.go"), "pattern31") {
		t.Fatal("the spec asks for fewer patterns than it should")
	}
	for _, procs := range []int{2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		for range 3 {
			many := generateText(t, spec)
			for i, f := range one.Files {
				if got := many.Files[i]; got.Name != f.Name || string(got.Content) != string(f.Content) {
					t.Fatalf("GOMAXPROCS=%d: %s differs from one processor's:\n%s", procs, f.Name, diff(f.Name, f.Content, got.Content))
				}
			}
		}
	}
}
