package proof

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

// TestPrismMock serves spec/functions.yaml with Prism's mock server (static
// examples, Prism's default) and calls every operation through the
// generated client in strict mode. Prism validates each request against
// the spec and reports what breaks it in the sl-violations header; the
// strict client validates each of Prism's answers against our types.
//
// Prism 5.14.2 makes up two kinds of data that break the spec itself (see
// prismArtifact); an operation whose answer breaks it only in those ways,
// and is valid otherwise, passes with a "PRISM ARTIFACT" note in the log.
//
// SPECGEN_PROOF_PRISM_DYNAMIC=SEED runs Prism with -d --seed SEED instead,
// to explore its dynamic (json-schema-faker) data; that mode makes up data
// that breaks the spec in more ways, so expect failures.
func TestPrismMock(t *testing.T) {
	args := []string{"mock", specPath()}
	if seed := os.Getenv("SPECGEN_PROOF_PRISM_DYNAMIC"); seed != "" {
		args = append(args, "-d", "--seed", seed)
	}
	base, _ := startPrism(t, args...)
	c, rec := newProofClient(t, base, "x")

	ops := everyOperation(c)
	names := make([]string, len(ops))
	for i, o := range ops {
		names[i] = o.name
	}
	checkCoverage(t, names)

	for _, o := range ops {
		t.Run(o.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			before := len(rec.exchanges())
			out, err := o.call(ctx)
			xs := rec.exchanges()[before:]
			if len(xs) != 1 {
				t.Fatalf("%s: %d exchanges with Prism, want 1 (error: %v)", o.name, len(xs), err)
			}
			x := xs[0]
			if x.Status < 200 || x.Status > 299 {
				t.Errorf("%s %s: Prism answered %d %s", x.Method, x.Path, x.Status, x.Body)
			}
			if x.Violations != "" {
				t.Errorf("%s %s: Prism reports violations:\n    %s", x.Method, x.Path, prettyViolations(x.Violations))
			}
			if err != nil {
				artifact, rest := prismArtifact(err, x.Body, o.resp)
				if artifact == "" {
					t.Fatalf("%s %s: %v\n  response: %s", x.Method, x.Path, err, x.Body)
				}
				if rest != nil {
					t.Fatalf("%s %s: %s, and beyond that the response breaks our types: %v\n  response: %s", x.Method, x.Path, artifact, rest, x.Body)
				}
				t.Logf("PRISM ARTIFACT, not a bug of ours: %s %s: %s; the rest of the response passes strict validation", x.Method, x.Path, artifact)
				return
			}
			if testing.Verbose() {
				b, _ := json.Marshal(out)
				t.Logf("%s %s -> %d %s", x.Method, x.Path, x.Status, b)
			}
		})
	}

	// Control: Prism does flag a request that breaks the spec, so a clean
	// sl-violations header above means something.
	t.Run("Control", func(t *testing.T) {
		x := rawPost(t, base+"/functions", `{"items":[]}`)
		if x.Violations == "" || !strings.Contains(x.Violations, "minItems") {
			t.Errorf("POST /functions with no items: Prism answered %d with sl-violations %q, want a minItems violation", x.Status, x.Violations)
		}
	})

	// Error answers: Prism serves the spec's error examples on request, and
	// the client must read them into an *APIError.
	t.Run("ErrorEnvelopes", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		before := len(rec.exchanges())

		_, err := c.GetFunction(fn.ContextWithHeader(ctx, "Prefer", "code=404"), someFunctionID)
		checkAPIError(t, "GET /functions/{id} with Prefer: code=404", err, 404, "Function not found.", []map[string]any{{"id": float64(1234567899)}}, nil)

		_, err = c.GetFunctionsByIds(fn.ContextWithHeader(ctx, "Prefer", "code=400, example=missingIds"), &fn.FunctionByIdsRequest{
			Items: []fn.FunctionIdentifier{{FunctionInternalIdentifier: &fn.FunctionInternalIdentifier{ID: someFunctionID}}}})
		checkAPIError(t, "POST /functions/byids with Prefer: code=400, example=missingIds", err, 400, "Some identifiers were not found.",
			[]map[string]any{{"id": float64(1234567899)}, {"externalId": "no-such-function"}}, nil)

		_, err = c.CallFunction(fn.ContextWithHeader(ctx, "Prefer", "code=429"), someFunctionID, &fn.FunctionCallRequest{Nonce: fn.Ptr("n")})
		checkAPIError(t, "POST /functions/{id}/call with Prefer: code=429", err, 429, "Too many concurrent calls to this function.", nil, nil)

		_, err = c.GetFunctionsLimits(fn.ContextWithHeader(ctx, "Prefer", "code=401"))
		checkAPIError(t, "GET /functions/limits with Prefer: code=401", err, 401, "Unauthorized", nil, nil)

		for _, x := range rec.exchanges()[before:] {
			if x.Violations != "" {
				t.Errorf("%s %s: Prism reports violations:\n    %s", x.Method, x.Path, prettyViolations(x.Violations))
			}
		}
	})
}

// checkAPIError checks that err is an *APIError with these fields.
func checkAPIError(t *testing.T, what string, err error, status int, msg string, missing, duplicated []map[string]any) {
	t.Helper()
	var ae *fn.APIError
	if !errors.As(err, &ae) {
		t.Errorf("%s: got %v, want an *APIError", what, err)
		return
	}
	if ae.StatusCode != status || ae.Code != status || ae.Message != msg {
		t.Errorf("%s: got status %d, code %d, message %q; want %d, %d, %q", what, ae.StatusCode, ae.Code, ae.Message, status, status, msg)
	}
	if !reflect.DeepEqual(normalize(ae.Missing), normalize(missing)) {
		t.Errorf("%s: missing = %v, want %v", what, ae.Missing, missing)
	}
	if !reflect.DeepEqual(normalize(ae.Duplicated), normalize(duplicated)) {
		t.Errorf("%s: duplicated = %v, want %v", what, ae.Duplicated, duplicated)
	}
}

// normalize makes nil and empty lists compare equal and numbers float64.
func normalize(v []map[string]any) any {
	if len(v) == 0 {
		return nil
	}
	b, _ := json.Marshal(v)
	var out any
	json.Unmarshal(b, &out)
	return out
}

// floatOverflow is what Prism's static mock sends for a `format: float`
// number without bounds or examples: @stoplight/http-spec 7.1.0 turns the
// format into minimum -2^128 (format.js: MIN_FLOAT = 0 - 2 ** 128), which
// is outside float32, and the sampler answers with the minimum.
const floatOverflow = "-3.402823669209385e+38"

// prismArtifact recognises failures that come from data Prism 5.14.2 makes
// up in breach of the spec, and checks that nothing else is wrong:
//
//   - writeOnly properties in responses: Prism's static sampler is not told
//     to skip them (it calls json-schema-sampler without skipWriteOnly);
//   - -2^128 for `format: float` (floatOverflow), which no float32 holds.
//
// It returns "" when err is something else. Otherwise it describes the
// artifact and returns, as rest, whatever else breaks the response: the
// body is decoded again with the artifacts removed and validated.
func prismArtifact(err error, body string, newResp func() any) (artifact string, rest error) {
	var ve *fn.ValidationError
	switch {
	case errors.As(err, &ve):
		var wo []string
		for _, v := range ve.Violations {
			if v.Rule != "writeOnly" {
				return "", nil
			}
			wo = append(wo, v.Path)
		}
		return fmt.Sprintf("Prism sends writeOnly properties in a response (%s)", strings.Join(wo, ", ")), nil
	case strings.Contains(err.Error(), "cannot unmarshal number "+floatOverflow) && strings.Contains(body, floatOverflow):
		artifact = fmt.Sprintf("Prism sends %s (-2^128, beyond float32) for an unbounded `format: float` number", floatOverflow)
		v := newResp()
		if err := json.Unmarshal([]byte(strings.ReplaceAll(body, floatOverflow, "1")), v); err != nil {
			return artifact, err
		}
		verr := validateResponse(v)
		if errors.As(verr, &ve) {
			var wo []string
			for _, v := range ve.Violations {
				if v.Rule != "writeOnly" {
					return artifact, verr
				}
				wo = append(wo, v.Path)
			}
			artifact += fmt.Sprintf("; it also sends writeOnly properties in a response (%s)", strings.Join(wo, ", "))
			return artifact, nil
		}
		return artifact, verr
	}
	return "", nil
}

// validateResponse runs ValidateResponse when v's type has direction-
// dependent rules, and Validate otherwise.
func validateResponse(v any) error {
	switch x := v.(type) {
	case interface{ ValidateResponse() error }:
		return x.ValidateResponse()
	case interface{ Validate() error }:
		return x.Validate()
	}
	return nil
}

// rawPost sends body to url with a bearer token, bypassing the generated
// client's own validation, and returns what came back.
func rawPost(t *testing.T, url, body string) exchange {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+emuToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return exchange{Method: req.Method, Path: req.URL.Path, Status: resp.StatusCode,
		Violations: resp.Header.Get("sl-violations"), ContentType: resp.Header.Get("Content-Type"), Body: string(b)}
}
