// Package runtimebench compares, in one process, the code three generators make
// from spec/functions.yaml: decoding and validating a 1000-item list response,
// and encoding it.
//
//   - specgen: json.Unmarshal into the generated type, then its Validate (or
//     ValidateResponse where the type has one). "specgen-direct" calls the
//     type's UnmarshalJSON itself, as specgen's generated client does, which
//     spares encoding/json's scan of the whole document before the method runs.
//   - oapi-codegen: json.Unmarshal into its generated type; it generates no
//     validation, so its users validate with kin-openapi's
//     openapi3filter.ValidateResponse against the spec (route found by the
//     gorillamux router once, outside the loop). "oapi-codegen-novalidate" is the
//     decode alone, for reference.
//   - ogen: its generated jx decoder (Decode) and then Validate.
//
// Run from bench/: go test -run '^$' -bench . -benchmem ./runtime
package runtimebench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/go-faster/jx"

	"github.com/specgen/specgen/bench/internal/fixtures"
	oapi "github.com/specgen/specgen/bench/internal/oapi"
	ogen "github.com/specgen/specgen/bench/internal/ogen"
	fn "github.com/specgen/specgen/generated/functions"
)

const specPath = "../../spec/functions.yaml"

var (
	callsJSON     = fixtures.FunctionCallList()
	functionsJSON = fixtures.FunctionList()
)

// kin holds what an oapi-codegen user sets up once: the loaded spec and a router.
type kin struct {
	router routers.Router
}

var (
	kinOnce sync.Once
	kinVal  *kin
	kinErr  error
)

func loadKin(tb testing.TB) *kin {
	tb.Helper()
	kinOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromFile(specPath)
		if err != nil {
			kinErr = err
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			kinErr = err
			return
		}
		// As oapi-codegen's request-validation middleware recommends: route on the
		// path alone, not on the server URL.
		doc.Servers = nil
		r, err := gorillamux.NewRouter(doc)
		if err != nil {
			kinErr = err
			return
		}
		kinVal = &kin{router: r}
	})
	if kinErr != nil {
		tb.Fatal(kinErr)
	}
	return kinVal
}

// input is the request side of a kin-openapi response validation: the route of
// method path, found once.
func (k *kin) input(tb testing.TB, method, path string) *openapi3filter.RequestValidationInput {
	tb.Helper()
	req := httptest.NewRequest(method, path, nil)
	route, params, err := k.router.FindRoute(req)
	if err != nil {
		tb.Fatal(err)
	}
	return &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
}

// validateKin validates body as the 200 response of the route, the way an
// oapi-codegen client or server validates with kin-openapi.
func validateKin(ctx context.Context, in *openapi3filter.RequestValidationInput, body []byte) error {
	h := http.Header{"Content-Type": []string{"application/json"}}
	return openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 200,
		Header:                 h,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                in.Options,
	})
}

// TestFixturesAccepted checks that every peer decodes and accepts the same bytes,
// so the benchmarks compare equal work.
func TestFixturesAccepted(t *testing.T) {
	ctx := context.Background()
	k := loadKin(t)
	{
		var a fn.FunctionCallList
		if err := json.Unmarshal(callsJSON, &a); err != nil {
			t.Fatal(err)
		}
		if err := a.Validate(); err != nil {
			t.Fatal("specgen:", err)
		}
		var b oapi.FunctionCallList
		if err := json.Unmarshal(callsJSON, &b); err != nil {
			t.Fatal(err)
		}
		if err := validateKin(ctx, k.input(t, "GET", "/functions/1/calls"), callsJSON); err != nil {
			t.Fatal("kin:", err)
		}
		var c ogen.FunctionCallList
		if err := c.Decode(jx.DecodeBytes(callsJSON)); err != nil {
			t.Fatal("ogen:", err)
		}
		if err := c.Validate(); err != nil {
			t.Fatal("ogen:", err)
		}
		if len(a.Items) != fixtures.N || len(b.Items) != fixtures.N || len(c.Items) != fixtures.N {
			t.Fatalf("items: %d %d %d", len(a.Items), len(b.Items), len(c.Items))
		}
	}
	{
		var a fn.FunctionList
		if err := json.Unmarshal(functionsJSON, &a); err != nil {
			t.Fatal(err)
		}
		if err := a.ValidateResponse(); err != nil {
			t.Fatal("specgen:", err)
		}
		var b oapi.FunctionList
		if err := json.Unmarshal(functionsJSON, &b); err != nil {
			t.Fatal(err)
		}
		if err := validateKin(ctx, k.input(t, "GET", "/functions"), functionsJSON); err != nil {
			t.Fatal("kin:", err)
		}
		var c ogen.FunctionList
		if err := c.Decode(jx.DecodeBytes(functionsJSON)); err != nil {
			t.Fatal("ogen:", err)
		}
		if err := c.Validate(); err != nil {
			t.Fatal("ogen:", err)
		}
		if len(a.Items) != fixtures.N || len(b.Items) != fixtures.N || len(c.Items) != fixtures.N {
			t.Fatalf("items: %d %d %d", len(a.Items), len(b.Items), len(c.Items))
		}
	}
	// Each peer must reject an invalid document too (id below its minimum), so that
	// no peer is measured skipping the checks.
	bad := bytes.Replace(callsJSON, []byte(`"id":987654321,`), []byte(`"id":0,`), 1)
	var a fn.FunctionCallList
	if err := json.Unmarshal(bad, &a); err != nil || a.Validate() == nil {
		t.Error("specgen accepted id 0")
	}
	if validateKin(ctx, k.input(t, "GET", "/functions/1/calls"), bad) == nil {
		t.Error("kin accepted id 0")
	}
	var c ogen.FunctionCallList
	if err := c.Decode(jx.DecodeBytes(bad)); err == nil && c.Validate() == nil {
		t.Error("ogen accepted id 0")
	}
}

func BenchmarkDecodeValidate(b *testing.B) {
	ctx := context.Background()

	b.Run("calls/specgen", func(b *testing.B) {
		b.SetBytes(int64(len(callsJSON)))
		for b.Loop() {
			var v fn.FunctionCallList
			if err := json.Unmarshal(callsJSON, &v); err != nil {
				b.Fatal(err)
			}
			if err := v.Validate(); err != nil {
				b.Fatal(err)
			}
		}
	})
	// What specgen's own client and server do: call the generated decoder
	// directly, without encoding/json's validating pre-scan of the document.
	b.Run("calls/specgen-direct", func(b *testing.B) {
		b.SetBytes(int64(len(callsJSON)))
		for b.Loop() {
			var v fn.FunctionCallList
			if err := v.UnmarshalJSON(callsJSON); err != nil {
				b.Fatal(err)
			}
			if err := v.Validate(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("calls/oapi-codegen+kin", func(b *testing.B) {
		callsIn := loadKin(b).input(b, "GET", "/functions/1/calls")
		b.SetBytes(int64(len(callsJSON)))
		for b.Loop() {
			var v oapi.FunctionCallList
			if err := json.Unmarshal(callsJSON, &v); err != nil {
				b.Fatal(err)
			}
			if err := validateKin(ctx, callsIn, callsJSON); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("calls/oapi-codegen-novalidate", func(b *testing.B) {
		b.SetBytes(int64(len(callsJSON)))
		for b.Loop() {
			var v oapi.FunctionCallList
			if err := json.Unmarshal(callsJSON, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("calls/ogen", func(b *testing.B) {
		b.SetBytes(int64(len(callsJSON)))
		for b.Loop() {
			var v ogen.FunctionCallList
			if err := v.Decode(jx.DecodeBytes(callsJSON)); err != nil {
				b.Fatal(err)
			}
			if err := v.Validate(); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("functions/specgen", func(b *testing.B) {
		b.SetBytes(int64(len(functionsJSON)))
		for b.Loop() {
			var v fn.FunctionList
			if err := json.Unmarshal(functionsJSON, &v); err != nil {
				b.Fatal(err)
			}
			if err := v.ValidateResponse(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("functions/specgen-direct", func(b *testing.B) {
		b.SetBytes(int64(len(functionsJSON)))
		for b.Loop() {
			var v fn.FunctionList
			if err := v.UnmarshalJSON(functionsJSON); err != nil {
				b.Fatal(err)
			}
			if err := v.ValidateResponse(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("functions/oapi-codegen+kin", func(b *testing.B) {
		functionsIn := loadKin(b).input(b, "GET", "/functions")
		b.SetBytes(int64(len(functionsJSON)))
		for b.Loop() {
			var v oapi.FunctionList
			if err := json.Unmarshal(functionsJSON, &v); err != nil {
				b.Fatal(err)
			}
			if err := validateKin(ctx, functionsIn, functionsJSON); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("functions/oapi-codegen-novalidate", func(b *testing.B) {
		b.SetBytes(int64(len(functionsJSON)))
		for b.Loop() {
			var v oapi.FunctionList
			if err := json.Unmarshal(functionsJSON, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("functions/ogen", func(b *testing.B) {
		b.SetBytes(int64(len(functionsJSON)))
		for b.Loop() {
			var v ogen.FunctionList
			if err := v.Decode(jx.DecodeBytes(functionsJSON)); err != nil {
				b.Fatal(err)
			}
			if err := v.Validate(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	var (
		sc fn.FunctionCallList
		oc oapi.FunctionCallList
		gc ogen.FunctionCallList
		sf fn.FunctionList
		of oapi.FunctionList
		gf ogen.FunctionList
	)
	for _, err := range []error{
		json.Unmarshal(callsJSON, &sc), json.Unmarshal(callsJSON, &oc), gc.Decode(jx.DecodeBytes(callsJSON)),
		json.Unmarshal(functionsJSON, &sf), json.Unmarshal(functionsJSON, &of), gf.Decode(jx.DecodeBytes(functionsJSON)),
	} {
		if err != nil {
			b.Fatal(err)
		}
	}
	marshal := func(v any) func(b *testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				if _, err := json.Marshal(v); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	// ogen's servers encode into a fresh jx.Encoder per response; so does this.
	encodeOgen := func(v interface{ Encode(*jx.Encoder) }) func(b *testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				e := new(jx.Encoder)
				v.Encode(e)
				_ = e.Bytes()
			}
		}
	}
	// specgen's client and server call the generated encoder directly; its
	// MarshalJSON is that encoder. json.Marshal adds a pass over the output.
	direct := func(v json.Marshaler) func(b *testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				if _, err := v.MarshalJSON(); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("calls/specgen", marshal(sc))
	b.Run("calls/specgen-direct", direct(sc))
	b.Run("calls/oapi-codegen", marshal(oc))
	b.Run("calls/ogen", encodeOgen(&gc))
	b.Run("functions/specgen", marshal(sf))
	b.Run("functions/specgen-direct", direct(sf))
	b.Run("functions/oapi-codegen", marshal(of))
	b.Run("functions/ogen", encodeOgen(&gf))
}
