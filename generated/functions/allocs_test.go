package functions_test

import (
	"strings"
	"testing"

	fn "github.com/specgen/specgen/generated/functions"
)

// TestValidationAllocatesNothingPerValue: validating a valid list costs the
// same allocations for one item as for fifty, however many optional enums
// and nested values each holds; a path that escaped to the heap would cost
// an allocation per value checked.
func TestValidationAllocatesNothingPerValue(t *testing.T) {
	item := `{"id":1,"name":"f","fileId":2,"status":"Ready","runtime":"py311","createdTime":5,
		"metadata":{"a":"b"},"envVars":{"K":"v"},"cpu":0.5,"memory":1.5}`
	allocs := func(n int) float64 {
		var list fn.FunctionList
		doc := `{"items":[` + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + `]}`
		if err := list.UnmarshalJSON([]byte(doc)); err != nil {
			t.Fatal(err)
		}
		if err := list.ValidateResponse(); err != nil {
			t.Fatal(err)
		}
		return testing.AllocsPerRun(100, func() { _ = list.ValidateResponse() })
	}
	if one, fifty := allocs(1), allocs(50); fifty != one || one > 1 {
		t.Errorf("%v allocations for one item, %v for fifty", one, fifty)
	}
	// Calls, whose error is a union of a string and an object: the path
	// handed to a union's checks must stay on the stack too.
	calls := func(n int) float64 {
		call := `{"id":1,"functionId":2,"status":"Failed","startTime":5,"error":"boom"},` +
			`{"id":3,"functionId":2,"status":"Failed","startTime":5,"error":{"message":"m","trace":"t"}}`
		var list fn.FunctionCallList
		doc := `{"items":[` + strings.TrimSuffix(strings.Repeat(call+",", n), ",") + `]}`
		if err := list.UnmarshalJSON([]byte(doc)); err != nil || list.Validate() != nil {
			t.Fatal(err, list.Validate())
		}
		return testing.AllocsPerRun(100, func() { _ = list.Validate() })
	}
	if one, fifty := calls(1), calls(50); fifty != one || one > 1 {
		t.Errorf("calls: %v allocations for one pair, %v for fifty", one, fifty)
	}
}

// TestDecodingAllocatesLittlePerItem: decoding a list costs a few
// allocations per document (blocks of strings, slabs that double), not one
// per item: an item decoded into a variable that escaped to the heap would
// cost one each.
func TestDecodingAllocatesLittlePerItem(t *testing.T) {
	call := `{"id":1,"functionId":2,"status":"Completed","startTime":5,"endTime":6}`
	allocs := func(n int) float64 {
		doc := []byte(`{"items":[` + strings.TrimSuffix(strings.Repeat(call+",", n), ",") + `]}`)
		return testing.AllocsPerRun(20, func() {
			var list fn.FunctionCallList
			if err := list.UnmarshalJSON(doc); err != nil {
				t.Fatal(err)
			}
		})
	}
	if few, many := allocs(50), allocs(500); many-few > 50 {
		t.Errorf("calls: %v allocations for 50 items, %v for 500", few, many)
	}
	// An optional list of strings.
	urls := func(n int) float64 {
		doc := []byte(`{"name":"f","fileId":1,"extraIndexUrls":["` + strings.TrimSuffix(strings.Repeat(`u","`, n), `","`) + `"]}`)
		return testing.AllocsPerRun(20, func() {
			var f fn.Function
			if err := f.UnmarshalJSON(doc); err != nil {
				t.Fatal(err)
			}
		})
	}
	if few, many := urls(50), urls(500); many-few > 50 {
		t.Errorf("strings: %v allocations for 50 items, %v for 500", few, many)
	}
}
