package runtimebench

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-faster/jx"

	oapi "github.com/specgen/specgen/bench/internal/oapi"
	ogen "github.com/specgen/specgen/bench/internal/ogen"
	fn "github.com/specgen/specgen/generated/functions"
)

// coverageCase breaks one rule of the spec in one fixture, to show which peer
// notices: the benchmarks are only comparable together with what each checks.
type coverageCase struct {
	name      string
	functions bool // FunctionList, else FunctionCallList
	old, new  string
}

func coverageCases() []coverageCase {
	var pairs []string
	for i := range 14 {
		pairs = append(pairs, `"k`+string(rune('a'+i))+`":"v"`)
	}
	return []coverageCase{
		{"call id 0 (minimum 1)", false, `"id":987654321,`, `"id":0,`},
		{"call without required status", false, `"status":"Completed",`, ``},
		{"call status not in the enum (open: x-extensible-enum)", false, `"status":"Completed",`, `"status":"Paused",`},
		{"call startTime -1 (minimum 0)", false, `"startTime":`, `"startTime":-1,"x":`},
		{"call error is a number (oneOf string/object)", false, `"error":"ZeroDivisionError: division by zero"`, `"error":42`},
		{"function name of 141 characters (maxLength)", true, `"name":"daily-report-0000"`, `"name":"` + strings.Repeat("n", 141) + `"`},
		{"build error trace of 2001 characters (maxLength)", true, `"trace":"ERROR: Could`, `"trace":"` + strings.Repeat("x", 2001) + `ERROR: Could`},
		{"envVars key 'bad key' (propertyNames pattern)", true, `"envVars":{"LOG_LEVEL"`, `"envVars":{"bad key":"x","LOG_LEVEL"`},
		{"metadata with 17 pairs (maxProperties 16)", true, `"metadata":{`, `"metadata":{` + strings.Join(pairs, ",") + `,`},
		{"metadata key of 33 characters (propertyNames maxLength)", true, `"metadata":{`, `"metadata":{"` + strings.Repeat("k", 33) + `":"v",`},
	}
}

// TestCoverage prints, for each broken document, whether each peer rejects
// it. benchrun reads the COVERAGE lines (go test -v) into RESULTS.md.
func TestCoverage(t *testing.T) {
	ctx := context.Background()
	k := loadKin(t)
	for _, c := range coverageCases() {
		src := callsJSON
		if c.functions {
			src = functionsJSON
		}
		if !bytes.Contains(src, []byte(c.old)) {
			t.Fatalf("%s: fixture lacks %q", c.name, c.old)
		}
		doc := bytes.Replace(src, []byte(c.old), []byte(c.new), 1)
		rejected := map[string]bool{}
		if c.functions {
			var a fn.FunctionList
			rejected["specgen"] = json.Unmarshal(doc, &a) != nil || a.ValidateResponse() != nil
			var b oapi.FunctionList
			rejected["oapi-codegen-novalidate"] = json.Unmarshal(doc, &b) != nil
			rejected["oapi-codegen+kin"] = rejected["oapi-codegen-novalidate"] || validateKin(ctx, k.input(t, "GET", "/functions"), doc) != nil
			var g ogen.FunctionList
			rejected["ogen"] = g.Decode(jx.DecodeBytes(doc)) != nil || g.Validate() != nil
		} else {
			var a fn.FunctionCallList
			rejected["specgen"] = json.Unmarshal(doc, &a) != nil || a.Validate() != nil
			var b oapi.FunctionCallList
			rejected["oapi-codegen-novalidate"] = json.Unmarshal(doc, &b) != nil
			rejected["oapi-codegen+kin"] = rejected["oapi-codegen-novalidate"] || validateKin(ctx, k.input(t, "GET", "/functions/1/calls"), doc) != nil
			var g ogen.FunctionCallList
			rejected["ogen"] = g.Decode(jx.DecodeBytes(doc)) != nil || g.Validate() != nil
		}
		for _, p := range []string{"specgen", "oapi-codegen+kin", "ogen", "oapi-codegen-novalidate"} {
			verdict := "accepted"
			if rejected[p] {
				verdict = "rejected"
			}
			t.Logf("COVERAGE\t%s\t%s\t%s", c.name, p, verdict)
		}
	}
}
