package functions_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	fn "github.com/specgen/specgen/generated/functions"
)

// The spec's server is built from its cluster and project, as the README
// shows.
func TestServerURL(t *testing.T) {
	for _, tc := range []struct{ cluster, project, want string }{
		{"", "", "https://api.cognitedata.com/api/v1/projects/publicdata"},
		{"westeurope-1", "my-project", "https://westeurope-1.cognitedata.com/api/v1/projects/my-project"},
		{"api", "a b/c", "https://api.cognitedata.com/api/v1/projects/a%20b%2Fc"},
	} {
		got, err := fn.ServerURL(tc.cluster, tc.project)
		if err != nil || got != tc.want {
			t.Errorf("ServerURL(%q, %q) = %q, %v; want %q", tc.cluster, tc.project, got, err, tc.want)
		}
	}
	// A cluster that would end the host early is refused, not escaped
	// into a host name no client can reach.
	if got, err := fn.ServerURL("evil.com/x?", "p"); err == nil || !strings.Contains(err.Error(), "cluster must be a host name") {
		t.Errorf("ServerURL(evil.com/x?) = %q, %v; want an error", got, err)
	}
	base, _ := fn.ServerURL("api", "my-project")
	if _, err := fn.NewClient(base); err != nil {
		t.Errorf("NewClient(%s): %v", base, err)
	}
}

// Both bearer schemes of the spec (an OIDC token, OAuth 2 client
// credentials) take the token WithBearerToken sets.
func TestWithBearerToken(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"activated"}`))
	}))
	defer srv.Close()
	c, _ := fn.NewClient(srv.URL, fn.WithBearerToken("abc"))
	if _, err := c.GetFunctionsStatus(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got != "Bearer abc" {
		t.Errorf("Authorization %q", got)
	}
	c, _ = fn.NewClient(srv.URL, fn.WithBearerTokenSource(func(ctx context.Context) (string, error) { return "fresh", nil }))
	if _, err := c.GetFunctionsStatus(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(got, "fresh") {
		t.Errorf("Authorization %q", got)
	}
}
