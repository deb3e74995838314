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
	"maps"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
)

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
	ID           string     // operationId
	Method, Path string     // as the spec writes them
	Capabilities []string   // x-capability: what the caller must be allowed
	Schemes      []string   // security schemes that may authenticate the call
	Requirements [][]string // alternatives, each of schemes that must all authenticate; nil: any one will do
	Scopes       []string   // OAuth2 scopes the requirements list
	Anonymous    bool       // credentials are optional: a call without any is served
}

// Credentials is what a request presents for one security scheme: a
// bearer token, an API key, or "user:password" for HTTP basic.
type Credentials struct {
	Scheme string // the scheme's name in the spec
	Token  string
}

// SecurityHandler authenticates a request for an operation that declares
// security. It gets the credentials the request carries for requirements
// it meets in full (never none) and returns who is calling, or an error,
// answered 401 (an *APIError keeps its own status).
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

// requestInfo is what the server knows of a request when it routes it:
// one context value, so that the request is copied once, not once per item.
// It is not written once the request has been routed.
type requestInfo struct {
	id    string   // the x-request-id
	names []string // the path parameters' wildcard names,
	vals  []string // and their values, in buf unless there are many
	buf   [4]string
}

type requestInfoKey struct{}

// principalKey holds the principal in a context of its own: the
// SecurityHandler's context must not change after it has seen it.
type principalKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}

// PrincipalFrom returns the principal the SecurityHandler returned for the
// request of ctx, or nil.
func PrincipalFrom(ctx context.Context) any { return ctx.Value(principalKey{}) }

// RequestIDFrom returns the x-request-id of the request of ctx: the
// client's, or one the server made.
func RequestIDFrom(ctx context.Context) string {
	if info := infoFrom(ctx); info != nil {
		return info.id
	}
	return ""
}

// pathValue returns the value of the path wildcard name, decoded.
func pathValue(r *http.Request, name string) string {
	v := pathText(r, name)
	if strings.IndexByte(v, '%') >= 0 {
		v, _ = url.PathUnescape(v) // the router checked that it decodes
	}
	return v
}

// pathText returns the value of the path wildcard name as the path writes
// it, escaped: what the router matched, kept in the request's context
// rather than set on the request, which costs net/http a map per request.
func pathText(r *http.Request, name string) string {
	if v, ok := routedText(r.Context(), name); ok {
		return v
	}
	// Not routed here: only the decoded value is known.
	return strings.ReplaceAll(r.PathValue(name), "%", "%25")
}

// PathValueFrom returns the value, decoded, of a variable of WithBasePath
// ("project" of /projects/{project}) in the request of ctx.
func PathValueFrom(ctx context.Context, name string) string {
	v, _ := routedText(ctx, name)
	v, _ = url.PathUnescape(v) // the router checked that it decodes
	return v
}

func routedText(ctx context.Context, name string) (string, bool) {
	if info := infoFrom(ctx); info != nil {
		// From the end: a name the base path and the operation's path
		// share is the operation's.
		for i := len(info.names) - 1; i >= 0; i-- {
			if info.names[i] == name {
				return info.vals[i], true
			}
		}
	}
	return "", false
}

// pathItems splits the escaped text of a path parameter's list at sep
// where it stands unescaped, then decodes each item, so that an item keeps
// the separators it holds escaped (/colors/a%2Cb,c is "a,b" and "c"). When
// no separator stands unescaped, the decoded text is split at every one,
// as from clients that escape the whole value (/colors/red%2Cgreen).
func pathItems(text, sep string) []string {
	if !strings.Contains(text, sep) {
		text, _ = url.PathUnescape(text)
		return splitParamBy(text, sep)
	}
	return splitEscaped(text, sep, url.PathUnescape)
}

// jsonContentType is the Content-Type of every JSON answer, one slice that
// every response's header shares instead of one per response.
var jsonContentType = []string{"application/json"}

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
	h      Handler
	cfg    serverConfig
	routes router
}

// route is an operation's entry in the server's table: its method and
// ServeMux-style pattern, the function that serves it, and what the
// security hooks are told about it (op.Method is filled in from method).
type route struct {
	method, path string
	when         func(*http.Request) bool // set where routes share path and method: this one's requests
	serve        func(s *server, w http.ResponseWriter, r *http.Request)
	op           OperationInfo
}

func newServer(h Handler, routes []route, opts []ServerOption) *server {
	s := &server{h: h, cfg: serverConfig{maxBodyBytes: 10 << 20, logger: slog.Default()}}
	for _, o := range opts {
		o(&s.cfg)
	}
	for _, rt := range routes {
		serve := rt.serve
		op := rt.op
		op.Method = rt.method
		s.routes.add(rt.method, s.cfg.basePath+rt.path, rt.when, func(w http.ResponseWriter, r *http.Request) {
			defer s.recoverPanic(w, r)
			if len(op.Schemes) > 0 && !s.cfg.insecure && (s.cfg.security != nil || !op.Anonymous) {
				var ok bool
				if r, ok = s.authenticate(w, r, &op); !ok {
					return
				}
			}
			serve(s, w, r)
		})
	}
	return s
}

// router finds the route of a request by path segments, then by method.
// Where two patterns differ, the one with a literal segment first wins
// (the OpenAPI rule), which ServeMux cannot express: it refuses pairs
// such as /functions/schedules/{id} and /functions/{id}/calls.
type router struct{ root routeNode }

type routeNode struct {
	literal map[string]*routeNode
	param   *routeNode
	// On the node that ends a pattern: its handlers by method, in the
	// order they were added.
	ends  map[string]routeEnd
	allow string
}

type routeEnd struct {
	pattern string   // as ServeMux would write it, for Request.Pattern
	names   []string // the {parameters}, in path order
	h       http.HandlerFunc
}

// add registers a pattern such as /functions/{functionID}/call; a final
// {$} (after a slash) matches that slash only. A pattern and method
// registered again serve the requests when says are theirs, the earlier
// ones the rest.
func (rt *router) add(method, pattern string, when func(*http.Request) bool, h http.HandlerFunc) {
	n := &rt.root
	var names []string
	for seg := range strings.SplitSeq(strings.TrimPrefix(pattern, "/"), "/") {
		if seg == "{$}" {
			seg = ""
		}
		if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
			names = append(names, seg[1:len(seg)-1])
			if n.param == nil {
				n.param = &routeNode{}
			}
			n = n.param
			continue
		}
		if n.literal == nil {
			n.literal = map[string]*routeNode{}
		}
		c := n.literal[seg]
		if c == nil {
			c = &routeNode{}
			n.literal[seg] = c
		}
		n = c
	}
	if n.ends == nil {
		n.ends = map[string]routeEnd{}
	}
	if _, dup := n.ends[method]; !dup {
		if n.allow != "" {
			n.allow += ", "
		}
		n.allow += method
	}
	if old, dup := n.ends[method]; dup && when != nil {
		mine := h
		h = func(w http.ResponseWriter, r *http.Request) {
			if when(r) {
				mine(w, r)
			} else {
				old.h(w, r)
			}
		}
	}
	n.ends[method] = routeEnd{pattern: method + " " + pattern, names: names, h: h}
}

// requestHas is the when of a route: whether a request has each header and
// query parameter listed, with the value listed ("" for any).
func requestHas(conds ...routeCond) func(*http.Request) bool {
	return func(r *http.Request) bool {
		for _, c := range conds {
			vs := r.Header[c.header]
			if c.header == "" {
				vs = r.URL.Query()[c.query]
			}
			if len(vs) == 0 || c.value != "" && vs[0] != c.value {
				return false
			}
		}
		return true
	}
}

// routeCond is a header or a query parameter a request carries, and its value.
type routeCond struct{ header, query, value string }

// match walks the escaped path rest from n, literal children first,
// collecting parameter values, to a node that ends a pattern. The path
// decides, then the method (the OpenAPI rule: a concrete path is matched
// before a templated one): GET /a/list is not GET /a/{id} when /a/list
// has no GET.
func (n *routeNode) match(rest string, vals []string) (*routeNode, []string) {
	seg, tail, more := strings.Cut(rest, "/")
	lit := seg
	if strings.IndexByte(seg, '%') >= 0 {
		u, err := url.PathUnescape(seg)
		if err != nil {
			return nil, nil
		}
		lit = u
	}
	if c := n.literal[lit]; c != nil {
		if m, v := c.next(tail, more, vals); m != nil {
			return m, v
		}
	}
	if n.param != nil && seg != "" {
		if m, v := n.param.next(tail, more, append(vals, seg)); m != nil {
			return m, v
		}
	}
	return nil, nil
}

func (n *routeNode) next(tail string, more bool, vals []string) (*routeNode, []string) {
	if more {
		return n.match(tail, vals)
	}
	if n.ends == nil {
		return nil, nil
	}
	return n, vals
}

// allowOf lists the methods n serves, and HEAD where it serves GET.
func (n *routeNode) allowOf() string {
	if _, get := n.ends["GET"]; get {
		if _, head := n.ends["HEAD"]; !head {
			return strings.Replace(n.allow, "GET", "GET, HEAD", 1)
		}
	}
	return n.allow
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get("X-Request-Id")
	if !safeRequestID(id) {
		id = newRequestID()
	}
	w.Header().Set("X-Request-Id", id)
	info := &requestInfo{id: id}
	r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))
	path := r.URL.EscapedPath()
	if !strings.HasPrefix(path, "/") {
		s.writeError(w, r, &APIError{StatusCode: http.StatusNotFound, Message: "no such path: " + clip(r.URL.Path)})
		return
	}
	n, vals := s.routes.root.match(path[1:], info.buf[:0])
	if n == nil {
		s.writeError(w, r, &APIError{StatusCode: http.StatusNotFound, Message: "no such path: " + clip(r.URL.Path)})
		return
	}
	end, ok := n.ends[r.Method]
	if !ok && r.Method == http.MethodHead {
		end, ok = n.ends["GET"]
	}
	if !ok {
		allow := n.allowOf()
		w.Header().Set("Allow", allow)
		s.writeError(w, r, &APIError{StatusCode: http.StatusMethodNotAllowed, Message: "method " + clip(r.Method) + " is not allowed; use " + allow})
		return
	}
	info.names, info.vals = end.names, vals
	r.Pattern = end.pattern
	end.h(w, r)
}

// safeRequestID accepts a client's request id only when it is short and
// made of letters, digits and . _ - : so that it can be echoed and logged.
func safeRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == ':') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [26]byte
	id := strconv.AppendUint(b[:0], rand.Uint64(), 36)
	return string(strconv.AppendUint(id, rand.Uint64(), 36))
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

// complete keeps the credentials of the requirements creds meet in full
// (all of them when requirements is nil: any one scheme will do).
func complete(creds []Credentials, requirements [][]string) []Credentials {
	if requirements == nil {
		return creds
	}
	met := func(req []string) bool {
		return !slices.ContainsFunc(req, func(name string) bool {
			return !slices.ContainsFunc(creds, func(c Credentials) bool { return c.Scheme == name })
		})
	}
	var out []Credentials
	for _, c := range creds {
		if slices.ContainsFunc(requirements, func(req []string) bool { return slices.Contains(req, c.Scheme) && met(req) }) {
			out = append(out, c)
		}
	}
	return out
}

// challenges is the WWW-Authenticate of a 401: a challenge for each HTTP
// scheme among schemes (an API key has none).
func challenges(schemes []string) string {
	var out []string
	for _, sc := range securitySchemes {
		ch := map[string]string{"bearer": "Bearer", "basic": `Basic realm="api"`}[sc.kind]
		if ch != "" && slices.Contains(schemes, sc.name) && !slices.Contains(out, ch) {
			out = append(out, ch)
		}
	}
	return strings.Join(out, ", ")
}

// authenticate runs the security hooks for an operation that declares
// security. It answers the request itself (401 or 403) and returns false
// when the caller may not go on.
func (s *server) authenticate(w http.ResponseWriter, r *http.Request, op *OperationInfo) (*http.Request, bool) {
	deny := func(status int, msg string, err error) (*http.Request, bool) {
		ae := &APIError{StatusCode: status, Message: msg}
		if errors.As(err, &ae) && ae.StatusCode < 400 {
			ae = &APIError{StatusCode: status, Message: msg}
		}
		if ch := challenges(op.Schemes); ae.StatusCode == 401 && ch != "" && ae.Header.Get("WWW-Authenticate") == "" {
			w.Header().Set("WWW-Authenticate", ch) // RFC 9110, 15.5.2: a 401 challenges
		}
		s.writeError(w, r, ae)
		return r, false
	}
	creds := credentials(r, op.Schemes)
	if len(creds) == 0 && op.Anonymous {
		return r, true
	}
	if creds = complete(creds, op.Requirements); len(creds) == 0 {
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

// invalidResponse answers 500 (logged) for a handler result it cannot send.
func (s *server) invalidResponse(w http.ResponseWriter, r *http.Request, err error) {
	s.cfg.logger.ErrorContext(r.Context(), "handler returned an invalid response", "method", r.Method, "path", r.URL.Path,
		"request_id", RequestIDFrom(r.Context()), "error", err)
	s.writeError(w, r, &APIError{StatusCode: http.StatusInternalServerError, Message: "internal error"})
}

// readJSON reads and decodes a JSON request body into v. It answers the
// request itself and returns false when the body is missing, too large,
// not JSON or malformed.
func (s *server) readJSON(w http.ResponseWriter, r *http.Request, v any, required bool, e *validator) (present, ok bool) {
	ct := r.Header.Get("Content-Type")
	if ct != "" || r.ContentLength > 0 {
		if !isJSONType(ct) {
			s.writeError(w, r, &APIError{StatusCode: http.StatusUnsupportedMediaType, Message: "request body must be application/json"})
			return false, false
		}
	}
	var src io.Reader = r.Body
	plain := true // src is the body as sent, of r.ContentLength bytes if known
	switch enc := strings.ToLower(r.Header.Get("Content-Encoding")); enc {
	case "", "identity":
	case "gzip", "x-gzip": // RFC 9110, 8.4.1.3
		plain = false
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			s.writeError(w, r, &APIError{StatusCode: http.StatusBadRequest, Message: "request body is not valid gzip"})
			return false, false
		}
		defer zr.Close()
		src = zr
	default:
		w.Header().Set("Accept-Encoding", "gzip") // what it takes (RFC 9110, 12.5.3)
		s.writeError(w, r, &APIError{StatusCode: http.StatusUnsupportedMediaType, Message: "unsupported Content-Encoding " + strconv.Quote(enc)})
		return false, false
	}
	var data []byte
	var err error
	if n := r.ContentLength; plain && n > 0 && n <= min(s.cfg.maxBodyBytes, maxPresized) {
		// The length is known: one buffer of that size, and a byte to spare
		// to learn that the body ends there. net/http's body fails when the
		// client sends fewer bytes than it declared, and ends where it
		// declared; a body a middleware replaced may hold more, and is read
		// whole.
		data = make([]byte, n, n+1)
		if _, err = io.ReadFull(src, data); err == nil {
			if k, _ := src.Read(data[n : n+1]); k > 0 {
				var rest []byte
				rest, err = io.ReadAll(io.LimitReader(src, s.cfg.maxBodyBytes-n))
				data = append(data[:n+1], rest...)
			}
		}
	} else {
		data, err = io.ReadAll(io.LimitReader(src, s.cfg.maxBodyBytes+1))
	}
	if err != nil {
		s.writeError(w, r, &APIError{StatusCode: http.StatusBadRequest, Message: "reading request body: " + err.Error()})
		return false, false
	}
	if int64(len(data)) > s.cfg.maxBodyBytes {
		s.writeError(w, r, &APIError{StatusCode: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("request body is larger than %d bytes", s.cfg.maxBodyBytes)})
		return false, false
	}
	// A JSON null is no body, as an empty one is.
	if t := bytes.TrimSpace(data); len(t) == 0 || string(t) == "null" {
		if required {
			s.writeError(w, r, &APIError{StatusCode: http.StatusBadRequest, Message: "request body is required"})
			return false, false
		}
		return false, true
	}
	if ct == "" {
		// A body of unknown length (chunked) and no type.
		s.writeError(w, r, &APIError{StatusCode: http.StatusUnsupportedMediaType, Message: "request body must be application/json"})
		return false, false
	}
	unnamed, err := decodeNoting(data, v, true)
	if err != nil {
		s.writeError(w, r, &APIError{StatusCode: http.StatusBadRequest, Message: "malformed JSON body: " + jsonErrorText(err)})
		return false, false
	}
	for _, p := range unnamed {
		// A property an object with additionalProperties: false does
		// not name.
		e.violations = append(e.violations, Violation{Path: p, Rule: "additionalProperties", Message: "is not allowed"})
	}
	return true, true
}

// maxPresized bounds the buffer allocated for a body from its declared
// Content-Length alone, before any of it arrives; a longer body grows its
// buffer as it arrives.
const maxPresized = 64 << 10

// isJSONType reports whether a Content-Type names JSON: application/json or
// a +json type, with any parameters. A charset is ignored, as RFC 8259
// asks: JSON is UTF-8.
func isJSONType(ct string) bool {
	if ct == "application/json" {
		return true // as most clients send it, without parsing
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// readBody reads a JSON request body into body, a new value, and validates
// it into e; it answers the request itself and returns false when the body
// cannot be read, and nil for a body absent and not required.
func readBody[P any](s *server, w http.ResponseWriter, r *http.Request, e *validator, required bool, body P) (P, bool) {
	var none P
	present, ok := s.readJSON(w, r, body, required, e)
	if !ok || !present {
		return none, ok
	}
	if v, ok := any(body).(validatable); ok {
		v.validate(e, nil, dirRequest)
	}
	return body, true
}

// readEach is readBody for a body that is a list or a map of generated
// types: its items are decoded as parts of the request (eachIn), where
// json.Unmarshal would decode each as a document of its own.
func readEach[P any](s *server, w http.ResponseWriter, r *http.Request, e *validator, required bool, body P) (P, bool) {
	var none P
	if present, ok := s.readJSON(w, r, eachIn{body}, required, e); !ok || !present {
		return none, ok
	}
	return body, true
}

// eachIn decodes the list or map v points to with d.decodeEach.
type eachIn struct{ v any }

func (b eachIn) decodeJSON(d *jsonDecoder) error { return d.decodeEach(reflect.ValueOf(b.v).Elem()) }

// decodeEach reads a value into v, addressable: with its generated
// decoder, or item by item when it is a list, a map or a pointer.
func (d *jsonDecoder) decodeEach(v reflect.Value) error {
	if dv, ok := v.Addr().Interface().(jsonDecodable); ok {
		return dv.decodeJSON(d)
	}
	k := v.Kind()
	if k != reflect.Slice && k != reflect.Map && k != reflect.Pointer ||
		k == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 || // base64 text, raw JSON
		v.Addr().Type().Implements(reflect.TypeFor[json.Unmarshaler]()) {
		return d.decodeWith(v.Addr().Interface())
	}
	if null, err := d.null(); err != nil || null {
		v.SetZero()
		return err
	}
	if k == reflect.Pointer {
		v.Set(reflect.New(v.Type().Elem()))
		return d.decodeEach(v.Elem())
	}
	elem := v.Type().Elem()
	if k == reflect.Slice {
		if err := d.arrayStart(""); err != nil {
			return err
		}
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		for first := true; ; first = false {
			if ok, err := d.more(first); err != nil || !ok {
				return err
			}
			v.Set(reflect.Append(v, reflect.Zero(elem)))
			if err := d.decodeItem(v.Index(v.Len() - 1)); err != nil {
				return err
			}
		}
	}
	if err := d.objectStart(""); err != nil {
		return err
	}
	v.Set(reflect.MakeMap(v.Type()))
	for first := true; ; first = false {
		key, ok, err := d.key(first)
		if err != nil || !ok {
			return err
		}
		name, x := reflect.ValueOf(d.mapKey(key)).Convert(v.Type().Key()), reflect.New(elem).Elem()
		if err := d.decodeItem(x); err != nil {
			return err
		}
		v.SetMapIndex(name, x)
	}
}

// decodeItem reads an item of a list or a value of a map: null only where
// its Go type has one (nullItem).
func (d *jsonDecoder) decodeItem(v reflect.Value) error {
	if v.Kind() == reflect.Struct {
		if err := d.nullItem(""); err != nil {
			return err
		}
	}
	return d.decodeEach(v)
}

// orNull is out, or no value at all when out is a nil pointer: a handler's
// nil result for an answer the spec allows to be null, which writeResult
// then writes as null.
func orNull(out any) any {
	if isNil(out) {
		return nil
	}
	return out
}

// bodyRoute serves an operation that takes a JSON body (In, a pointer)
// and nothing else and answers JSON with status through call, its Handler
// method: compiled once for all (generic in a pointer, not inlined).
//
//go:noinline
func bodyRoute[In, Out any](status int, required bool, call func(Handler, context.Context, In) (Out, error)) func(*server, http.ResponseWriter, *http.Request) {
	elem := reflect.TypeFor[In]().Elem()
	return func(s *server, w http.ResponseWriter, r *http.Request) {
		serveBody(s, w, r, status, required, reflect.New(elem).Interface().(In), call)
	}
}

// serveBody is bodyRoute's work, on a new body.
func serveBody[In, Out any](s *server, w http.ResponseWriter, r *http.Request, status int, required bool, body In, call func(Handler, context.Context, In) (Out, error)) {
	e := new(validator)
	body, ok := readBody(s, w, r, e, required, body)
	if !ok || s.rejected(w, r, e) {
		return
	}
	out, err := call(s.h, r.Context(), body)
	s.writeResult(w, r, status, nil, out, isNil(out), err)
}

// plainRoute serves an operation that takes nothing and answers JSON with
// status: call is its Handler method.
//
//go:noinline
func plainRoute[Out any](status int, call func(Handler, context.Context) (Out, error)) func(*server, http.ResponseWriter, *http.Request) {
	return func(s *server, w http.ResponseWriter, r *http.Request) {
		out, err := call(s.h, r.Context())
		s.writeResult(w, r, status, nil, out, isNil(out), err)
	}
}

// jsonErrorText describes a decoding error without quoting the input.
func jsonErrorText(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var de *decodeError
	var ds *syntaxError
	switch {
	case errors.As(err, &de):
		return fmt.Sprintf("%s: expected %s, got %s", orBody(de.Field), de.Want, de.Got)
	case errors.As(err, &ds):
		return ds.Error()
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	case errors.As(err, &te):
		where := te.Field
		if where == "" {
			// A generated decoder may have said where, wrapping te.
			if outer := strings.TrimSuffix(err.Error(), te.Error()); outer != "" {
				where = strings.TrimSuffix(outer, ": ")
			} else {
				where = "the body"
			}
		}
		return fmt.Sprintf("%s: expected %s, got JSON %s", where, te.Type, te.Value)
	}
	return err.Error()
}

func orBody(field string) string {
	if field == "" {
		return "the body"
	}
	return field
}

func (s *server) badRequest(w http.ResponseWriter, r *http.Request, err error) {
	s.writeError(w, r, &APIError{StatusCode: http.StatusBadRequest, Message: err.Error()})
}

// writeResult writes a handler's answer, or its error: out as JSON with
// the status and the headers h (which may be nil). An out that is nil, or
// breaks the spec when response validation is on, or headers that cannot
// be sent as they are, are answered 500, and h is not sent.
func (s *server) writeResult(w http.ResponseWriter, r *http.Request, status int, h http.Header, out any, isNil bool, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if isNil {
		err = errors.New("the handler returned neither a result nor an error")
	} else if v, ok := out.(validatable); ok && s.cfg.validateResponses {
		e := new(validator)
		v.validate(e, nil, dirResult)
		err = e.err()
	}
	if err == nil {
		err = headersOut(w, h)
	}
	if err != nil {
		s.invalidResponse(w, r, err)
		return
	}
	s.writeJSON(w, status, out)
}

// headersOut copies a handler's typed headers h to w, unless net/http
// would alter one (see paramsSendable).
func headersOut(w http.ResponseWriter, h http.Header) error {
	err := paramsSendable(h)
	if err == nil {
		maps.Copy(w.Header(), h)
	}
	return err
}

// failed answers a handler's error, or the 500 of a handler that returned
// neither a result nor an error (isNil), and reports whether it did.
func (s *server) failed(w http.ResponseWriter, r *http.Request, isNil bool, err error) bool {
	if err == nil && !isNil {
		return false
	}
	s.writeResult(w, r, 0, nil, nil, isNil, err)
	return true
}

// undeclared answers 500 for a Result whose StatusCode is neither 0 nor
// the one status its operation declares, and reports whether it did.
func (s *server) undeclared(w http.ResponseWriter, r *http.Request, status, declared int) bool {
	if status == 0 || status == declared {
		return false
	}
	s.undeclaredStatus(w, r, status)
	return true
}

// segment matches the path segment that the ServeMux wildcard name holds
// against re, which captures the parameters it mixes with literal text.
// It answers 404 and returns nil when the segment does not match.
func (s *server) segment(w http.ResponseWriter, r *http.Request, re *pattern, name string) []string {
	m := re.re.FindStringSubmatch(pathValue(r, name))
	if m == nil {
		s.writeError(w, r, &APIError{StatusCode: http.StatusNotFound, Message: "no such path: " + clip(r.URL.Path)})
	}
	return m
}

// rejected answers 400 when the request breaks a rule e noted, and
// reports whether it did.
func (s *server) rejected(w http.ResponseWriter, r *http.Request, e *validator) bool {
	if err := e.err(); err != nil {
		s.badRequest(w, r, err)
		return true
	}
	return false
}

// undeclaredStatus answers 500 for a handler's result whose status the
// operation does not declare, and logs why.
func (s *server) undeclaredStatus(w http.ResponseWriter, r *http.Request, status int) {
	s.cfg.logger.ErrorContext(r.Context(), "handler returned a status the operation does not declare", "method", r.Method, "path", r.URL.Path,
		"request_id", RequestIDFrom(r.Context()), "status", status)
	s.writeError(w, r, &APIError{StatusCode: http.StatusInternalServerError, Message: "internal error"})
}

// rawBody hands a request body that is not JSON to the handler, limited to
// the configured size. A body of a media type the operation does not take
// (types, which may hold wildcards; none: any) is answered 415, a missing
// one that is required 400; ok is false then. A body without a type is
// taken as application/octet-stream (RFC 9110, 8.3).
func (s *server) rawBody(w http.ResponseWriter, r *http.Request, required bool, types ...string) (body *RawBody, ok bool) {
	ct := r.Header.Get("Content-Type")
	if ct == "" && r.ContentLength == 0 {
		if required {
			s.writeError(w, r, &APIError{StatusCode: http.StatusBadRequest, Message: "request body is required"})
			return nil, false
		}
		return &RawBody{Body: http.NoBody}, true
	}
	mt := "application/octet-stream"
	if ct != "" {
		var err error
		if mt, _, err = mime.ParseMediaType(ct); err != nil {
			mt = ""
		}
	}
	if len(types) > 0 && !slices.ContainsFunc(types, func(t string) bool { return mediaMatch(t, mt) }) {
		s.writeError(w, r, &APIError{StatusCode: http.StatusUnsupportedMediaType, Message: "request body must be " + strings.Join(types, " or ")})
		return nil, false
	}
	return &RawBody{ContentType: ct, Body: http.MaxBytesReader(w, r.Body, s.cfg.maxBodyBytes)}, true
}

// mediaMatch reports whether the media type mt is one the pattern names:
// the same, or within a wildcard (*/*, text/*); parameters are ignored.
func mediaMatch(pattern, mt string) bool {
	pattern, _, _ = strings.Cut(pattern, ";")
	pattern = strings.ToLower(strings.TrimSpace(pattern))
	if pattern == "*/*" || pattern == mt {
		return true
	}
	major, ok := strings.CutSuffix(pattern, "/*")
	return ok && strings.HasPrefix(mt, major+"/")
}

// writeRaw copies a handler's RawResponse to the client and closes it,
// with the typed headers h (which may be nil); with no RawResponse, it
// writes the status and h alone.
func (s *server) writeRaw(w http.ResponseWriter, r *http.Request, status int, h http.Header, out *RawResponse, err error) {
	if out != nil && out.Body != nil {
		defer out.Body.Close()
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := headersOut(w, h); err != nil {
		s.invalidResponse(w, r, err)
		return
	}
	if out == nil || out.Body == nil {
		w.WriteHeader(status)
		return
	}
	if out.ContentType != "" {
		w.Header().Set("Content-Type", out.ContentType)
	}
	if out.StatusCode != 0 {
		status = out.StatusCode
	}
	w.WriteHeader(status)
	if _, err := io.Copy(w, out.Body); err != nil {
		s.cfg.logger.ErrorContext(r.Context(), "writing response", "method", r.Method, "path", r.URL.Path,
			"request_id", RequestIDFrom(r.Context()), "error", err)
	}
}

func (s *server) writeJSON(w http.ResponseWriter, status int, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	b, err := appendJSON(buf.AvailableBuffer(), v, false, dirResponse)
	if err != nil {
		s.cfg.logger.Error("encoding response", "error", err)
		w.Header()["Content-Type"] = errorContentType
		w.WriteHeader(http.StatusInternalServerError)
		b, _ := encodeErrorBody(&APIError{StatusCode: http.StatusInternalServerError, Message: "internal error"})
		w.Write(b)
		return
	}
	buf.Write(append(b, '\n'))
	w.Header()["Content-Type"] = jsonContentType
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
		var mbe *http.MaxBytesError
		if errors.As(err, &ve) {
			ae = &APIError{StatusCode: http.StatusBadRequest, Message: ve.Error()}
		} else if errors.As(err, &mbe) {
			// A handler that read a RawBody past the limit.
			ae = &APIError{StatusCode: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("request body is larger than %d bytes", mbe.Limit)}
		} else {
			s.cfg.logger.ErrorContext(r.Context(), "handler failed", "method", r.Method, "path", r.URL.Path,
				"request_id", RequestIDFrom(r.Context()), "error", err)
			ae = &APIError{StatusCode: http.StatusInternalServerError, Message: "internal error"}
		}
	}
	status := ae.StatusCode
	if status == 0 && ae.Code >= 400 && ae.Code <= 599 {
		status = ae.Code // &APIError{Code: 404}
	}
	if status < 400 || status > 599 {
		status = http.StatusInternalServerError
	}
	out := *ae
	out.StatusCode = status
	if out.Code == 0 || ae.StatusCode != status {
		out.Code = status // the code of a status corrected follows it
	}
	if out.Message == "" {
		out.Message = http.StatusText(status)
	}
	b, encErr := encodeErrorBody(&out)
	if encErr != nil {
		b = []byte(`{}`)
	}
	for k, vs := range ae.Header {
		if k = http.CanonicalHeaderKey(k); k != "Content-Length" && k != "Content-Encoding" && k != "Transfer-Encoding" {
			w.Header()[k] = vs // not those of another body (a proxy's upstream's)
		}
	}
	w.Header()["Content-Type"] = errorContentType
	w.WriteHeader(status)
	w.Write(b)
}

//go:noinline
func notImplemented(operationID string) error {
	return &APIError{StatusCode: http.StatusNotImplemented, Message: operationID + " is not implemented"}
}
