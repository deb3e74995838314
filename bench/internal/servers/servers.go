// Package servers builds, for each generator, an http.Handler for the Functions API
// whose POST /functions/{functionId}/call does the same trivial work: the request
// is decoded and validated (by the generated code or, for oapi-codegen, by the
// kin-openapi request validator its users put in front of it), and a fixed
// FunctionCall is encoded as the 201 answer. Every other operation is left
// unimplemented.
package servers

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	oapi "github.com/specgen/specgen/bench/internal/oapi"
	ogen "github.com/specgen/specgen/bench/internal/ogen"
	fn "github.com/specgen/specgen/generated/functions"
)

// CallPath is the path the load generator POSTs to.
const CallPath = "/functions/1234567890/call"

const startTime = 1714086400000

// New returns the handler of the named implementation; specPath is the
// spec/functions.yaml the kin-openapi validator loads.
func New(name, specPath string) (http.Handler, error) {
	switch name {
	case "specgen":
		// Like ogen's, specgen's server checks the spec's security: give it a
		// handler that accepts every bearer token.
		return fn.NewServer(specgenHandler{}, fn.WithSecurity(func(context.Context, fn.OperationInfo, []fn.Credentials) (any, error) {
			return "bench", nil
		})), nil
	case "oapi-codegen+kin":
		v, err := kinValidator(specPath)
		if err != nil {
			return nil, err
		}
		return v(oapiMux()), nil
	case "oapi-codegen-novalidate":
		return oapiMux(), nil
	case "ogen":
		return ogen.NewServer(ogenHandler{}, ogenSecurity{})
	}
	return nil, fmt.Errorf("unknown server %q (want one of %v)", name, Names())
}

// Names lists the implementations, the comparable ones first.
func Names() []string {
	return []string{"specgen", "oapi-codegen+kin", "ogen", "oapi-codegen-novalidate"}
}

// Reference reports whether the implementation skips work the others do, so
// that it is shown for reference and not ranked.
func Reference(name string) bool { return name == "oapi-codegen-novalidate" }

type specgenHandler struct{ fn.UnimplementedHandler }

func (specgenHandler) CallFunction(_ context.Context, id fn.CogniteInternalId, body *fn.FunctionCallRequest) (*fn.FunctionCall, error) {
	return &fn.FunctionCall{ID: 987654321, FunctionID: id, Status: fn.FunctionCallStatusRunning, StartTime: startTime}, nil
}

// oapiHandler implements the one operation; the embedded nil interface stands
// for the rest, which the benchmark never calls.
type oapiHandler struct{ oapi.ServerInterface }

func (oapiHandler) CallFunction(w http.ResponseWriter, r *http.Request, id oapi.FunctionId) {
	var body oapi.FunctionCallRequest
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, `{"error":{"code":400,"message":"malformed JSON body"}}`, http.StatusBadRequest)
		return
	}
	out := oapi.FunctionCall{Id: 987654321, FunctionId: id, Status: oapi.FunctionCallStatusRunning, StartTime: startTime}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(out)
}

// OapiFullHandler is oapi-codegen's own oapi.Handler for the whole spec. It
// panics for spec/functions.yaml: net/http's ServeMux refuses the pattern pair
// "GET /functions/schedules/{scheduleId}" and "GET /functions/{functionId}/calls"
// (neither is more specific). The benchmark reports that and serves instead
// the one route it measures through the generated ServerInterfaceWrapper,
// which is the code oapi.Handler would have run for it.
func OapiFullHandler() (h http.Handler, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return oapi.Handler(oapiHandler{}), nil
}

func oapiMux() http.Handler {
	w := &oapi.ServerInterfaceWrapper{
		Handler: oapiHandler{},
		ErrorHandlerFunc: func(w http.ResponseWriter, r *http.Request, err error) {
			http.Error(w, err.Error(), http.StatusBadRequest)
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /functions/{functionId}/call", w.CallFunction)
	return mux
}

// kinValidator is what oapi-codegen's nethttp-middleware OapiRequestValidator
// does, written out: find the route, then openapi3filter.ValidateRequest, and
// answer 400 when it fails. Authentication is not checked (NoopAuthenticationFunc),
// as in the other servers.
func kinValidator(specPath string) (func(http.Handler) http.Handler, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	doc.Servers = nil
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			route, params, err := router.FindRoute(r)
			if err != nil {
				http.Error(w, err.Error(), http.StatusNotFound)
				return
			}
			in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: opts}
			if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			next.ServeHTTP(w, r)
		})
	}, nil
}

type ogenHandler struct{ ogen.UnimplementedHandler }

func (ogenHandler) CallFunction(_ context.Context, req *ogen.FunctionCallRequest, p ogen.CallFunctionParams) (ogen.CallFunctionRes, error) {
	return &ogen.FunctionCall{ID: 987654321, FunctionId: p.FunctionId, Status: ogen.FunctionCallStatusRunning, StartTime: startTime}, nil
}

// ogenSecurity accepts every token: ogen's server insists on a security
// handler because the spec declares security; the others do not check it.
type ogenSecurity struct{}

func (ogenSecurity) HandleOAuth2ClientCredentials(ctx context.Context, _ ogen.OperationName, _ ogen.OAuth2ClientCredentials) (context.Context, error) {
	return ctx, nil
}

func (ogenSecurity) HandleOidcToken(ctx context.Context, _ ogen.OperationName, _ ogen.OidcToken) (context.Context, error) {
	return ctx, nil
}
