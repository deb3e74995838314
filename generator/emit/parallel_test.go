package emit

import (
	"runtime"
	"testing"

	"github.com/dave/jennifer/jen"

	"github.com/specgen/specgen/generator/ir"
)

// A panic while declarations are built in parallel reaches the caller,
// where the generator turns it into an error, instead of ending the
// process from a goroutine of its own.
func TestInParallelPanicsInTheCaller(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	types := make([]*ir.Type, 8*perWorker)
	for i := range types {
		types[i] = &ir.Type{Name: "T"}
	}
	bad := types[5*perWorker]
	g := &gen{p: &ir.Package{}}
	defer func() {
		if p := recover(); p != "cannot declare this one" {
			t.Fatalf("recovered %v, want the panic of the declaration", p)
		}
	}()
	g.inParallel(types, func(_ *gen, t *ir.Type) jen.Code {
		if t == bad {
			panic("cannot declare this one")
		}
		return jen.Null()
	})
	t.Fatal("inParallel returned")
}
