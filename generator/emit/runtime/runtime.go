package runtime

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// ---- validation ----

// Violation is one rule a value breaks: where (a JSON path such as
// items[2].status), which rule (required, minimum, maxLength, enum, ...)
// and a message that never repeats the offending value.
type Violation struct {
	Path    string
	Rule    string
	Message string
}

func (v Violation) String() string {
	if v.Path == "" {
		return v.Message + " (" + v.Rule + ")"
	}
	return v.Path + ": " + v.Message + " (" + v.Rule + ")"
}

// ValidationError lists every rule a value breaks.
type ValidationError struct {
	Violations []Violation
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		parts[i] = v.String()
	}
	return "invalid: " + strings.Join(parts, "; ")
}

// direction says which side of the wire a value is validated for: a
// readOnly property is required only in responses, a writeOnly one only in
// requests, and neither when the direction is unknown.
type direction uint8

const (
	dirAny direction = iota
	dirRequest
	dirResponse
)

type validator struct {
	violations []Violation
}

func (e *validator) add(path, rule, msg string) {
	e.violations = append(e.violations, Violation{Path: path, Rule: rule, Message: msg})
}

func (e *validator) required(path string) {
	e.add(path, "required", "is required")
}

func (e *validator) err() error {
	if len(e.violations) == 0 {
		return nil
	}
	return &ValidationError{Violations: e.violations}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func indexPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

func keyPath(path, key string) string {
	return path + "[" + strconv.Quote(key) + "]"
}

func checkLength(e *validator, path, s string, min, max int) {
	n := utf8.RuneCountInString(s)
	if min >= 0 && n < min {
		e.add(path, "minLength", fmt.Sprintf("has %d characters, fewer than %d", n, min))
	}
	if max >= 0 && n > max {
		e.add(path, "maxLength", fmt.Sprintf("has %d characters, more than %d", n, max))
	}
}

func checkPattern(e *validator, path, s string, re *regexp.Regexp) {
	if !re.MatchString(s) {
		e.add(path, "pattern", "does not match "+re.String())
	}
}

func checkCount(e *validator, path string, n, min, max int, what, minRule, maxRule string) {
	if min >= 0 && n < min {
		e.add(path, minRule, fmt.Sprintf("has %d %s, fewer than %d", n, what, min))
	}
	if max >= 0 && n > max {
		e.add(path, maxRule, fmt.Sprintf("has %d %s, more than %d", n, what, max))
	}
}

func checkUnique[T any](e *validator, path string, items []T) {
	seen := make(map[string]int, len(items))
	for i, it := range items {
		b, err := json.Marshal(it)
		if err != nil {
			continue
		}
		if j, ok := seen[string(b)]; ok {
			e.add(indexPath(path, i), "uniqueItems", "repeats item "+strconv.Itoa(j))
			continue
		}
		seen[string(b)] = i
	}
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// ---- optional, nullable and required on the wire ----

// Nullable is an optional property that may also be null: absent (the zero
// value, omitted when encoding with omitzero), null, or a value.
type Nullable[T any] struct {
	Value T
	Set   bool // present on the wire
	Null  bool // present and null
}

// NewNullable returns a Nullable holding v.
func NewNullable[T any](v T) Nullable[T] { return Nullable[T]{Value: v, Set: true} }

// Null returns a Nullable that is present and null.
func Null[T any]() Nullable[T] { return Nullable[T]{Set: true, Null: true} }

// IsZero reports whether the value is absent, for omitzero.
func (n Nullable[T]) IsZero() bool { return !n.Set }

// Get returns the value and whether there is one (present and not null).
func (n Nullable[T]) Get() (T, bool) { return n.Value, n.Set && !n.Null }

func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.Set || n.Null {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Null = true
		var zero T
		n.Value = zero
		return nil
	}
	n.Null = false
	return json.Unmarshal(b, &n.Value)
}

// Ptr returns a pointer to v, for filling optional fields:
// Limit: Ptr(int32(10)).
func Ptr[T any](v T) *T { return &v }

// presence decodes a required property into its field and records that it
// was there. null counts as absent unless the property is nullable.
type presence[T any] struct {
	p        *T
	nullable bool
	ok       bool
}

func (x *presence[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" && !x.nullable {
		return nil
	}
	x.ok = true
	return json.Unmarshal(b, x.p)
}

// ---- errors from the server ----

// APIError is a non-2xx answer: the HTTP status, the error envelope's code,
// message and the ids it names as missing or duplicated, and the request id
// the server gave.
type APIError struct {
	StatusCode int
	Code       int
	Message    string
	Missing    []map[string]any
	Duplicated []map[string]any
	RequestID  string
	// Body is the raw response body, kept when it could not be read as
	// the error envelope.
	Body []byte
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if len(e.Missing) > 0 {
		fmt.Fprintf(&b, " (%d missing)", len(e.Missing))
	}
	if len(e.Duplicated) > 0 {
		fmt.Fprintf(&b, " (%d duplicated)", len(e.Duplicated))
	}
	if e.RequestID != "" {
		b.WriteString(" [request " + e.RequestID + "]")
	}
	return b.String()
}

// ---- client ----

// Client calls the API. It is safe for concurrent use.
type Client struct {
	base      *url.URL
	hc        *http.Client
	retry     RetryPolicy
	userAgent string
	header    http.Header
	hooks     []func(*http.Request) error
	strict    bool
}

// ClientOption configures a Client.
type ClientOption func(*Client)

// RetryPolicy says how the client repeats a request that failed in a way
// worth retrying: a connection error, or a 429, 502, 503 or 504 answer.
// Only operations that are safe to repeat are retried: GET, HEAD, PUT,
// DELETE, and operations the spec marks x-idempotent.
type RetryPolicy struct {
	// MaxAttempts counts the first attempt too; 1 turns retries off.
	MaxAttempts int
	// BaseDelay is the first backoff; each retry doubles it, and the wait
	// is drawn at random below it (full jitter).
	BaseDelay time.Duration
	// MaxDelay caps one backoff. A Retry-After from the server is honoured
	// as given, unless it ends after the context's deadline, in which case
	// the answer is returned at once.
	MaxDelay time.Duration
}

// DefaultRetryPolicy is what a Client uses unless WithRetry says otherwise.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 4, BaseDelay: 200 * time.Millisecond, MaxDelay: 10 * time.Second}

// WithHTTPClient sets the http.Client requests go through; pass the one
// from golang.org/x/oauth2 to authenticate. The default is
// http.DefaultClient.
func WithHTTPClient(hc *http.Client) ClientOption {
	return func(c *Client) {
		if hc != nil {
			c.hc = hc
		}
	}
}

// WithRetry sets the retry policy.
func WithRetry(p RetryPolicy) ClientOption {
	return func(c *Client) {
		if p.MaxAttempts < 1 {
			p.MaxAttempts = 1
		}
		c.retry = p
	}
}

// WithUserAgent sets the User-Agent header of every request.
func WithUserAgent(ua string) ClientOption {
	return func(c *Client) { c.userAgent = ua }
}

// WithHeader adds a header to every request, such as an API version.
func WithHeader(key, value string) ClientOption {
	return func(c *Client) { c.header.Add(key, value) }
}

// WithRequestHook runs f on every request before it is sent (after the
// client's own headers are set); an error from f stops the request.
func WithRequestHook(f func(*http.Request) error) ClientOption {
	return func(c *Client) { c.hooks = append(c.hooks, f) }
}

// WithStrict makes the client validate responses too: a response that
// breaks the spec is an error wrapping a *ValidationError.
func WithStrict() ClientOption {
	return func(c *Client) { c.strict = true }
}

type ctxHeaderKey struct{}

// ContextWithHeader returns a context that adds a header to the requests
// made with it, for one call rather than for every call of a Client.
func ContextWithHeader(ctx context.Context, key, value string) context.Context {
	h := http.Header{}
	if old, ok := ctx.Value(ctxHeaderKey{}).(http.Header); ok {
		h = old.Clone()
	}
	h.Add(key, value)
	return context.WithValue(ctx, ctxHeaderKey{}, h)
}

// NewClient returns a client for the API at baseURL, which includes any
// base path, e.g. https://api.example.com/api/v1/projects/p.
func NewClient(baseURL string, opts ...ClientOption) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("base URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("base URL %q: scheme must be http or https", baseURL)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("base URL %q: no host", baseURL)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	c := &Client{base: u, hc: http.DefaultClient, retry: DefaultRetryPolicy, header: http.Header{}}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// RawBody is a request body in a media type other than JSON, passed
// through as bytes. An empty ContentType means the one the spec names.
type RawBody struct {
	ContentType string
	Body        io.Reader
}

// RawResponse is a response in a media type other than JSON (a file, a
// stream of events). Whoever receives it reads and closes Body.
type RawResponse struct {
	StatusCode  int
	ContentType string
	Body        io.ReadCloser
}

// call is one operation's request, as the generated methods describe it.
type call struct {
	method, path string // path is already escaped
	query        url.Values
	header       http.Header
	body         any    // nil, a *RawBody, or a value sent as JSON
	bodyType     string // media type of a RawBody that names none
	accept       string
	repeatable   bool // safe to send more than once
}

// send sends a request, retrying as the policy allows, and returns the
// response of a 2xx answer; any other answer is read and returned as an
// *APIError.
func (c *Client) send(ctx context.Context, r call) (*http.Response, error) {
	u := *c.base
	u.RawPath, u.Path, u.Opaque = "", "", ""
	target := c.base.EscapedPath() + r.path
	if len(r.query) > 0 {
		u.RawQuery = r.query.Encode()
	}
	var data []byte
	var raw io.Reader
	contentType := ""
	switch b := r.body.(type) {
	case nil:
	case *RawBody:
		raw, contentType = b.Body, b.ContentType
		if contentType == "" {
			contentType = r.bodyType
		}
		r.repeatable = false // a reader can be read once
	default:
		var err error
		if data, err = json.Marshal(b); err != nil {
			return nil, fmt.Errorf("encoding request body: %w", err)
		}
		contentType = "application/json"
	}
	attempts := c.retry.MaxAttempts
	if !r.repeatable || attempts < 1 {
		attempts = 1
	}
	for attempt := 1; ; attempt++ {
		body := raw
		if data != nil {
			body = bytes.NewReader(data)
		}
		req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
		if err != nil {
			return nil, err
		}
		req.URL.RawPath = target
		if p, err := url.PathUnescape(target); err == nil {
			req.URL.Path = p
		}
		for k, vs := range c.header {
			req.Header[k] = append([]string(nil), vs...)
		}
		if h, ok := ctx.Value(ctxHeaderKey{}).(http.Header); ok {
			for k, vs := range h {
				req.Header[k] = append(req.Header[k], vs...)
			}
		}
		for k, vs := range r.header {
			req.Header[k] = append(req.Header[k], vs...)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if req.Header.Get("Accept") == "" && r.accept != "" {
			req.Header.Set("Accept", r.accept)
		}
		if c.userAgent != "" {
			req.Header.Set("User-Agent", c.userAgent)
		}
		for _, hook := range c.hooks {
			if err := hook(req); err != nil {
				return nil, err
			}
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			if ctx.Err() != nil || attempt >= attempts {
				return nil, err
			}
			if werr := c.wait(ctx, attempt, 0); werr != nil {
				return nil, err
			}
			continue
		}
		if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			return resp, nil
		}
		errBody, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if rerr != nil {
			return nil, fmt.Errorf("reading error response: %w", rerr)
		}
		apiErr := readAPIError(resp, errBody)
		if attempt >= attempts || !retryable(resp.StatusCode) {
			return nil, apiErr
		}
		if werr := c.wait(ctx, attempt, retryAfter(resp.Header.Get("Retry-After"))); werr != nil {
			return nil, apiErr
		}
	}
}

func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// wait sleeps before retry number attempt: the server's Retry-After when
// it gave one, else an exponential backoff with full jitter. It returns an
// error, without sleeping, when the context would end first.
func (c *Client) wait(ctx context.Context, attempt int, after time.Duration) error {
	d := after
	if d <= 0 {
		ceiling := c.retry.BaseDelay << (attempt - 1)
		if ceiling <= 0 || (c.retry.MaxDelay > 0 && ceiling > c.retry.MaxDelay) {
			ceiling = c.retry.MaxDelay
		}
		if ceiling > 0 {
			d = rand.N(ceiling) + 1
		}
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return context.DeadlineExceeded
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// do sends one request and decodes a 2xx JSON answer into out (when not nil).
func (c *Client) do(ctx context.Context, r call, out any) error {
	r.accept = "application/json"
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("reading response: %w", err)
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("decoding %s %s response: %w", r.method, r.path, err)
	}
	return nil
}

// doRaw sends one request and hands back the body of a 2xx answer unread.
func (c *Client) doRaw(ctx context.Context, r call) (*RawResponse, error) {
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	return &RawResponse{StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: resp.Body}, nil
}

func readAPIError(resp *http.Response, data []byte) *APIError {
	e := &APIError{StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id")}
	if !decodeErrorBody(data, e) {
		e.Body = data
		e.Message = strings.TrimSpace(string(data))
		if len(e.Message) > 512 {
			e.Message = e.Message[:512]
		}
	}
	if e.Code == 0 {
		e.Code = resp.StatusCode
	}
	return e
}

// ---- server ----

type serverConfig struct {
	basePath          string
	maxBodyBytes      int64
	logger            *slog.Logger
	security          SecurityHandler
	authorizer        Authorizer
	insecure          bool
	validateResponses bool
}

// OperationInfo describes the operation a request is for, for the
// security hooks.
type OperationInfo struct {
	ID           string   // operationId
	Method, Path string   // as the spec writes them
	Capabilities []string // x-capability: what the caller must be allowed
	Schemes      []string // security schemes that may authenticate the call
}

// Credentials is what a request presents for one security scheme: a
// bearer token, an API key, or "user:password" for HTTP basic.
type Credentials struct {
	Scheme string // the scheme's name in the spec
	Token  string
}

// SecurityHandler authenticates a request for an operation that declares
// security. It gets the credentials the request carries (never empty) and
// returns who is calling, or an error, answered 401 (an *APIError keeps
// its own status).
type SecurityHandler func(ctx context.Context, op OperationInfo, creds []Credentials) (principal any, err error)

// Authorizer decides whether the principal may call op, typically by
// op.Capabilities; an error is answered 403 (an *APIError keeps its own
// status).
type Authorizer func(ctx context.Context, op OperationInfo, principal any) error

// WithSecurity sets the SecurityHandler. Without it, or WithoutSecurity,
// every operation that declares security is answered 401.
func WithSecurity(h SecurityHandler) ServerOption {
	return func(c *serverConfig) { c.security = h }
}

// WithAuthorizer sets the Authorizer that runs after the SecurityHandler.
func WithAuthorizer(a Authorizer) ServerOption {
	return func(c *serverConfig) { c.authorizer = a }
}

// WithoutSecurity serves operations that declare security without any
// check: for tests, or behind a gateway that authenticates. It must be
// asked for; the default is to refuse.
func WithoutSecurity() ServerOption {
	return func(c *serverConfig) { c.insecure = true }
}

// WithResponseValidation checks every handler result against the spec; an
// invalid one is logged and answered 500 instead of being sent.
func WithResponseValidation() ServerOption {
	return func(c *serverConfig) { c.validateResponses = true }
}

type principalKey struct{}
type requestIDKey struct{}

// PrincipalFrom returns the principal the SecurityHandler returned for the
// request of ctx, or nil.
func PrincipalFrom(ctx context.Context) any { return ctx.Value(principalKey{}) }

// RequestIDFrom returns the x-request-id of the request of ctx: the
// client's, or one the server made.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// securityScheme says where a scheme's credentials are in a request.
type securityScheme struct {
	name, kind, in, key string
}

// ServerOption configures the server NewServer returns.
type ServerOption func(*serverConfig)

// WithBasePath mounts every route under prefix, which may hold {variables}
// of its own, e.g. "/api/v1/projects/{project}".
func WithBasePath(prefix string) ServerOption {
	return func(c *serverConfig) { c.basePath = strings.TrimRight(prefix, "/") }
}

// WithMaxBodyBytes limits request bodies, counted after decompression
// (default 10 MB). A larger body is answered 413.
func WithMaxBodyBytes(n int64) ServerOption {
	return func(c *serverConfig) { c.maxBodyBytes = n }
}

// WithLogger sets where the server logs handler failures (default
// slog.Default()).
func WithLogger(l *slog.Logger) ServerOption {
	return func(c *serverConfig) { c.logger = l }
}

type server struct {
	h   Handler
	cfg serverConfig
	// routes holds the method+path patterns, paths the path-only ones (to
	// tell 405 from 404). Each is a list of layers: ServeMux refuses two
	// patterns that overlap with neither more specific, such as
	// /functions/schedules/{id} and /functions/{id}/calls, so such a
	// pattern goes to the next layer, and a request goes to the layer whose
	// pattern has a literal segment first (the OpenAPI rule).
	routes []*http.ServeMux
	paths  []*http.ServeMux
}

type route struct {
	method, path string
	serve        func(s *server, w http.ResponseWriter, r *http.Request)
	op           OperationInfo
}

func newServer(h Handler, routes []route, opts []ServerOption) *server {
	s := &server{h: h, cfg: serverConfig{maxBodyBytes: 10 << 20, logger: slog.Default()}}
	for _, o := range opts {
		o(&s.cfg)
	}
	allowed := map[string][]string{}
	var order []string
	for _, rt := range routes {
		serve := rt.serve
		op := rt.op
		s.routes = register(s.routes, rt.method+" "+s.cfg.basePath+rt.path, func(w http.ResponseWriter, r *http.Request) {
			defer s.recoverPanic(w, r)
			if len(op.Schemes) > 0 && !s.cfg.insecure {
				var ok bool
				if r, ok = s.authenticate(w, r, &op); !ok {
					return
				}
			}
			serve(s, w, r)
		})
		if _, ok := allowed[rt.path]; !ok {
			order = append(order, rt.path)
		}
		allowed[rt.path] = append(allowed[rt.path], rt.method)
	}
	for _, p := range order {
		allow := strings.Join(allowed[p], ", ")
		s.paths = register(s.paths, s.cfg.basePath+p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			s.writeError(w, r, &APIError{StatusCode: http.StatusMethodNotAllowed, Message: "method " + r.Method + " is not allowed; use " + allow})
		})
	}
	return s
}

// register adds a pattern to the first layer that takes it without a
// conflict, adding a layer when none does.
func register(layers []*http.ServeMux, pattern string, h http.HandlerFunc) []*http.ServeMux {
	for _, m := range layers {
		if tryHandle(m, pattern, h) {
			return layers
		}
	}
	m := http.NewServeMux()
	m.HandleFunc(pattern, h)
	return append(layers, m)
}

// tryHandle registers pattern, reporting false when it conflicts with one
// already there; ServeMux checks for conflicts before it adds anything.
func tryHandle(m *http.ServeMux, pattern string, h http.HandlerFunc) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	m.HandleFunc(pattern, h)
	return true
}

// pick returns the layer that serves r, or nil.
func pick(layers []*http.ServeMux, r *http.Request) *http.ServeMux {
	if len(layers) == 1 {
		if _, p := layers[0].Handler(r); p != "" {
			return layers[0]
		}
		return nil
	}
	var best *http.ServeMux
	bestPattern := ""
	for _, m := range layers {
		if _, p := m.Handler(r); p != "" && (best == nil || literalFirst(p, bestPattern)) {
			best, bestPattern = m, p
		}
	}
	return best
}

// literalFirst reports whether pattern a beats b: at the first segment
// where they differ, a has a literal and b a {wildcard}.
func literalFirst(a, b string) bool {
	_, a, _ = strings.Cut(a, " ")
	_, b, _ = strings.Cut(b, " ")
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(as) && i < len(bs); i++ {
		aw, bw := strings.HasPrefix(as[i], "{"), strings.HasPrefix(bs[i], "{")
		if aw != bw {
			return !aw
		}
	}
	return false
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get("X-Request-Id")
	if id == "" || len(id) > 128 {
		id = newRequestID()
	}
	w.Header().Set("X-Request-Id", id)
	r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
	if m := pick(s.routes, r); m != nil {
		m.ServeHTTP(w, r)
		return
	}
	if m := pick(s.paths, r); m != nil {
		m.ServeHTTP(w, r)
		return
	}
	s.writeError(w, r, &APIError{StatusCode: http.StatusNotFound, Message: "no such path: " + r.URL.Path})
}

func newRequestID() string {
	return strconv.FormatUint(rand.Uint64(), 36) + strconv.FormatUint(rand.Uint64(), 36)
}

// recoverPanic turns a panic in a handler into a 500 in the error format,
// logging the panic and its stack, never sending them.
func (s *server) recoverPanic(w http.ResponseWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	s.cfg.logger.ErrorContext(r.Context(), "handler panicked", "method", r.Method, "path", r.URL.Path,
		"request_id", RequestIDFrom(r.Context()), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	s.writeError(w, r, &APIError{StatusCode: http.StatusInternalServerError, Message: "internal error"})
}

// credentials collects what the request presents for the given schemes.
func credentials(r *http.Request, schemes []string) []Credentials {
	var out []Credentials
	for _, name := range schemes {
		for _, sc := range securitySchemes {
			if sc.name != name {
				continue
			}
			var token string
			switch sc.kind {
			case "bearer":
				if a := r.Header.Get("Authorization"); len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
					token = strings.TrimSpace(a[7:])
				}
			case "basic":
				if u, p, ok := r.BasicAuth(); ok {
					token = u + ":" + p
				}
			case "apiKey":
				switch sc.in {
				case "header":
					token = r.Header.Get(sc.key)
				case "query":
					token = r.URL.Query().Get(sc.key)
				case "cookie":
					if c, err := r.Cookie(sc.key); err == nil {
						token = c.Value
					}
				}
			}
			if token != "" {
				out = append(out, Credentials{Scheme: name, Token: token})
			}
		}
	}
	return out
}

// authenticate runs the security hooks for an operation that declares
// security. It answers the request itself (401 or 403) and returns false
// when the caller may not go on.
func (s *server) authenticate(w http.ResponseWriter, r *http.Request, op *OperationInfo) (*http.Request, bool) {
	deny := func(status int, msg string, err error) (*http.Request, bool) {
		var ae *APIError
		if errors.As(err, &ae) && ae.StatusCode >= 400 {
			s.writeError(w, r, ae)
			return r, false
		}
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", "Bearer")
		}
		s.writeError(w, r, &APIError{StatusCode: status, Message: msg})
		return r, false
	}
	creds := credentials(r, op.Schemes)
	if len(creds) == 0 {
		return deny(http.StatusUnauthorized, "missing credentials", nil)
	}
	if s.cfg.security == nil {
		return deny(http.StatusUnauthorized, "authentication is not configured on this server", nil)
	}
	principal, err := s.cfg.security(r.Context(), *op, creds)
	if err != nil {
		return deny(http.StatusUnauthorized, "invalid credentials", err)
	}
	ctx := context.WithValue(r.Context(), principalKey{}, principal)
	if s.cfg.authorizer != nil {
		if err := s.cfg.authorizer(ctx, *op, principal); err != nil {
			msg := "not allowed"
			if len(op.Capabilities) > 0 {
				msg = "not allowed: " + op.ID + " needs " + strings.Join(op.Capabilities, ", ")
			}
			return deny(http.StatusForbidden, msg, err)
		}
	}
	return r.WithContext(ctx), true
}

// invalidResponse answers 500 for a handler result that breaks the spec.
func (s *server) invalidResponse(w http.ResponseWriter, r *http.Request, err error) {
	s.cfg.logger.ErrorContext(r.Context(), "handler returned an invalid response", "method", r.Method, "path", r.URL.Path,
		"request_id", RequestIDFrom(r.Context()), "error", err)
	s.writeError(w, r, &APIError{StatusCode: http.StatusInternalServerError, Message: "internal error"})
}

// readJSON reads and decodes a JSON request body into v. It answers the
// request itself and returns false when the body is missing, too large,
// not JSON or malformed.
func (s *server) readJSON(w http.ResponseWriter, r *http.Request, v any, required bool) (present, ok bool) {
	if ct := r.Header.Get("Content-Type"); ct != "" || r.ContentLength > 0 {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !(mt == "application/json" || strings.HasSuffix(mt, "+json")) {
			s.writeError(w, r, &APIError{StatusCode: http.StatusUnsupportedMediaType, Message: "request body must be application/json"})
			return false, false
		}
	}
	var src io.Reader = r.Body
	switch enc := strings.ToLower(r.Header.Get("Content-Encoding")); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			s.writeError(w, r, &APIError{StatusCode: http.StatusBadRequest, Message: "request body is not valid gzip"})
			return false, false
		}
		defer zr.Close()
		src = zr
	default:
		s.writeError(w, r, &APIError{StatusCode: http.StatusUnsupportedMediaType, Message: "unsupported Content-Encoding " + strconv.Quote(enc)})
		return false, false
	}
	data, err := io.ReadAll(io.LimitReader(src, s.cfg.maxBodyBytes+1))
	if err != nil {
		s.writeError(w, r, &APIError{StatusCode: http.StatusBadRequest, Message: "reading request body: " + err.Error()})
		return false, false
	}
	if int64(len(data)) > s.cfg.maxBodyBytes {
		s.writeError(w, r, &APIError{StatusCode: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("request body is larger than %d bytes", s.cfg.maxBodyBytes)})
		return false, false
	}
	if len(bytes.TrimSpace(data)) == 0 {
		if required {
			s.writeError(w, r, &APIError{StatusCode: http.StatusBadRequest, Message: "request body is required"})
			return false, false
		}
		return false, true
	}
	if err := json.Unmarshal(data, v); err != nil {
		s.writeError(w, r, &APIError{StatusCode: http.StatusBadRequest, Message: "malformed JSON body: " + jsonErrorText(err)})
		return false, false
	}
	return true, true
}

// jsonErrorText describes a decoding error without quoting the input.
func jsonErrorText(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	case errors.As(err, &te):
		where := te.Field
		if where == "" {
			where = "the body"
		}
		return fmt.Sprintf("%s: expected %s, got JSON %s", where, te.Type, te.Value)
	}
	return err.Error()
}

func (s *server) badRequest(w http.ResponseWriter, r *http.Request, err error) {
	s.writeError(w, r, &APIError{StatusCode: http.StatusBadRequest, Message: err.Error()})
}

// writeResult writes a handler's answer, or its error.
func (s *server) writeResult(w http.ResponseWriter, r *http.Request, status int, out any, isNil bool, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if isNil {
		s.cfg.logger.ErrorContext(r.Context(), "handler returned neither a result nor an error", "method", r.Method, "path", r.URL.Path)
		s.writeError(w, r, &APIError{StatusCode: http.StatusInternalServerError, Message: "internal error"})
		return
	}
	s.writeJSON(w, status, out)
}

// rawBody hands a request body that is not JSON to the handler, limited to
// the configured size.
func (s *server) rawBody(w http.ResponseWriter, r *http.Request) *RawBody {
	return &RawBody{ContentType: r.Header.Get("Content-Type"), Body: http.MaxBytesReader(w, r.Body, s.cfg.maxBodyBytes)}
}

// writeRaw copies a handler's RawResponse to the client and closes it.
func (s *server) writeRaw(w http.ResponseWriter, r *http.Request, status int, out *RawResponse, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if out == nil || out.Body == nil {
		w.WriteHeader(status)
		return
	}
	defer out.Body.Close()
	if out.ContentType != "" {
		w.Header().Set("Content-Type", out.ContentType)
	}
	if out.StatusCode != 0 {
		status = out.StatusCode
	}
	w.WriteHeader(status)
	if _, err := io.Copy(w, out.Body); err != nil {
		s.cfg.logger.ErrorContext(r.Context(), "writing response", "method", r.Method, "path", r.URL.Path, "error", err)
	}
}

func (s *server) writeJSON(w http.ResponseWriter, status int, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.cfg.logger.Error("encoding response", "error", err)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		b, _ := encodeErrorBody(&APIError{StatusCode: http.StatusInternalServerError, Message: "internal error"})
		w.Write(b)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeError writes err in the API's own error envelope. An *APIError
// keeps its status; anything else is a 500 whose details are logged, not
// sent.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *APIError
	if !errors.As(err, &ae) {
		var ve *ValidationError
		if errors.As(err, &ve) {
			ae = &APIError{StatusCode: http.StatusBadRequest, Message: ve.Error()}
		} else {
			s.cfg.logger.ErrorContext(r.Context(), "handler failed", "method", r.Method, "path", r.URL.Path,
				"request_id", RequestIDFrom(r.Context()), "error", err)
			ae = &APIError{StatusCode: http.StatusInternalServerError, Message: "internal error"}
		}
	}
	status := ae.StatusCode
	if status < 400 || status > 599 {
		status = http.StatusInternalServerError
	}
	out := *ae
	out.StatusCode = status
	if out.Code == 0 {
		out.Code = status
	}
	if out.Message == "" {
		out.Message = http.StatusText(status)
	}
	b, encErr := encodeErrorBody(&out)
	if encErr != nil {
		b = []byte(`{}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

func notImplemented(operationID string) error {
	return &APIError{StatusCode: http.StatusNotImplemented, Message: operationID + " is not implemented"}
}

// ---- parameters ----

func paramError(in, name, msg string) error {
	return &ValidationError{Violations: []Violation{{Path: name, Rule: "type", Message: msg + " in " + in + " parameter"}}}
}

func parseInt(s string, bits int) (int64, error) {
	return strconv.ParseInt(s, 10, bits)
}

func parseFloat(s string, bits int) (float64, error) {
	return strconv.ParseFloat(s, bits)
}

func formatFloat(f float64, bits int) string {
	return strconv.FormatFloat(f, 'g', -1, bits)
}

// splitParam splits a non-exploded array parameter.
func splitParam(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// cookieValues returns the values of the cookies called name.
func cookieValues(r *http.Request, name string) []string {
	var out []string
	for _, c := range r.CookiesNamed(name) {
		out = append(out, c.Value)
	}
	return out
}

// pathSegment escapes one path parameter value.
func pathSegment(s string) string {
	return url.PathEscape(s)
}

// jsonKind tells what JSON value data holds by its first byte: '"' string,
// 'n' number, 'b' boolean, '[' array, '{' object, '0' null.
func jsonKind(data []byte) byte {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '"', '[', '{':
			return c
		case 't', 'f':
			return 'b'
		case 'n':
			return '0'
		}
		return 'n'
	}
	return '0'
}

// isMultiple reports whether v is a multiple of m, allowing for the
// rounding of binary fractions.
func isMultiple(v, m float64) bool {
	q := v / m
	return math.Abs(q-math.Round(q)) < 1e-9
}
