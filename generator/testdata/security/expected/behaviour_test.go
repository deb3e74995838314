package security

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

type service struct{ UnimplementedHandler }

func (service) GetMe(ctx context.Context) (*Seen, error)      { return &Seen{}, nil }
func (service) Login(ctx context.Context) (*Seen, error)      { return &Seen{}, nil }
func (service) GetReports(ctx context.Context) (*Seen, error) { return &Seen{}, nil }
func (service) GetSession(ctx context.Context) (*Seen, error) { return &Seen{}, nil }
func (service) Health(ctx context.Context) (*Seen, error)     { return &Seen{}, nil }
func (service) GetBoth(ctx context.Context) (*Seen, error)    { return &Seen{}, nil }

// GetMaybe tells who called: the principal, or <nil> for anyone.
func (service) GetMaybe(ctx context.Context) (*Seen, error) {
	return &Seen{Authorization: Ptr(fmt.Sprint(PrincipalFrom(ctx)))}, nil
}
func (service) WhoAmI(ctx context.Context) (*WithBasicAuth, error) {
	return &WithBasicAuth{User: Ptr("ann")}, nil
}

// seen is what the last request carried, and what the server authenticated.
type seen struct {
	authorization, apiKeyHeader, apiKeyQuery, cookie string
	creds                                            []Credentials
}

// onWire is what the request carried, leaving out what the server made of it.
func (s seen) onWire() [4]string {
	return [4]string{s.authorization, s.apiKeyHeader, s.apiKeyQuery, s.cookie}
}

func start(t *testing.T, opts ...ClientOption) (*Client, func() seen) {
	t.Helper()
	var mu sync.Mutex
	var last seen
	api := NewServer(service{}, WithSecurity(func(ctx context.Context, op OperationInfo, creds []Credentials) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		last.creds = creds
		return "caller", nil
	}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		last = seen{authorization: r.Header.Get("Authorization"), apiKeyHeader: r.Header.Get("X-API-Key"),
			apiKeyQuery: r.URL.Query().Get("api_key"), cookie: r.Header.Get("Cookie")}
		mu.Unlock()
		api.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, append([]ClientOption{WithRetry(RetryPolicy{MaxAttempts: 1})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, func() seen {
		mu.Lock()
		defer mu.Unlock()
		return last
	}
}

// Each option sends its credentials exactly where its scheme says, and
// only to the operations whose security accepts the scheme.
func TestOptionsGoOnlyWhereAccepted(t *testing.T) {
	ctx := context.Background()
	c, last := start(t,
		WithBearerToken("tok"),
		// The schema WithBasicAuth keeps its name; the option gives way.
		WithBasicAuthSecuritySchemesBasic("ann", "pw"),
		WithAPIKeyHeaderKey("hk"),
		WithAPIKeyQueryKey("q k"),
		WithAPIKeyCookieKey("ck"),
	)
	calls := []struct {
		name string
		call func() (*Seen, error)
		want seen
	}{
		{"GetMe", func() (*Seen, error) { return c.GetMe(ctx) }, seen{authorization: "Bearer tok"}},
		{"Login", func() (*Seen, error) { return c.Login(ctx) }, seen{authorization: "Basic YW5uOnB3"}},
		{"GetReports", func() (*Seen, error) { return c.GetReports(ctx) },
			seen{authorization: "Bearer tok", apiKeyHeader: "hk", apiKeyQuery: "q k"}},
		{"GetSession", func() (*Seen, error) { return c.GetSession(ctx) }, seen{cookie: "session=ck"}},
		{"Health", func() (*Seen, error) { return c.Health(ctx) }, seen{}},
	}
	for _, tc := range calls {
		if _, err := tc.call(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := last(); got.onWire() != tc.want.onWire() {
			t.Errorf("%s sent %+v, want %+v", tc.name, got.onWire(), tc.want.onWire())
		}
	}
}

// The server reads each scheme's credentials from where the client put
// them.
func TestServerSeesCredentials(t *testing.T) {
	c, last := start(t, WithAPIKeyQueryKey("qq"), WithAPIKeyHeaderKey("hh"))
	if _, err := c.GetReports(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(last().creds)
	if got != "[{headerKey hh} {queryKey qq}]" {
		t.Errorf("server got %s", got)
	}
}

// Without an option, a secured operation is sent without credentials and
// the server answers 401.
func TestNoOptionNoCredentials(t *testing.T) {
	c, last := start(t, WithBasicAuthSecuritySchemesBasic("ann", "pw"))
	_, err := c.GetMe(context.Background())
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 401 {
		t.Fatalf("got %v, want 401", err)
	}
	if last().authorization != "" {
		t.Errorf("basic credentials went to a bearer operation: %q", last().authorization)
	}
}

// A token source is asked on every call; its error fails the call without
// sending anything, and never shows a secret.
func TestTokenSource(t *testing.T) {
	n := 0
	c, last := start(t, WithBearerTokenSource(func(ctx context.Context) (string, error) {
		n++
		if n == 2 {
			return "", errors.New("identity provider down")
		}
		return fmt.Sprintf("t%d", n), nil
	}))
	ctx := context.Background()
	if _, err := c.GetMe(ctx); err != nil || last().authorization != "Bearer t1" {
		t.Fatalf("first call: %v, %q", err, last().authorization)
	}
	if _, err := c.GetMe(ctx); err == nil || !strings.Contains(err.Error(), "identity provider down") {
		t.Fatalf("second call: %v, want the source's error", err)
	}
	if _, err := c.GetMe(ctx); err != nil || last().authorization != "Bearer t3" {
		t.Fatalf("third call: %v, %q", err, last().authorization)
	}
}

// A secret never shows in the client's printed form or in an error.
func TestSecretsNotPrinted(t *testing.T) {
	c, _ := start(t, WithBearerToken("s3cr3t-token"), WithBasicAuthSecuritySchemesBasic("ann", "pw-s3cr3t"), WithAPIKeyHeaderKey("key-s3cr3t"))
	for _, s := range []string{fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
		if strings.Contains(s, "s3cr3t") {
			t.Errorf("printed client shows a secret: %s", s)
		}
	}
	bad, _ := NewClient("http://127.0.0.1:1", WithBearerToken("s3cr3t-token"), WithRetry(RetryPolicy{MaxAttempts: 1}))
	if _, err := bad.GetMe(context.Background()); err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error %v", err)
	}
}

func TestServerURLs(t *testing.T) {
	u, err := ServerURL1("", "", "")
	if err != nil || u != "https://eu.example.com:443/api/v1" {
		t.Errorf("defaults: %q, %v", u, err)
	}
	u, err = ServerURL1("us", "8443", "v 2/x")
	if err != nil || u != "https://us.example.com:8443/api/v%202%2Fx" {
		t.Errorf("values: %q, %v", u, err)
	}
	if _, err := ServerURL1("mars", "", ""); err == nil || !strings.Contains(err.Error(), "region must be one of eu, us") {
		t.Errorf("a region outside the enum: %v", err)
	}
	if _, err := NewClient(ServerURL2); err != nil {
		t.Errorf("ServerURL2 is not a usable base URL: %v", err)
	}
	// A variable that is a whole URL is taken as it is; one that is a
	// host takes a port, and is refused when it holds what ends a host.
	for _, tc := range []struct {
		f    func(string) (string, error)
		arg  string
		want string
	}{
		{ServerURL3, "", "https://api.example.com/v1"},
		{ServerURL3, "http://127.0.0.1:9000/x", "http://127.0.0.1:9000/x/v1"},
		{ServerURL4, "", "http://localhost:8080/api"},
		{ServerURL4, "10.0.0.1:81", "http://10.0.0.1:81/api"},
	} {
		u, err := tc.f(tc.arg)
		if err != nil || u != tc.want {
			t.Errorf("%q: %q, %v; want %q", tc.arg, u, err, tc.want)
		}
		if _, err := NewClient(u); err != nil {
			t.Errorf("%s is not a usable base URL: %v", u, err)
		}
	}
	if _, err := ServerURL4("a/b"); err == nil || !strings.Contains(err.Error(), "host must be a host name") {
		t.Errorf("a host with a slash: %v", err)
	}
	// In a relative URL a variable is a path segment, escaped.
	if u, err := ServerURL5("../admin"); err != nil || u != "/api/..%2Fadmin" {
		t.Errorf("relative: %q, %v", u, err)
	}
}

// serve sends one request to srv and returns the answer.
func serve(srv http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

// A requirement that names two schemes needs both: one of them alone is
// refused before the SecurityHandler runs, and the handler is given only
// the credentials of the requirements met in full.
func TestRequirementNeedsAllItsSchemes(t *testing.T) {
	var got []Credentials
	calls := 0
	srv := NewServer(service{}, WithSecurity(func(ctx context.Context, op OperationInfo, creds []Credentials) (any, error) {
		calls++
		got = creds
		if fmt.Sprint(op.Requirements) != "[[headerKey queryKey] [bearer]]" {
			t.Errorf("the handler was told the requirements %v", op.Requirements)
		}
		return "caller", nil
	}))
	for _, c := range []struct {
		name   string
		target string
		header []string
		code   int
		creds  string
	}{
		{"header key alone", "/both", []string{"X-API-Key", "hk"}, 401, ""},
		{"query key alone", "/both?api_key=qk", nil, 401, ""},
		{"both keys", "/both?api_key=qk", []string{"X-API-Key", "hk"}, 200, "[{headerKey hk} {queryKey qk}]"},
		{"the bearer alternative", "/both", []string{"Authorization", "Bearer t"}, 200, "[{bearer t}]"},
		{"bearer and half a pair", "/both", []string{"Authorization", "Bearer t", "X-API-Key", "hk"}, 200, "[{bearer t}]"},
	} {
		calls, got = 0, nil
		w := serve(srv, "GET", c.target, c.header...)
		if w.Code != c.code {
			t.Errorf("%s: %d %s, want %d", c.name, w.Code, w.Body, c.code)
		}
		if c.code == 401 {
			if calls != 0 {
				t.Errorf("%s: the SecurityHandler ran", c.name)
			}
			if ch := w.Header().Get("WWW-Authenticate"); ch != "Bearer" {
				t.Errorf("%s: challenge %q, want Bearer (the one HTTP scheme the operation accepts)", c.name, ch)
			}
			continue
		}
		if fmt.Sprint(got) != c.creds {
			t.Errorf("%s: the handler got %v, want %s", c.name, got, c.creds)
		}
	}
}

// {} among the requirements makes credentials optional: a call without
// any is served with no principal, but credentials that are sent are
// checked, and a bad one is refused.
func TestOptionalSecurityStillAuthenticates(t *testing.T) {
	srv := NewServer(service{}, WithSecurity(func(ctx context.Context, op OperationInfo, creds []Credentials) (any, error) {
		if !op.Anonymous {
			t.Errorf("%s: Anonymous not set", op.ID)
		}
		if creds[0].Token != "good" {
			return nil, errors.New("bad token")
		}
		return "alice", nil
	}))
	for _, c := range []struct {
		name   string
		header []string
		code   int
		body   string
	}{
		{"anonymous", nil, 200, `{"authorization":"<nil>"}`},
		{"a good token", []string{"Authorization", "Bearer good"}, 200, `{"authorization":"alice"}`},
		{"a bad token", []string{"Authorization", "Bearer bad"}, 401, ""},
	} {
		w := serve(srv, "GET", "/maybe", c.header...)
		if w.Code != c.code || c.body != "" && strings.TrimSpace(w.Body.String()) != c.body {
			t.Errorf("%s: %d %s, want %d %s", c.name, w.Code, w.Body, c.code, c.body)
		}
	}
	// A server with no SecurityHandler serves the operation to anyone,
	// and still refuses the operations that need credentials.
	open := NewServer(service{})
	if w := serve(open, "GET", "/maybe", "Authorization", "Bearer good"); w.Code != 200 || !strings.Contains(w.Body.String(), "<nil>") {
		t.Errorf("no SecurityHandler, /maybe: %d %s", w.Code, w.Body)
	}
	if w := serve(open, "GET", "/me", "Authorization", "Bearer good"); w.Code != 401 {
		t.Errorf("no SecurityHandler, /me: %d %s", w.Code, w.Body)
	}
	// The client sends its token to the operation, as the server reads it.
	c, last := start(t, WithBearerToken("tok"))
	if _, err := c.GetMaybe(context.Background()); err != nil || last().authorization != "Bearer tok" {
		t.Errorf("client: %v, sent %q", err, last().authorization)
	}
}

// A 401 challenges with the HTTP schemes the operation accepts (RFC 9110,
// 15.5.2), also when the SecurityHandler's *APIError sets the status; an
// operation that accepts only API keys has no challenge to give. The
// handler learns the scopes the operation needs.
func TestChallengesAndScopes(t *testing.T) {
	var scopes []string
	srv := NewServer(service{}, WithSecurity(func(ctx context.Context, op OperationInfo, creds []Credentials) (any, error) {
		scopes = op.Scopes
		if creds[0].Token == "expired" {
			return nil, &APIError{StatusCode: 401, Message: "token expired"}
		}
		return "x", nil
	}))
	for _, c := range []struct {
		method, target string
		header         []string
		want           string
	}{
		{"POST", "/login", nil, `Basic realm="api"`},
		{"GET", "/me", nil, "Bearer"},
		{"GET", "/me", []string{"Authorization", "Bearer expired"}, "Bearer"},
		{"GET", "/session", nil, ""},
	} {
		w := serve(srv, c.method, c.target, c.header...)
		if w.Code != 401 || w.Header().Get("WWW-Authenticate") != c.want {
			t.Errorf("%s %s %v: %d, challenge %q, want 401 and %q", c.method, c.target, c.header, w.Code, w.Header().Get("WWW-Authenticate"), c.want)
		}
	}
	if w := serve(srv, "GET", "/reports", "Authorization", "Bearer t"); w.Code != 200 || fmt.Sprint(scopes) != "[reports:read]" {
		t.Errorf("GET /reports: %d, the handler was told the scopes %v", w.Code, scopes)
	}
}
