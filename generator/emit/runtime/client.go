package runtime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ---- client ----

// Client calls the API. It is safe for concurrent use.
//
// A method refuses a request that breaks the spec with a *ValidationError
// before it is sent; a non-2xx answer is an *APIError. Failures worth
// retrying are retried as the client's RetryPolicy says.
type Client struct {
	base      *url.URL
	hc        *http.Client
	retry     RetryPolicy
	userAgent string
	header    http.Header
	hooks     []func(*http.Request) error
	strict    bool
	maxAnswer int64 // bytes of a 2xx answer the client decodes; 0: no limit
	// auth holds the credentials the security options set, by group
	// (bearer, basic, apiKey:<scheme>); a call names the groups its
	// operation accepts.
	auth map[string]authFunc
}

// authFunc adds credentials to a request.
type authFunc func(ctx context.Context, req *http.Request) error

// withAuth keeps the credentials of one group.
func withAuth(group string, f authFunc) ClientOption {
	return func(c *Client) {
		if c.auth == nil {
			c.auth = map[string]authFunc{}
		}
		c.auth[group] = f
	}
}

// bearerAuth sends "Authorization: Bearer <token>", asking source for the
// token on every attempt.
func bearerAuth(source func(ctx context.Context) (string, error)) authFunc {
	return func(ctx context.Context, req *http.Request) error {
		if source == nil {
			return fmt.Errorf("bearer token source is nil")
		}
		token, err := source(ctx)
		if err == nil && token == "" {
			err = errors.New("it is empty")
		}
		if err != nil {
			return fmt.Errorf("getting a bearer token: %w", err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
}

// basicAuth sends HTTP basic credentials.
func basicAuth(user, password string) authFunc {
	return func(_ context.Context, req *http.Request) error {
		if strings.Contains(user, ":") {
			return errors.New("basic auth: a user name cannot hold a colon (RFC 7617)")
		}
		req.SetBasicAuth(user, password)
		return nil
	}
}

// apiKeyAuth sends an API key in a header, the query or a cookie.
func apiKeyAuth(in, name, value string) authFunc {
	return func(_ context.Context, req *http.Request) error {
		switch in {
		case "query":
			if req.URL.RawQuery != "" {
				req.URL.RawQuery += "&"
			}
			req.URL.RawQuery += url.QueryEscape(name) + "=" + url.QueryEscape(value)
		case "cookie":
			if !cookieSafe(value, false) {
				return fmt.Errorf("API key for cookie %s: a cookie cannot carry its characters", name)
			}
			req.AddCookie(&http.Cookie{Name: name, Value: value})
		default:
			req.Header.Set(name, value)
			// Not to be sent on to another host (see noSecretsAway).
			*req = *req.WithContext(context.WithValue(req.Context(), secretHeaderKey{}, name))
		}
		return nil
	}
}

type secretHeaderKey struct{}

// noSecretsAway drops the API key header of a request redirected to
// another host, as net/http drops Authorization and Cookie, then checks
// the redirect as next does (net/http's default when nil).
func noSecretsAway(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if name, _ := req.Context().Value(secretHeaderKey{}).(string); name != "" && req.URL.Host != via[0].URL.Host {
			req.Header.Del(name)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// ClientOption configures a Client.
type ClientOption func(*Client)

// RetryPolicy says how the client repeats a request that failed in a way
// worth retrying: a 429 answer, which the server gives without acting on
// the request, and, for operations safe to repeat (GET, HEAD, PUT, DELETE
// and those the spec marks x-idempotent), a connection error or a 502, 503
// or 504 answer.
type RetryPolicy struct {
	// MaxAttempts counts the first attempt too; 1 turns retries off.
	MaxAttempts int
	// BaseDelay is the first backoff; each retry doubles it, and the wait
	// is drawn at random below it (full jitter).
	BaseDelay time.Duration
	// MaxDelay caps one backoff. A Retry-After from the server is honoured
	// as given, unless it is longer than MaxDelay or ends after the
	// context's deadline: then the answer is returned at once (its Header
	// holds the Retry-After), rather than sleeping for as long as a server
	// asks.
	MaxDelay time.Duration
}

// DefaultRetryPolicy is what a Client uses unless WithRetry says otherwise.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 4, BaseDelay: 200 * time.Millisecond, MaxDelay: 10 * time.Second}

// WithHTTPClient sets the http.Client requests go through; pass the one
// from golang.org/x/oauth2 to authenticate. The default is
// http.DefaultClient. The Client keeps a copy (its Transport and Jar
// shared) whose CheckRedirect also keeps API keys from other hosts.
func WithHTTPClient(hc *http.Client) ClientOption {
	return func(c *Client) {
		if hc != nil {
			c.hc = hc
		}
	}
}

// WithRetry sets the retry policy. A delay left zero takes the one of
// DefaultRetryPolicy, so that RetryPolicy{MaxAttempts: 5} still backs off,
// and waits no longer than it for a Retry-After.
func WithRetry(p RetryPolicy) ClientOption {
	return func(c *Client) {
		if p.MaxAttempts < 1 {
			p.MaxAttempts = 1
		}
		if p.BaseDelay <= 0 {
			p.BaseDelay = DefaultRetryPolicy.BaseDelay
		}
		if p.MaxDelay <= 0 {
			p.MaxDelay = DefaultRetryPolicy.MaxDelay
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

// WithMaxResponseBytes caps the size of the successful answers the
// client decodes: one larger than n bytes is not read to its end but
// returned as an error (a *ResponseError wrapping ErrResponseTooLarge), so
// that a server sending far more than it should cannot exhaust the
// client's memory. Bodies handed over unread (RawResponse) are not capped;
// nor are answers when n is 0, the default.
func WithMaxResponseBytes(n int64) ClientOption {
	return func(c *Client) { c.maxAnswer = max(n, 0) }
}

// ErrResponseTooLarge is the error of an answer longer than
// WithMaxResponseBytes allows.
var ErrResponseTooLarge = errors.New("the answer is larger than WithMaxResponseBytes allows")

// cappedBody is the body of a 2xx answer the client caps, while it is
// read for decoding (readAnswerBody).
type cappedBody struct {
	io.ReadCloser
	limit int64
}

// readAnswerBody reads the whole body of a 2xx answer, at most its cap.
func readAnswerBody(resp *http.Response) ([]byte, error) {
	b, ok := resp.Body.(*cappedBody)
	if !ok {
		return io.ReadAll(resp.Body)
	}
	data, err := io.ReadAll(io.LimitReader(b.ReadCloser, b.limit+1))
	if err == nil && int64(len(data)) > b.limit {
		return nil, fmt.Errorf("%w (%d bytes)", ErrResponseTooLarge, b.limit)
	}
	return data, err
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
	// The base path as it was escaped (proj%2Fx stays one segment).
	escaped := strings.TrimRight(u.EscapedPath(), "/")
	if u.Path, err = url.PathUnescape(escaped); err != nil {
		return nil, fmt.Errorf("base URL: %w", err)
	}
	u.RawPath = escaped
	c := &Client{base: u, hc: http.DefaultClient, retry: DefaultRetryPolicy, header: http.Header{}}
	for _, o := range opts {
		o(c)
	}
	if err := sendable(c.header, false); err != nil {
		return nil, fmt.Errorf("WithHeader: %w", err) // checked once, not on every call
	}
	hc := *c.hc // its own copy, to keep API keys from other hosts
	hc.CheckRedirect = noSecretsAway(hc.CheckRedirect)
	c.hc = &hc
	return c, nil
}

// call is one operation's request, as the generated methods describe it.
type call struct {
	invalid      error  // what the request breaks: send returns it, sending nothing
	method, path string // path is already escaped
	query        *formValues
	header       http.Header
	body         any    // nil, a *RawBody, or a value sent as JSON
	bodyType     string // media type of a RawBody that names none
	jsonType     string // media type of a JSON body, when not application/json
	accept       string
	repeatable   bool     // safe to send more than once
	auth         []string // the credential groups the operation accepts
	op           string   // the operationId, to name it in errors
}

// send sends a request, retrying as the policy allows, and returns the
// response of a 2xx answer; any other answer is read and returned as an
// *APIError.
func (c *Client) send(ctx context.Context, r call) (*http.Response, error) {
	if r.invalid != nil {
		return nil, r.invalid
	}
	u := *c.base
	u.RawPath, u.Path, u.Opaque = "", "", ""
	target := c.base.EscapedPath() + r.path
	if q := r.query.encode(); q != "" {
		// A query of the base URL (?tenant=1) comes first.
		if c.base.RawQuery != "" {
			q = c.base.RawQuery + "&" + q
		}
		u.RawQuery = q
	}
	// net/http would refuse such a header after every retry's wait.
	ctxHeader, _ := ctx.Value(ctxHeaderKey{}).(http.Header)
	if err := errors.Join(sendable(ctxHeader, false), paramsSendable(r.header)); err != nil {
		if rb, ok := r.body.(*RawBody); ok {
			closeBody(rb.Body)
		}
		return nil, err
	}
	var data []byte
	var raw io.Reader
	contentType := ""
	switch b := r.body.(type) {
	case nil:
	case *formValues:
		data, contentType = []byte(b.encode()), "application/x-www-form-urlencoded"
	case *RawBody:
		raw, contentType = b.Body, b.ContentType
		if contentType == "" {
			contentType = r.bodyType
		}
	default:
		var err error
		if data, err = encodeCopy(b, true, dirRequest); err != nil {
			return nil, fmt.Errorf("encoding request body: %w", err)
		}
		contentType = "application/json"
		if r.jsonType != "" {
			contentType = r.jsonType // application/merge-patch+json, ...
		}
	}
	attempts := c.retry.MaxAttempts
	if raw != nil || attempts < 1 {
		attempts = 1 // a reader can be read once
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
		for k, vs := range ctxHeader {
			req.Header[k] = append(req.Header[k], vs...)
		}
		for k, vs := range r.header {
			req.Header[k] = append(req.Header[k], vs...)
		}
		if cs := req.Header.Values("Cookie"); len(cs) > 1 {
			// One Cookie line (RFC 6265, 5.4), to which a cookie API key
			// is added.
			req.Header.Set("Cookie", strings.Join(cs, "; "))
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
		for _, group := range r.auth {
			if f := c.auth[group]; f != nil {
				if err := f(ctx, req); err != nil {
					closeBody(raw)
					return nil, err
				}
			}
		}
		for _, hook := range c.hooks {
			if err := hook(req); err != nil {
				closeBody(raw)
				return nil, err
			}
		}
		if err := sendable(req.Header, true); err != nil { // a credential's, a hook's: never sendable
			closeBody(raw)
			return nil, err
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			if ue, ok := err.(*url.Error); ok { // without the API keys of the query
				where := *req.URL
				where.RawQuery = u.RawQuery
				ue.URL = where.Redacted()
			}
			if ctx.Err() != nil || attempt >= attempts || !r.repeatable {
				return nil, err
			}
			if werr := c.wait(ctx, attempt, 0); werr != nil {
				return nil, stopped(werr, err)
			}
			continue
		}
		if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			if c.maxAnswer > 0 {
				resp.Body = &cappedBody{resp.Body, c.maxAnswer}
			}
			return resp, nil
		}
		errBody, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		apiErr := readAPIError(resp, errBody)
		apiErr.Request = r.method + " " + target // the path as sent, base path and all
		if rerr != nil {                         // the status, and what arrived
			return nil, fmt.Errorf("%w (its body broke off: %w)", apiErr, rerr)
		}
		if attempt >= attempts || !retryable(resp.StatusCode, r.repeatable) {
			return nil, apiErr
		}
		if werr := c.wait(ctx, attempt, retryAfter(resp.Header.Get("Retry-After"))); werr != nil {
			return nil, stopped(werr, apiErr)
		}
	}
}

// stopped is the error of a call whose retries stopped with last: the
// context's error too when the context ends (or would end) before the
// retry, so that errors.Is(err, context.DeadlineExceeded) tells.
func stopped(werr, last error) error {
	if werr == errRetryTooLate {
		return last
	}
	return fmt.Errorf("%w (while waiting to retry after: %w)", werr, last)
}

// addCookie adds a cookie parameter to the Cookie header of h; send
// refuses a value a cookie cannot carry rather than alter it.
func addCookie(h http.Header, name, value string) { h.Add("Cookie", name+"="+value) }

// addCookieList adds a list cookie, its items joined by commas; an item
// holding a comma, which a cookie cannot escape, is noted for
// paramsSendable, as setList notes a header's.
func addCookieList[T any](h http.Header, name string, items []T, format func(T) string) {
	for _, x := range items {
		if strings.Contains(format(x), ",") {
			h[unsendable] = append(h[unsendable], "cookie "+name)
		}
	}
	addCookie(h, name, joinList(items, ",", format))
}

// sendable checks that net/http sends every value of h, headers the
// caller gave, as it is: no control byte but a tab, and in a Cookie line
// no byte a cookie cannot carry (net/http would drop them; commas, in the
// parameters' lists, only if commas); and that every name is a token.
func sendable(h http.Header, commas bool) error {
	for k, vs := range h {
		if k == "" || strings.ContainsFunc(k, func(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) }) {
			return fmt.Errorf("header name %q is not a token", k)
		}
		for _, v := range vs {
			bad := !headerSafe(v)
			if !bad && k == "Cookie" {
				for _, pair := range strings.Split(v, ";") {
					_, value, _ := strings.Cut(strings.TrimSpace(pair), "=")
					if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
						value = value[1 : len(value)-1] // a quoted value (RFC 6265)
					}
					bad = bad || !cookieSafe(value, commas)
				}
			}
			if bad {
				return fmt.Errorf("header %s: a value holds characters it cannot carry", k)
			}
		}
	}
	return nil
}

// closeBody closes a request body that will not be sent, so that whatever
// writes it (a multipart stream) stops.
func closeBody(r io.Reader) {
	if c, ok := r.(io.Closer); ok {
		c.Close()
	}
}

// errRetryTooLate is a Retry-After longer than the policy waits.
var errRetryTooLate = errors.New("Retry-After is longer than MaxDelay")

// retryable reports whether an answer is worth another attempt: a 429,
// which the server gives without acting on the request, and a 502, 503 or
// 504 when the operation is safe to repeat.
func retryable(status int, safe bool) bool {
	return status == http.StatusTooManyRequests ||
		safe && (status == http.StatusBadGateway || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout)
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(min(n, 1<<30)) * time.Second // 34 years at most, not an overflow
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
	if c.retry.MaxDelay > 0 && after > c.retry.MaxDelay {
		return errRetryTooLate
	}
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
	if r.accept == "" {
		r.accept = "application/json"
	}
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	if out == nil || r.method == http.MethodHead {
		// Nothing to decode: whatever came is read (so that the connection
		// can be reused) up to a bound, and dropped.
		discardResponse(resp)
		return nil
	}
	defer resp.Body.Close()
	data, err := readAnswerBody(resp)
	if errors.Is(err, ErrResponseTooLarge) {
		return &ResponseError{Method: r.method, Path: c.base.EscapedPath() + r.path, StatusCode: resp.StatusCode, Err: err}
	}
	if err != nil {
		return fmt.Errorf("reading response: %w", err)
	}
	if err := readAnswer(data, out); err != nil {
		return &ResponseError{Method: r.method, Path: c.base.EscapedPath() + r.path, StatusCode: resp.StatusCode, Err: err}
	}
	if v, ok := out.(validatable); ok && c.strict {
		// The reading side: an enum value or a union's variant newer than
		// the spec is kept.
		e := &validator{newer: true}
		v.validate(e, nil, dirResponse)
		if err := e.err(); err != nil {
			return fmt.Errorf("%s: invalid response: %w", r.op, err)
		}
	}
	return nil
}

// doJSON sends one request and decodes a 2xx JSON answer into out, a
// pointer to a new value.
func doJSON[P any](c *Client, ctx context.Context, r call, out P) (P, error) {
	if err := c.do(ctx, r, out); err != nil {
		var none P
		return none, err
	}
	return out, nil
}

// doResult sends one request and reads its 2xx answer with read, the
// reader of the operation's Result.
func doResult[T any](c *Client, ctx context.Context, r call, read func(resp *http.Response, strict bool) (*T, error)) (*T, error) {
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	return read(resp, c.strict)
}

// orNil returns p, or a nil interface when p is a nil pointer, so that a
// missing body is sent as no body.
func orNil(p any) any {
	if isNil(p) {
		return nil
	}
	return p
}

// doRaw sends one request and hands back the body of a 2xx answer unread.
func (c *Client) doRaw(ctx context.Context, r call) (*RawResponse, error) {
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	return rawResponse(resp), nil
}

// decodeResponse reads and closes the body of a 2xx answer and decodes its
// JSON into out (see readAnswer).
func decodeResponse(resp *http.Response, out any) error {
	defer resp.Body.Close()
	data, err := readAnswerBody(resp)
	if err != nil && !errors.Is(err, ErrResponseTooLarge) {
		return fmt.Errorf("reading response: %w", err)
	}
	if req := resp.Request; req != nil && req.Method == http.MethodHead {
		return nil
	}
	if err == nil {
		err = readAnswer(data, out)
	}
	if err != nil {
		re := &ResponseError{StatusCode: resp.StatusCode, Err: err}
		if req := resp.Request; req != nil && req.URL != nil {
			re.Method, re.Path = req.Method, req.URL.EscapedPath()
		}
		return re
	}
	return nil
}

// readAnswer decodes the JSON body of a 2xx answer that declares one: an
// empty body is an error, not a zero value, and so is null (errNullBody,
// which the readers of answers whose schema allows null turn into nil).
func readAnswer(data []byte, out any) error {
	switch t := bytes.TrimSpace(data); {
	case len(t) == 0:
		return errors.New("the body is empty")
	case string(t) == "null":
		return errNullBody
	}
	return decodeJSON(data, out)
}

var errNullBody = errors.New("the body is null")

// isNullBody reports whether err is an answer's null body.
func isNullBody(err error) bool { return errors.Is(err, errNullBody) }

// doNullable is doJSON for an answer whose schema allows null: a null body
// is a nil result.
func doNullable[P any](c *Client, ctx context.Context, r call, out P) (P, error) {
	out, err := doJSON(c, ctx, r, out)
	if isNullBody(err) {
		return out, nil // doJSON's zero P on an error: nil
	}
	return out, err
}

// ResponseError is a 2xx answer whose body is not what the spec declares:
// empty, malformed JSON, or a value of the wrong kind. Err says what, and
// where in the body.
type ResponseError struct {
	Method, Path string
	StatusCode   int
	Err          error
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("decoding the %d answer to %s %s: %v", e.StatusCode, e.Method, e.Path, e.Err)
}

func (e *ResponseError) Unwrap() error { return e.Err }

// headersInvalid returns the violations e noted while reading the headers
// of the answer to op, closing its body, or nil when there are none.
func headersInvalid(resp *http.Response, e *validator, op string) error {
	if err := e.err(); err != nil {
		resp.Body.Close()
		return fmt.Errorf("%s: invalid response: %w", op, err)
	}
	return nil
}

// decodeResult decodes the JSON body of the answer to op into a new *dst,
// once its headers are known to be valid (see headersInvalid). When strict
// it validates the body too.
func decodeResult[T any](resp *http.Response, e *validator, strict, nullable bool, op string, dst **T) error {
	if err := headersInvalid(resp, e, op); err != nil {
		return err
	}
	*dst = new(T)
	if err := decodeResponse(resp, *dst); err != nil {
		if nullable && isNullBody(err) {
			*dst = nil // a null body: no value
			return nil
		}
		return err
	}
	if v, ok := any(*dst).(validatable); ok && strict {
		e.newer = true // the reading side, as in do
		v.validate(e, nil, dirResponse)
		if err := e.err(); err != nil {
			return fmt.Errorf("%s: invalid response: %w", op, err)
		}
	}
	return nil
}

// resultOf returns out, or nil when reading it failed.
func resultOf[T any](out *T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return out, nil
}

// discardResponse reads and closes the body of an answer that declares
// none, so that the connection can be reused.
func discardResponse(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}

// headerList returns the values of a response header that holds a list as
// one comma-separated text (a list may be split over several header lines,
// with spaces after the commas), or nil when the header is absent.
func headerList(h http.Header, name string) []string {
	vs := h.Values(name)
	if len(vs) == 0 {
		return nil
	}
	var items []string
	for _, v := range vs {
		for _, item := range strings.Split(v, ",") {
			items = append(items, strings.TrimSpace(item))
		}
	}
	return []string{strings.Join(items, ",")}
}

// rawResponse hands back the body of an answer unread, and uncapped: the
// caller reads it as it chooses.
func rawResponse(resp *http.Response) *RawResponse {
	body := resp.Body
	if b, ok := body.(*cappedBody); ok {
		body = b.ReadCloser
	}
	return &RawResponse{StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: body}
}

// unexpectedStatus reads a success answer whose status the operation does
// not declare, and returns it as an *APIError holding the status, the
// headers and the body, since the client cannot tell what it holds.
func unexpectedStatus(resp *http.Response) error {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	return &APIError{
		StatusCode: resp.StatusCode,
		Code:       resp.StatusCode,
		Message:    fmt.Sprintf("status %d is not a response the operation declares", resp.StatusCode),
		RequestID:  resp.Header.Get("X-Request-Id"),
		Header:     resp.Header,
		Body:       data,
	}
}

func readAPIError(resp *http.Response, data []byte) *APIError {
	e := &APIError{StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id"), Header: resp.Header}
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
