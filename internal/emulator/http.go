package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

// BasePath is where the API is mounted, as in CDF.
const BasePath = "/api/v1/projects/{project}"

const projectsPrefix = "/api/v1/projects/"

// HTTPOptions configures NewHTTPHandler.
type HTTPOptions struct {
	// Tokens is the bearer-token table; nil means DevTokens().
	Tokens Tokens
	// Logger gets one line per request; nil discards.
	Logger *slog.Logger
}

// NewHTTPHandler serves e over HTTP the way CDF does:
//
//   - /api/v1/projects/{project}/functions/... through the generated server
//     (fn.NewServer with fn.WithBasePath(BasePath)), which decodes and
//     validates every request before it reaches e;
//   - POST /api/v1/projects/{project}/sessions and .../files/byids through
//     plain handlers;
//   - GET /healthz, without auth, for readiness probes.
//
// Every response carries X-Request-Id (the request's own when it sent a
// sane one). Every other request needs "Authorization: Bearer <token>":
// without a known token it is answered 401, and without the capability its
// operation requires, 403, before its body is read. Errors use the CDF
// envelope {"error": {"code", "message", "missing"?, "duplicated"?}}.
func NewHTTPHandler(e *Emulator, opts HTTPOptions) http.Handler {
	tokens := opts.Tokens
	if tokens == nil {
		tokens = DevTokens()
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &httpHandler{
		e:          e,
		api:        fn.NewServer(e, generatedServerOptions(log)...),
		principals: tokens.principals(),
		log:        log,
	}
}

type httpHandler struct {
	e          *Emulator
	api        http.Handler
	principals map[string]principal
	log        *slog.Logger
}

func (h *httpHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	reqID := requestID(r)
	w.Header().Set("X-Request-Id", reqID)
	sw := &statusWriter{ResponseWriter: w}
	var project, opID string
	defer func() {
		lvl := slog.LevelInfo
		if sw.status >= 500 {
			lvl = slog.LevelError
		}
		h.log.Log(r.Context(), lvl, "request", "method", r.Method, "path", r.URL.Path, "status", sw.code(),
			"duration", time.Since(start), "request_id", reqID, "project", project, "op", opID)
	}()

	if r.URL.Path == "/healthz" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		writeJSON(sw, http.StatusOK, map[string]string{"status": "ok"})
		return
	}
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), projectsPrefix)
	projEsc, sub, _ := strings.Cut(rest, "/")
	project, err := url.PathUnescape(projEsc)
	if !ok || err != nil || project == "" {
		writeError(sw, &fn.APIError{StatusCode: http.StatusNotFound, Message: "no such path: " + r.URL.Path})
		return
	}
	sub = "/" + sub

	pr, ok := h.principals[bearer(r)]
	if !ok {
		sw.Header().Set("WWW-Authenticate", `Bearer realm="cdf-emulator"`)
		writeError(sw, &fn.APIError{StatusCode: http.StatusUnauthorized, Message: "Unauthorized"})
		return
	}
	op := MatchOperation(r.Method, sub)
	if op != nil {
		opID = op.ID
		if !pr.has(op.Capability) {
			writeError(sw, forbidden(op.Capability))
			return
		}
	}
	r = r.WithContext(WithProject(withPrincipal(r.Context(), pr), project))
	// The generated server sets X-Request-Id from the request's header;
	// give it the id this layer chose so that both agree.
	r.Header.Set("X-Request-Id", reqID)

	switch {
	case op != nil && op.ID == OpCreateSessions:
		h.serveSessions(sw, r, project)
	case op != nil && op.ID == OpFilesByIDs:
		h.serveFiles(sw, r)
	case sub == "/sessions" || sub == "/files/byids":
		sw.Header().Set("Allow", "POST")
		writeError(sw, &fn.APIError{StatusCode: http.StatusMethodNotAllowed, Message: "method " + r.Method + " is not allowed; use POST"})
	default:
		h.api.ServeHTTP(sw, r)
	}
}

// generatedServerOptions configures the generated server.
//
// fn.WithoutSecurity is the one option used that the generated package
// gained after this emulator was written: since then NewServer refuses
// every operation that declares security unless it is given a
// SecurityHandler or told to skip the check. Authentication and the
// capability check happen in this package's HTTP layer, in front of the
// generated server (and again in each Handler method), so the server is
// told to skip its own.
func generatedServerOptions(log *slog.Logger) []fn.ServerOption {
	return []fn.ServerOption{fn.WithBasePath(BasePath), fn.WithLogger(log), fn.WithoutSecurity()}
}

func bearer(r *http.Request) string {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

// requestID echoes the client's X-Request-Id when it is short and plain,
// and makes one up otherwise.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); id != "" && len(id) <= 128 && strings.IndexFunc(id, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:", c))
	}) < 0 {
		return id
	}
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// ---- plain handlers ----

func (h *httpHandler) serveSessions(w http.ResponseWriter, r *http.Request, project string) {
	var req SessionRequest
	if !readJSON(w, r, &req) {
		return
	}
	out, err := h.e.CreateSessions(project, &req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

func (h *httpHandler) serveFiles(w http.ResponseWriter, r *http.Request) {
	var req FileByIDsRequest
	if !readJSON(w, r, &req) {
		return
	}
	out, err := h.e.FilesByIDs(&req)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			writeError(w, apiError(http.StatusUnsupportedMediaType, "request body must be application/json"))
			return false
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, apiError(http.StatusRequestEntityTooLarge, "request body is larger than %d bytes", mbe.Limit))
		} else {
			writeError(w, apiError(http.StatusBadRequest, "reading request body: %s", err))
		}
		return false
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		writeError(w, apiError(http.StatusBadRequest, "request body is required"))
		return false
	}
	if err := json.Unmarshal(body, v); err != nil {
		writeError(w, apiError(http.StatusBadRequest, "malformed JSON body"))
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

type errorEnvelope struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Code       int              `json:"code"`
	Message    string           `json:"message"`
	Missing    []map[string]any `json:"missing,omitempty"`
	Duplicated []map[string]any `json:"duplicated,omitempty"`
}

// writeError writes err in the CDF envelope; anything but an *fn.APIError
// is a 500 whose details stay in the log.
func writeError(w http.ResponseWriter, err error) {
	var ae *fn.APIError
	if !errors.As(err, &ae) {
		ae = &fn.APIError{StatusCode: http.StatusInternalServerError, Message: "internal error"}
	}
	b, _ := json.Marshal(errorEnvelope{errorBody{Code: ae.StatusCode, Message: ae.Message, Missing: ae.Missing, Duplicated: ae.Duplicated}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(ae.StatusCode)
	w.Write(append(b, '\n'))
}
