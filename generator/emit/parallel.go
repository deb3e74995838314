package emit

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/dave/jennifer/jen"

	"github.com/specgen/specgen/generator/ir"
)

// A deferredName is a name that code built in parallel asks for: the
// field of a slab, or the variable of a pattern. Both are named in the
// order they are first asked for, which parallel code cannot know; so it
// records what it asks for and gets an empty statement, which is given
// the name afterwards, in the order the code goes into the file.
type deferredName struct {
	slab    *ir.Schema // a slab's field, or when nil
	pattern string     // a pattern's variable
	st      *jen.Statement
}

// ask records a name asked for and returns code that holds it once named.
// Naming replaces what the recorded statement holds, so the code returned
// wraps it: whatever is added to the code survives the naming.
func (g *gen) ask(d deferredName) *jen.Statement {
	d.st = &jen.Statement{}
	*g.asked = append(*g.asked, d)
	return jen.Add(d.st)
}

// name gives the names asked for by one declaration, as slabFor and
// pattern would have when asked in place.
func (g *gen) name(asked []deferredName) {
	for _, d := range asked {
		if d.slab == nil {
			*d.st = *jen.Id(g.pattern(d.pattern))
		} else {
			*d.st = *jen.Dot(g.slabFor(d.slab))
		}
	}
}

// perWorker is the fewest declarations worth a goroutine of their own.
const perWorker = 16

// inParallel builds decl(t) for every type, on as many goroutines as
// there are processors, and returns the declarations in the order of
// types. The code is the same as built one after the other, names
// included. decl may only read g, except for the names it asks for; a
// panic in it is raised again here.
func (g *gen) inParallel(types []*ir.Type, decl func(*gen, *ir.Type) jen.Code) []jen.Code {
	out := make([]jen.Code, len(types))
	workers := min(runtime.GOMAXPROCS(0), len(types)/perWorker)
	if workers < 2 {
		for i, t := range types {
			out[i] = decl(g, t)
		}
		return out
	}
	asked := make([][]deferredName, len(types))
	var next atomic.Int64
	var failed atomic.Pointer[any]
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			defer func() {
				if p := recover(); p != nil {
					failed.CompareAndSwap(nil, &p)
				}
			}()
			w := *g
			for failed.Load() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(types) {
					return
				}
				w.asked = &asked[i]
				out[i] = decl(&w, types[i])
			}
		})
	}
	wg.Wait()
	if p := failed.Load(); p != nil {
		panic(*p)
	}
	for _, a := range asked {
		g.name(a)
	}
	return out
}
