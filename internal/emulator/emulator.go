// Package emulator serves the Cognite Functions API from memory. Emulator
// implements the generated fn.Handler; NewHTTPHandler puts it behind the
// generated server together with bearer-token auth, capability checks,
// request ids, logging and the two neighbouring endpoints that SDK flows
// touch (POST /sessions and POST /files/byids).
//
// Time-dependent state (a function's deployment status, a call's status,
// its logs, the activation status) is not advanced by goroutines: each
// object stores the instants at which it changes and is rendered for the
// current time on every read. That keeps the state consistent under any
// concurrency with one mutex per project, and nothing can be lost when the
// process is busy.
package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

var _ fn.Handler = (*Emulator)(nil)

// Config sets the emulated timings and limits. Start from DefaultConfig:
// durations are used as given (0 means "at once"); zero limits, Now and
// Logger fall back to their defaults.
type Config struct {
	// QueueDelay and DeployDelay: a new function is Queued for QueueDelay,
	// then Deploying for DeployDelay, then Ready (or Failed).
	QueueDelay  time.Duration
	DeployDelay time.Duration
	// CallDuration is how long an echo or fail call stays Running.
	CallDuration time.Duration
	// CallTimeout is when a call that is still running ends with status
	// Timeout (a sleep call always does).
	CallTimeout time.Duration
	// ActivationDelay is how long POST /functions/status stays "requested".
	ActivationDelay time.Duration
	// NonceTTL is how long a session nonce can be bound; 0 means forever.
	NonceTTL time.Duration

	MaxRunningPerFunction  int // default 100
	MaxRunningPerProject   int // default 250
	MaxFunctionsPerProject int // default 100
	MaxSchedulesPerProject int // default 1000
	MaxSchedulesPerFunc    int // default 100

	// Files seeds the file table that createFunctions and POST /files/byids
	// look ids up in. With AutoFiles, any id or external id asked for exists.
	Files     []File
	AutoFiles bool

	Now    func() time.Time
	Logger *slog.Logger
}

// DefaultConfig returns the timings used by the command: a function is
// Ready after 100ms, a call finishes after 50ms and times out after 30s.
func DefaultConfig() Config {
	return Config{
		QueueDelay:      50 * time.Millisecond,
		DeployDelay:     50 * time.Millisecond,
		CallDuration:    50 * time.Millisecond,
		CallTimeout:     30 * time.Second,
		ActivationDelay: 100 * time.Millisecond,
		NonceTTL:        time.Minute,
	}
}

// Emulator holds the state of every project. It is safe for concurrent use.
type Emulator struct {
	cfg   Config
	now   func() time.Time
	log   *slog.Logger
	ids   atomic.Int64
	files *fileTable

	mu       sync.Mutex
	projects map[string]*project
}

// New returns an emulator with empty projects; a project springs into
// existence the first time it is addressed.
func New(cfg Config) (*Emulator, error) {
	def := func(p *int, v int) {
		if *p <= 0 {
			*p = v
		}
	}
	def(&cfg.MaxRunningPerFunction, 100)
	def(&cfg.MaxRunningPerProject, 250)
	def(&cfg.MaxFunctionsPerProject, 100)
	def(&cfg.MaxSchedulesPerProject, 1000)
	def(&cfg.MaxSchedulesPerFunc, 100)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	for _, d := range []time.Duration{cfg.QueueDelay, cfg.DeployDelay, cfg.CallDuration, cfg.CallTimeout, cfg.ActivationDelay, cfg.NonceTTL} {
		if d < 0 {
			return nil, fmt.Errorf("emulator: negative duration %v in config", d)
		}
	}
	e := &Emulator{cfg: cfg, now: cfg.Now, log: cfg.Logger, projects: map[string]*project{}}
	// Ids look like CDF's: large, but far below 2^53 so JavaScript keeps them.
	e.ids.Store(1_000_000_000)
	ft, err := newFileTable(cfg.Files, cfg.AutoFiles, e.newID, e.now)
	if err != nil {
		return nil, err
	}
	e.files = ft
	return e, nil
}

func (e *Emulator) newID() int64 { return e.ids.Add(1) }

// project is the state of one CDF project. Every field is guarded by mu.
type project struct {
	name string
	mu   sync.Mutex

	functions map[fn.CogniteInternalId]*function
	funcOrder []fn.CogniteInternalId // ascending id = creation order
	byExtID   map[fn.CogniteExternalId]fn.CogniteInternalId

	schedules  map[fn.CogniteInternalId]*schedule
	schedOrder []fn.CogniteInternalId

	sessions map[string]*session // by nonce

	activationRequested time.Time // zero: inactive

	running []*call // calls of the project that may still be running
}

func (e *Emulator) project(name string) *project {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.projects[name]
	if p == nil {
		p = &project{
			name:      name,
			functions: map[fn.CogniteInternalId]*function{},
			byExtID:   map[fn.CogniteExternalId]fn.CogniteInternalId{},
			schedules: map[fn.CogniteInternalId]*schedule{},
			sessions:  map[string]*session{},
		}
		e.projects[name] = p
	}
	return p
}

func (e *Emulator) projectList() []*project {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]*project, 0, len(e.projects))
	for _, p := range e.projects {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// ---- context ----

type ctxKey int

const (
	projectKey ctxKey = iota
	principalKey
)

// WithProject returns a context that addresses project name. NewHTTPHandler
// does this for every request; use it when calling the Emulator directly.
func WithProject(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, projectKey, name)
}

// ProjectFromContext returns the project set by WithProject.
func ProjectFromContext(ctx context.Context) (string, bool) {
	s, ok := ctx.Value(projectKey).(string)
	return s, ok && s != ""
}

// begin starts an operation: it finds the project in ctx and, when ctx
// carries a principal (it does behind NewHTTPHandler), checks that the
// principal has the capability the operation requires. The HTTP layer
// already checked it before the body was read; this second check keeps a
// mistake in path matching from ever granting access.
func (e *Emulator) begin(ctx context.Context, operationID string) (*project, error) {
	if pr, ok := principalFrom(ctx); ok {
		capability, known := Capabilities[operationID]
		if !known || !pr.has(capability) {
			return nil, forbidden(capability)
		}
	}
	name, ok := ProjectFromContext(ctx)
	if !ok {
		return nil, &fn.APIError{StatusCode: http.StatusBadRequest, Message: "no project in the request"}
	}
	return e.project(name), nil
}

// ---- errors in the CDF envelope ----

func apiError(status int, format string, args ...any) *fn.APIError {
	return &fn.APIError{StatusCode: status, Message: fmt.Sprintf(format, args...)}
}

func idRef(id fn.CogniteInternalId) map[string]any { return map[string]any{"id": int64(id)} }

func extRef(x fn.CogniteExternalId) map[string]any { return map[string]any{"externalId": string(x)} }

func missingError(status int, msg string, missing []map[string]any) *fn.APIError {
	return &fn.APIError{StatusCode: status, Message: msg, Missing: missing}
}

func forbidden(capability string) *fn.APIError {
	msg := "Resource not found. This may also be due to insufficient access rights."
	if capability != "" {
		msg += " (the token lacks " + capability + ")"
	}
	return &fn.APIError{StatusCode: http.StatusForbidden, Message: msg}
}

// ---- small helpers ----

func ms(t time.Time) fn.EpochTimestamp { return fn.NewEpochTimestamp(t) }

func msPtr(t time.Time) *fn.EpochTimestamp { v := ms(t); return &v }

func inRange(r *fn.EpochTimestampRange, t fn.EpochTimestamp) bool {
	if r == nil {
		return true
	}
	if r.Min != nil && t < *r.Min {
		return false
	}
	if r.Max != nil && t > *r.Max {
		return false
	}
	return true
}

func limitOf(l *int32, def int) int {
	if l == nil || *l < 1 {
		return def
	}
	return int(*l)
}

// cloneData deep-copies a free-form JSON object through its encoding, so
// stored data never shares maps with a request.
func cloneData(m map[string]any) (map[string]any, error) {
	if m == nil {
		return nil, nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func removeID(s []fn.CogniteInternalId, id fn.CogniteInternalId) []fn.CogniteInternalId {
	i := sort.Search(len(s), func(i int) bool { return s[i] >= id })
	if i < len(s) && s[i] == id {
		return append(s[:i], s[i+1:]...)
	}
	return s
}
