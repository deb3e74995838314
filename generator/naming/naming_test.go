package naming

import "testing"

func TestExported(t *testing.T) {
	for in, want := range map[string]string{
		"functionId":               "FunctionID",
		"functionExternalId":       "FunctionExternalID",
		"extraIndexUrls":           "ExtraIndexURLs",
		"getFunctionsByIds":        "GetFunctionsByIDs",
		"input_data":               "InputData",
		"HTTPServer":               "HTTPServer",
		"py310":                    "Py310",
		"3d-model":                 "X3dModel",
		"cpu":                      "CPU",
		"x-request-id":             "XRequestID",
		"":                         "X",
		"Ready":                    "Ready",
		"ConcurrencyLimitExceeded": "ConcurrencyLimitExceeded",
	} {
		if got := Exported(in); got != want {
			t.Errorf("Exported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnexported(t *testing.T) {
	for in, want := range map[string]string{
		"functionId": "functionID",
		"ID":         "id",
		"URLPath":    "urlPath",
		"type":       "type_",
		"limit":      "limit",
		"body":       "body_",
		"callId":     "callID",
		"ids":        "ids",
		"urls":       "urls",
	} {
		if got := Unexported(in); got != want {
			t.Errorf("Unexported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResolveIndependentOfOrder(t *testing.T) {
	a := []Entity{
		{Want: "Pet", Key: "#/components/schemas/Pet"},
		{Want: "Pet", Key: "#/components/schemas/pet"},
		{Want: "Client", Key: "#/components/schemas/Client"},
		{Want: "Owner", Key: "#/components/schemas/Owner"},
	}
	reserved := map[string]bool{"Client": true}
	got := Resolve(a, reserved)
	rev := []Entity{a[3], a[2], a[1], a[0]}
	got2 := Resolve(rev, reserved)
	for k, v := range got {
		if got2[k] != v {
			t.Errorf("order changed %s: %s vs %s", k, v, got2[k])
		}
	}
	if got["#/components/schemas/Owner"] != "Owner" {
		t.Errorf("uncontested name changed: %v", got)
	}
	if got["#/components/schemas/Client"] == "Client" {
		t.Errorf("reserved name handed out: %v", got)
	}
	if got["#/components/schemas/Pet"] == got["#/components/schemas/pet"] {
		t.Errorf("collision not resolved: %v", got)
	}
	// Adding an unrelated entity leaves every existing name alone.
	more := append(append([]Entity{}, a...), Entity{Want: "Zebra", Key: "#/components/schemas/Zebra"})
	got3 := Resolve(more, reserved)
	for k, v := range got {
		if got3[k] != v {
			t.Errorf("adding a schema renamed %s: %s -> %s", k, v, got3[k])
		}
	}
}

func TestResolvePinned(t *testing.T) {
	got := Resolve([]Entity{
		{Want: "Pet", Key: "#/components/schemas/A", Pinned: true},
		{Want: "Pet", Key: "#/components/schemas/B"},
	}, nil)
	if got["#/components/schemas/A"] != "Pet" || got["#/components/schemas/B"] == "Pet" {
		t.Errorf("pinned name lost: %v", got)
	}
}

func TestDeclared(t *testing.T) {
	for in, want := range map[string]string{
		"CogniteInternalId": "CogniteInternalId",
		"getFunctionsByIds": "GetFunctionsByIds",
		"callFunction":      "CallFunction",
		"pet-store":         "PetStore",
		"3d":                "X3d",
		"":                  "X",
	} {
		if got := Declared(in); got != want {
			t.Errorf("Declared(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResolveRank(t *testing.T) {
	got := Resolve([]Entity{
		{Want: "Function", Key: "#/components/schemas/Function", Rank: 2},
		{Want: "Function", Key: "#/components/schemas/function"},
	}, nil)
	if got["#/components/schemas/Function"] != "Function" || got["#/components/schemas/function"] == "Function" {
		t.Errorf("the exact name lost: %v", got)
	}
	tie := Resolve([]Entity{
		{Want: "X", Key: "a", Rank: 1},
		{Want: "X", Key: "b", Rank: 1},
	}, nil)
	if tie["a"] == "X" || tie["b"] == "X" || tie["a"] == tie["b"] {
		t.Errorf("a tie must rename both, deterministically: %v", tie)
	}
}
