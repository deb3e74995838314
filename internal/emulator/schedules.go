package emulator

import (
	"context"
	"net/http"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

type schedule struct {
	id         fn.CogniteInternalId
	spec       fn.FunctionSchedule // as created; write-only and read-only fields unset
	functionID fn.CogniteInternalId
	cron       *cronSpec
	when       string
	sessionID  int64
	data       map[string]any // nil: none
	created    time.Time
}

func (s *schedule) render() fn.FunctionSchedule {
	out := s.spec
	out.Description = clonePtr(out.Description)
	id := s.id
	out.ID = &id
	out.CreatedTime = msPtr(s.created)
	when := s.when
	out.When = &when
	fid := s.functionID
	out.FunctionID = &fid
	sid := s.sessionID
	out.SessionID = &fn.FunctionScheduleSessionID{Int: &sid}
	return out
}

// CreateSchedules creates one schedule of an existing function, binding
// the nonce to it.
func (e *Emulator) CreateSchedules(ctx context.Context, body *fn.ScheduleCreateRequest) (*fn.ScheduleList, error) {
	p, err := e.begin(ctx, "createSchedules")
	if err != nil {
		return nil, err
	}
	if len(body.Items) != 1 { // the generated server enforces this too
		return nil, apiError(http.StatusBadRequest, "items must hold exactly one schedule")
	}
	in := body.Items[0]
	if in.Nonce == nil {
		return nil, apiError(http.StatusBadRequest, "nonce is required")
	}
	switch {
	case in.FunctionID == nil && in.FunctionExternalID == nil:
		return nil, apiError(http.StatusBadRequest, "functionId is required")
	case in.FunctionID != nil && in.FunctionExternalID != nil:
		return nil, apiError(http.StatusBadRequest, "give functionId or functionExternalId, not both")
	case in.FunctionID == nil:
		return nil, apiError(http.StatusBadRequest, "functionExternalId cannot be used with a nonce; use functionId")
	}
	cron, err := parseCron(in.CronExpression)
	if err != nil {
		return nil, apiError(http.StatusBadRequest, "Invalid cron expression %q: %s", in.CronExpression, err)
	}
	data, err := cloneData(in.Data)
	if err != nil {
		return nil, apiError(http.StatusBadRequest, "data is not a JSON object")
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.functions[*in.FunctionID]
	if f == nil {
		return nil, missingError(http.StatusBadRequest, "Function not found", []map[string]any{idRef(*in.FunctionID)})
	}
	if len(p.schedules) >= e.cfg.MaxSchedulesPerProject {
		return nil, apiError(http.StatusBadRequest, "The project already has the maximum of %d schedules", e.cfg.MaxSchedulesPerProject)
	}
	n := 0
	for _, s := range p.schedules {
		if s.functionID == f.id {
			n++
		}
	}
	if n >= e.cfg.MaxSchedulesPerFunc {
		return nil, apiError(http.StatusBadRequest, "Function %d already has the maximum of %d schedules", f.id, e.cfg.MaxSchedulesPerFunc)
	}
	now := e.now()
	sess, err := e.session(p, *in.Nonce, now)
	if err != nil {
		return nil, apiError(http.StatusBadRequest, "Failed to bind session on schedule with id None: %s", err)
	}
	sess.bind(now)

	spec := in
	spec.ID, spec.CreatedTime, spec.When, spec.SessionID, spec.Data, spec.Nonce = nil, nil, nil, nil, nil, nil
	spec.FunctionExternalID = nil
	s := &schedule{
		id: fn.CogniteInternalId(e.newID()), spec: spec, functionID: f.id, cron: cron, when: describeCron(in.CronExpression),
		sessionID: sess.id, data: data, created: now,
	}
	p.schedules[s.id] = s
	p.schedOrder = append(p.schedOrder, s.id)
	e.log.InfoContext(ctx, "schedule created", "project", p.name, "id", s.id, "function", f.id, "cron", in.CronExpression)
	return &fn.ScheduleList{Items: []fn.FunctionSchedule{s.render()}}, nil
}

// ListSchedules returns up to limit schedules, oldest first.
func (e *Emulator) ListSchedules(ctx context.Context, params *fn.ListSchedulesParams) (*fn.ScheduleList, error) {
	p, err := e.begin(ctx, "listSchedules")
	if err != nil {
		return nil, err
	}
	return filterSchedules(p, nil, limitOf(params.Limit, 100)), nil
}

// FilterSchedules returns up to limit schedules that match every condition.
func (e *Emulator) FilterSchedules(ctx context.Context, body *fn.ScheduleFilterRequest) (*fn.ScheduleList, error) {
	p, err := e.begin(ctx, "filterSchedules")
	if err != nil {
		return nil, err
	}
	if f := body.Filter; f != nil && f.FunctionID != nil && f.FunctionExternalID != nil {
		return nil, apiError(http.StatusBadRequest, "give at most one of functionId and functionExternalId")
	}
	return filterSchedules(p, body.Filter, limitOf(body.Limit, 100)), nil
}

func filterSchedules(p *project, flt *fn.ScheduleFilter, limit int) *fn.ScheduleList {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := &fn.ScheduleList{Items: []fn.FunctionSchedule{}}
	for _, id := range p.schedOrder {
		if len(out.Items) >= limit {
			break
		}
		s := p.schedules[id]
		if flt != nil && !p.scheduleMatches(s, flt) {
			continue
		}
		out.Items = append(out.Items, s.render())
	}
	return out
}

func (p *project) scheduleMatches(s *schedule, flt *fn.ScheduleFilter) bool {
	switch {
	case flt.Name != nil && *flt.Name != s.spec.Name,
		flt.FunctionID != nil && *flt.FunctionID != s.functionID,
		flt.CronExpression != nil && *flt.CronExpression != s.spec.CronExpression,
		!inRange(flt.CreatedTime, ms(s.created)):
		return false
	}
	if flt.FunctionExternalID != nil {
		f := p.functions[s.functionID]
		if f == nil || f.spec.ExternalID == nil || *f.spec.ExternalID != *flt.FunctionExternalID {
			return false
		}
	}
	return true
}

func (p *project) schedule(id fn.CogniteInternalId) (*schedule, error) {
	s := p.schedules[id]
	if s == nil {
		return nil, missingError(http.StatusNotFound, "Schedule not found", []map[string]any{idRef(id)})
	}
	return s, nil
}

// GetSchedule returns one schedule, or 404 naming the id as missing.
func (e *Emulator) GetSchedule(ctx context.Context, scheduleID fn.CogniteInternalId) (*fn.FunctionSchedule, error) {
	p, err := e.begin(ctx, "getSchedule")
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s, err := p.schedule(scheduleID)
	if err != nil {
		return nil, err
	}
	out := s.render()
	return &out, nil
}

// GetSchedulesByIds returns the named schedules in request order.
func (e *Emulator) GetSchedulesByIds(ctx context.Context, body *fn.ScheduleByIdsRequest) (*fn.ScheduleList, error) {
	p, err := e.begin(ctx, "getSchedulesByIds")
	if err != nil {
		return nil, err
	}
	if dups := duplicateIDs(body.Items); len(dups) > 0 {
		return nil, &fn.APIError{StatusCode: http.StatusBadRequest, Message: "The ids must be unique", Duplicated: dups}
	}
	ignore := body.IgnoreUnknownIDs != nil && *body.IgnoreUnknownIDs
	p.mu.Lock()
	defer p.mu.Unlock()
	out := &fn.ScheduleList{Items: make([]fn.FunctionSchedule, 0, len(body.Items))}
	var missing []map[string]any
	for _, it := range body.Items {
		s := p.schedules[it.ID]
		if s == nil {
			if !ignore {
				missing = append(missing, idRef(it.ID))
			}
			continue
		}
		out.Items = append(out.Items, s.render())
	}
	if len(missing) > 0 {
		return nil, missingError(http.StatusBadRequest, "Schedules not found", missing)
	}
	return out, nil
}

// DeleteSchedules removes the named schedules; an unknown id (this
// endpoint has no ignoreUnknownIds) fails the request and removes nothing.
func (e *Emulator) DeleteSchedules(ctx context.Context, body *fn.ScheduleDeleteRequest) (*fn.EmptyResponse, error) {
	p, err := e.begin(ctx, "deleteSchedules")
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var missing []map[string]any
	for _, it := range body.Items {
		if p.schedules[it.ID] == nil {
			missing = append(missing, idRef(it.ID))
		}
	}
	if len(missing) > 0 {
		return nil, missingError(http.StatusBadRequest, "Schedules not found", missing)
	}
	for _, it := range body.Items {
		if _, ok := p.schedules[it.ID]; ok {
			delete(p.schedules, it.ID)
			p.schedOrder = removeID(p.schedOrder, it.ID)
		}
	}
	return &fn.EmptyResponse{}, nil
}

// GetScheduleInputData returns the data stored on a schedule; `data` is
// absent when it was created without any.
func (e *Emulator) GetScheduleInputData(ctx context.Context, scheduleID fn.CogniteInternalId) (*fn.ScheduleInputData, error) {
	p, err := e.begin(ctx, "getScheduleInputData")
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s, err := p.schedule(scheduleID)
	if err != nil {
		return nil, err
	}
	out := &fn.ScheduleInputData{ID: s.id}
	if s.data != nil {
		if out.Data, err = cloneData(s.data); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ---- running schedules ----

// RunScheduler fires due schedules at the start of every minute (UTC) until
// ctx ends.
func (e *Emulator) RunScheduler(ctx context.Context) {
	for {
		now := e.now()
		next := now.Truncate(time.Minute).Add(time.Minute)
		timer := time.NewTimer(next.Sub(now))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		e.FireSchedules(ctx, next)
	}
}

// FireSchedules starts a call for every schedule whose cron expression
// matches the minute at, with the schedule's data, scheduleId and
// scheduledTime. A schedule whose function is not Ready, or that would
// break a running-call limit, is skipped and logged. It returns the number
// of calls started.
func (e *Emulator) FireSchedules(ctx context.Context, at time.Time) int {
	at = at.Truncate(time.Minute)
	started := 0
	for _, p := range e.projectList() {
		p.mu.Lock()
		now := e.now()
		for _, sid := range p.schedOrder {
			s := p.schedules[sid]
			if s.created.After(at) || !s.cron.matches(at) {
				continue
			}
			f := p.functions[s.functionID]
			if f == nil {
				continue
			}
			if st := e.functionStatus(f, now); st != fn.FunctionStatusReady {
				e.log.WarnContext(ctx, "scheduled call skipped: function not ready", "project", p.name, "schedule", s.id, "function", f.id, "status", st)
				continue
			}
			if err := e.admit(p, f, now); err != nil {
				e.log.WarnContext(ctx, "scheduled call skipped", "project", p.name, "schedule", s.id, "error", err)
				continue
			}
			data, _ := cloneData(s.data)
			sid := s.id
			c := e.startCall(p, f, now, data, &sid, at)
			e.log.InfoContext(ctx, "scheduled call started", "project", p.name, "schedule", s.id, "function", f.id, "call", c.id)
			started++
		}
		p.mu.Unlock()
	}
	return started
}
