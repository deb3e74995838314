package emulator

import (
	"context"
	"maps"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

// Behaviours a function's calls can have.
const (
	behaviorEcho  = "echo"  // completes with response = input data
	behaviorFail  = "fail"  // ends Failed with an error string
	behaviorSleep = "sleep" // stays Running until the timeout
)

// Metadata keys the emulator reads.
const (
	// MetaBehavior ("echo", "fail" or "sleep") chooses what calls do; without
	// it the first word of the function's name decides, and echo is the default.
	MetaBehavior = "behavior"
	// MetaDeploy set to "fail" makes the deployment fail, like a broken zip.
	MetaDeploy = "deploy"
)

var (
	cpuRange    = fn.FunctionsResourceRange{Min: 0.1, Max: 3, Default: 1}
	memoryRange = fn.FunctionsResourceRange{Min: 0.1, Max: 5, Default: 1.5}
	pyVersions  = map[fn.FunctionRuntime]string{"py310": "Python 3.10.16", "py311": "Python 3.11.11", "py312": "Python 3.12.9", "py313": "Python 3.13.2"}
	runtimes    = slices.Sorted(maps.Keys(pyVersions)) // the ones the service runs, as /functions/limits lists them
)

const responseSizeMb = 1

type function struct {
	id       fn.CogniteInternalId
	spec     fn.Function // as created, with defaults filled in; read-only fields unset
	created  time.Time
	broken   string // why the deployment fails; "" when it succeeds
	behavior string

	lastCalled time.Time
	calls      map[fn.CogniteInternalId]*call
	callOrder  []fn.CogniteInternalId // ascending
	running    []*call                // calls that may still be running
}

func (e *Emulator) readyAt(f *function) time.Time {
	return f.created.Add(e.cfg.QueueDelay + e.cfg.DeployDelay)
}

func (e *Emulator) functionStatus(f *function, now time.Time) fn.FunctionStatus {
	switch {
	case now.Before(f.created.Add(e.cfg.QueueDelay)):
		return fn.FunctionStatusQueued
	case now.Before(e.readyAt(f)):
		return fn.FunctionStatusDeploying
	case f.broken != "":
		return fn.FunctionStatusFailed
	}
	return fn.FunctionStatusReady
}

func (e *Emulator) renderFunction(f *function, now time.Time) fn.Function {
	out := f.spec
	// Nothing returned may share memory with the stored function.
	out.ExternalID, out.Description, out.Owner = clonePtr(out.ExternalID), clonePtr(out.Description), clonePtr(out.Owner)
	out.FunctionPath, out.CPU, out.Memory, out.Runtime = clonePtr(out.FunctionPath), clonePtr(out.CPU), clonePtr(out.Memory), clonePtr(out.Runtime)
	id := f.id
	out.ID = &id
	st := e.functionStatus(f, now)
	out.Status = &st
	out.CreatedTime = msPtr(f.created)
	if !f.lastCalled.IsZero() {
		out.LastCalled = msPtr(f.lastCalled)
	}
	if v, ok := pyVersions[*f.spec.Runtime]; ok {
		out.RuntimeVersion = &v
	}
	if st == fn.FunctionStatusFailed {
		trace := "Building the function from file " + f.broken + "\nERROR: handler.py does not define handle() (emulated build failure)"
		out.Error = &fn.FunctionBuildError{Message: "Function deployment failed.", Trace: fn.NewNullable(trace)}
	}
	if len(f.spec.Secrets) > 0 {
		masked := make(map[string]string, len(f.spec.Secrets))
		for k := range f.spec.Secrets {
			masked[k] = "***"
		}
		out.Secrets = masked
	}
	out.Metadata = cloneStrings(f.spec.Metadata)
	out.EnvVars = cloneStrings(f.spec.EnvVars)
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func cloneStrings[M ~map[string]string](m M) M {
	if m == nil {
		return nil
	}
	out := make(M, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// behaviorOf picks a function's behaviour: metadata first, then the first
// word of its name ("sleep-long" sleeps, "failover" echoes).
func behaviorOf(f *fn.Function) string {
	for _, k := range []string{MetaBehavior, "behaviour"} {
		switch b := strings.ToLower(f.Metadata[k]); b {
		case behaviorEcho, behaviorFail, behaviorSleep:
			return b
		}
	}
	word := strings.ToLower(f.Name)
	if i := strings.IndexFunc(word, func(r rune) bool { return !(r >= 'a' && r <= 'z') }); i >= 0 {
		word = word[:i]
	}
	switch word {
	case behaviorFail, behaviorSleep:
		return word
	}
	return behaviorEcho
}

// CreateFunctions registers one function; its deployment then runs on the
// clock: Queued, Deploying, then Ready or Failed.
func (e *Emulator) CreateFunctions(ctx context.Context, body *fn.FunctionCreateRequest) (*fn.FunctionList, error) {
	p, err := e.begin(ctx, "createFunctions")
	if err != nil {
		return nil, err
	}
	if len(body.Items) != 1 { // the generated server enforces this too
		return nil, apiError(http.StatusBadRequest, "items must hold exactly one function")
	}
	in := body.Items[0]
	if err := checkFunctionCreate(&in); err != nil {
		return nil, err
	}
	file, ok := e.files.byID(int64(in.FileID))
	if !ok {
		return nil, missingError(http.StatusBadRequest, "Files not found", []map[string]any{idRef(in.FileID)})
	}

	spec := in
	spec.ID, spec.Status, spec.CreatedTime, spec.LastCalled, spec.RuntimeVersion, spec.Error = nil, nil, nil, nil, nil, nil
	// Write-only, used by the build: the generated server leaves them out of
	// answers, and the store does not keep the credentials they may carry.
	spec.IndexURL, spec.ExtraIndexURLs = nil, nil
	if spec.FunctionPath == nil {
		spec.FunctionPath = fn.Ptr("handler.py")
	}
	if spec.Runtime == nil {
		spec.Runtime = fn.Ptr(fn.FunctionRuntimePy313)
	}
	if spec.CPU == nil {
		spec.CPU = fn.Ptr(cpuRange.Default)
	}
	if spec.Memory == nil {
		spec.Memory = fn.Ptr(memoryRange.Default)
	}
	spec.Metadata = cloneStrings(spec.Metadata)
	spec.Secrets = cloneStrings(spec.Secrets)
	spec.EnvVars = cloneStrings(spec.EnvVars)

	f := &function{spec: spec, behavior: behaviorOf(&spec), calls: map[fn.CogniteInternalId]*call{}}
	if file.broken() {
		f.broken = file.describe()
	} else if strings.EqualFold(spec.Metadata[MetaDeploy], "fail") {
		f.broken = file.describe() + " (metadata deploy=fail)"
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	if spec.ExternalID != nil {
		if _, dup := p.byExtID[*spec.ExternalID]; dup {
			return nil, &fn.APIError{StatusCode: http.StatusConflict, Message: "A function with this externalId already exists",
				Duplicated: []map[string]any{extRef(*spec.ExternalID)}}
		}
	}
	if len(p.functions) >= e.cfg.MaxFunctionsPerProject {
		return nil, apiError(http.StatusBadRequest, "The project already has the maximum of %d functions", e.cfg.MaxFunctionsPerProject)
	}
	now := e.now()
	f.id = fn.CogniteInternalId(e.newID())
	f.created = now
	p.functions[f.id] = f
	p.funcOrder = append(p.funcOrder, f.id)
	if spec.ExternalID != nil {
		p.byExtID[*spec.ExternalID] = f.id
	}
	e.log.InfoContext(ctx, "function created", "project", p.name, "id", f.id, "name", spec.Name, "behavior", f.behavior, "broken", f.broken != "")
	return &fn.FunctionList{Items: []fn.Function{e.renderFunction(f, now)}}, nil
}

// checkFunctionCreate enforces the documented rules that the spec does not
// encode as schema keywords.
func checkFunctionCreate(in *fn.Function) error {
	for k := range in.Secrets {
		switch k {
		case "token", "indexurl", "extraindexurls":
			return apiError(http.StatusBadRequest, "secrets: the key %q is reserved", k)
		}
		if len(k)+len(in.Secrets[k]) > 25*1024 {
			return apiError(http.StatusBadRequest, "secrets: the key %q and its value are larger than 25 kB", k)
		}
	}
	total := 0
	for k, v := range in.Metadata {
		total += len(k) + len(v)
	}
	if total > 4096 {
		return apiError(http.StatusBadRequest, "metadata is larger than 4096 bytes")
	}
	checkRange := func(name string, v *float32, r fn.FunctionsResourceRange) error {
		if v != nil && (math.IsNaN(float64(*v)) || *v < r.Min || *v > r.Max) {
			return apiError(http.StatusBadRequest, "%s must be between %g and %g (see /functions/limits)", name, r.Min, r.Max)
		}
		return nil
	}
	if err := checkRange("cpu", in.CPU, cpuRange); err != nil {
		return err
	}
	// The spec's list of runtimes is open, so the server, not the
	// client, refuses one it does not run.
	if in.Runtime != nil && !slices.Contains(runtimes, *in.Runtime) {
		return apiError(http.StatusBadRequest, "runtime %q is not supported (see /functions/limits)", *in.Runtime)
	}
	return checkRange("memory", in.Memory, memoryRange)
}

// ListFunctions returns up to limit functions, oldest first.
func (e *Emulator) ListFunctions(ctx context.Context, params *fn.ListFunctionsParams) (*fn.FunctionList, error) {
	p, err := e.begin(ctx, "listFunctions")
	if err != nil {
		return nil, err
	}
	return e.filterFunctions(p, nil, limitOf(params.Limit, 100)), nil
}

// FilterFunctions returns up to limit functions that match every condition.
func (e *Emulator) FilterFunctions(ctx context.Context, body *fn.FunctionFilterRequest) (*fn.FunctionList, error) {
	p, err := e.begin(ctx, "filterFunctions")
	if err != nil {
		return nil, err
	}
	return e.filterFunctions(p, body.Filter, limitOf(body.Limit, 100)), nil
}

func (e *Emulator) filterFunctions(p *project, flt *fn.FunctionFilter, limit int) *fn.FunctionList {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := e.now()
	out := &fn.FunctionList{Items: []fn.Function{}}
	for _, id := range p.funcOrder {
		if len(out.Items) >= limit {
			break
		}
		f := p.functions[id]
		if flt != nil && !e.functionMatches(f, flt, now) {
			continue
		}
		out.Items = append(out.Items, e.renderFunction(f, now))
	}
	return out
}

func (e *Emulator) functionMatches(f *function, flt *fn.FunctionFilter, now time.Time) bool {
	s := &f.spec
	switch {
	case flt.Name != nil && *flt.Name != s.Name,
		flt.Owner != nil && (s.Owner == nil || *flt.Owner != *s.Owner),
		flt.FileID != nil && *flt.FileID != s.FileID,
		flt.Status != nil && *flt.Status != e.functionStatus(f, now),
		flt.ExternalIDPrefix != nil && (s.ExternalID == nil || !strings.HasPrefix(string(*s.ExternalID), *flt.ExternalIDPrefix)),
		!inRange(flt.CreatedTime, ms(f.created)):
		return false
	}
	for k, v := range flt.Metadata {
		if got, ok := s.Metadata[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// GetFunction returns one function, or 404 naming the id as missing.
func (e *Emulator) GetFunction(ctx context.Context, functionID fn.CogniteInternalId) (*fn.Function, error) {
	p, err := e.begin(ctx, "getFunction")
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	f, err := p.function(functionID)
	if err != nil {
		return nil, err
	}
	out := e.renderFunction(f, e.now())
	return &out, nil
}

// function looks up a function named in a path: unknown is 404.
func (p *project) function(id fn.CogniteInternalId) (*function, error) {
	f := p.functions[id]
	if f == nil {
		return nil, missingError(http.StatusNotFound, "Function not found", []map[string]any{idRef(id)})
	}
	return f, nil
}

// resolve maps byids/delete identifiers to functions. Unknown ones are an
// error listing them all, unless ignoreUnknown; a function named twice is an
// error listing the duplicates.
func (p *project) resolve(items []fn.FunctionIdentifier, ignoreUnknown bool) ([]*function, error) {
	var out []*function
	var missing, dups []map[string]any
	seen := map[fn.CogniteInternalId]bool{}
	for _, it := range items {
		var f *function
		var ref map[string]any
		switch {
		case it.FunctionInternalIdentifier != nil:
			ref = idRef(it.FunctionInternalIdentifier.ID)
			f = p.functions[it.FunctionInternalIdentifier.ID]
		case it.FunctionExternalIdentifier != nil:
			ref = extRef(it.FunctionExternalIdentifier.ExternalID)
			if id, ok := p.byExtID[it.FunctionExternalIdentifier.ExternalID]; ok {
				f = p.functions[id]
			}
		default:
			return nil, apiError(http.StatusBadRequest, "each item must have an id or an externalId")
		}
		if f == nil {
			if !ignoreUnknown {
				missing = append(missing, ref)
			}
			continue
		}
		if seen[f.id] {
			dups = append(dups, ref)
			continue
		}
		seen[f.id] = true
		out = append(out, f)
	}
	if len(dups) > 0 {
		return nil, &fn.APIError{StatusCode: http.StatusBadRequest, Message: "Duplicate identifiers in the request", Duplicated: dups}
	}
	if len(missing) > 0 {
		return nil, missingError(http.StatusBadRequest, "Functions not found", missing)
	}
	return out, nil
}

// GetFunctionsByIds returns the named functions in request order.
func (e *Emulator) GetFunctionsByIds(ctx context.Context, body *fn.FunctionByIdsRequest) (*fn.FunctionList, error) {
	p, err := e.begin(ctx, "getFunctionsByIds")
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fs, err := p.resolve(body.Items, body.IgnoreUnknownIDs != nil && *body.IgnoreUnknownIDs)
	if err != nil {
		return nil, err
	}
	now := e.now()
	out := &fn.FunctionList{Items: make([]fn.Function, 0, len(fs))}
	for _, f := range fs {
		out.Items = append(out.Items, e.renderFunction(f, now))
	}
	return out, nil
}

// DeleteFunctions removes the named functions with their calls and
// schedules; nothing is removed when an identifier is unknown.
func (e *Emulator) DeleteFunctions(ctx context.Context, body *fn.FunctionByIdsRequest) (*fn.EmptyResponse, error) {
	p, err := e.begin(ctx, "deleteFunctions")
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fs, err := p.resolve(body.Items, body.IgnoreUnknownIDs != nil && *body.IgnoreUnknownIDs)
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		delete(p.functions, f.id)
		p.funcOrder = removeID(p.funcOrder, f.id)
		if f.spec.ExternalID != nil {
			delete(p.byExtID, *f.spec.ExternalID)
		}
		for _, sid := range append([]fn.CogniteInternalId(nil), p.schedOrder...) {
			if p.schedules[sid].functionID == f.id {
				delete(p.schedules, sid)
				p.schedOrder = removeID(p.schedOrder, sid)
			}
		}
		p.running = pruneCalls(p.running, func(c *call) bool { return c.functionID == f.id })
		e.log.InfoContext(ctx, "function deleted", "project", p.name, "id", f.id)
	}
	return &fn.EmptyResponse{}, nil
}

// GetFunctionsLimits reports the emulator's limits (GCP-like values).
func (e *Emulator) GetFunctionsLimits(ctx context.Context) (*fn.FunctionsLimits, error) {
	if _, err := e.begin(ctx, "getFunctionsLimits"); err != nil {
		return nil, err
	}
	minutes := int32(math.Ceil(e.cfg.CallTimeout.Minutes()))
	if minutes < 1 {
		minutes = 1
	}
	return &fn.FunctionsLimits{
		TimeoutMinutes: minutes,
		CPUCores:       cpuRange,
		MemoryGb:       memoryRange,
		Runtimes:       append([]fn.FunctionRuntime(nil), runtimes...),
		ResponseSizeMb: fn.Ptr(int32(responseSizeMb)),
	}, nil
}

func (e *Emulator) activation(p *project, now time.Time) fn.FunctionsActivationStatus {
	switch {
	case p.activationRequested.IsZero():
		return fn.FunctionsActivationStatusInactive
	case now.Before(p.activationRequested.Add(e.cfg.ActivationDelay)):
		return fn.FunctionsActivationStatusRequested
	}
	return fn.FunctionsActivationStatusActivated
}

// GetFunctionsStatus reports inactive, requested or activated.
func (e *Emulator) GetFunctionsStatus(ctx context.Context) (*fn.FunctionsActivation, error) {
	p, err := e.begin(ctx, "getFunctionsStatus")
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return &fn.FunctionsActivation{Status: e.activation(p, e.now())}, nil
}

// ActivateFunctions moves an inactive project to requested; it becomes
// activated after ActivationDelay. Asking again changes nothing.
func (e *Emulator) ActivateFunctions(ctx context.Context) (*fn.FunctionsActivation, error) {
	p, err := e.begin(ctx, "activateFunctions")
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := e.now()
	if p.activationRequested.IsZero() {
		p.activationRequested = now
	}
	return &fn.FunctionsActivation{Status: e.activation(p, now)}, nil
}
