package runtime

import (
	"reflect"
	"testing"
)

// useStart and useEnd drop only what a type reports again, inside their
// scope, at the same path for the same rule: a parameter and a body
// property of one name, or a second rule at the path, all stay.
func TestUseScopeDropsOnlyTheTypesRepeat(t *testing.T) {
	var e validator
	limit := &vpath{name: "limit"}
	e.add(limit, "maximum", "must be at most 2") // the body's limit
	e.useStart()
	e.add(limit, "maximum", "must be at most 5") // the use's rule
	e.useStart()                                 // a nested use inside the type
	e.add(&vpath{name: "inner"}, "minimum", "must be at least 1")
	e.add(&vpath{name: "inner"}, "minimum", "must be at least 0")
	e.useEnd()
	e.add(limit, "pattern", "must match ^a")      // the type's other rule
	e.add(limit, "maximum", "must be at most 10") // the type's repeat
	e.useEnd()
	e.add(limit, "maximum", "must be at most 3") // a header of the same name
	var got []string
	for _, v := range e.violations {
		got = append(got, v.Path+" "+v.Rule+": "+v.Message)
	}
	want := []string{
		"limit maximum: must be at most 2",
		"limit maximum: must be at most 5",
		"inner minimum: must be at least 1",
		"limit pattern: must match ^a",
		"limit maximum: must be at most 3",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if len(e.uses) != 0 {
		t.Errorf("scopes left open: %v", e.uses)
	}
}
