package enums

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func violations(t *testing.T, err error) []Violation {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %T: %v", err, err)
	}
	return ve.Violations
}

func decodeTask(t *testing.T, s string) *Task {
	t.Helper()
	var v Task
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &v
}

func TestEnumValuesOnTheWire(t *testing.T) {
	b, _ := json.Marshal(Task{Title: "t", Status: StatusNotStarted})
	if string(b) != `{"title":"t","status":"Not Started"}` {
		t.Fatalf("got %s", b)
	}
	k := TaskKindChore
	p := PriorityX3
	b, _ = json.Marshal(Task{Title: "t", Status: StatusX2fa, Priority: &p, Kind: &k})
	if string(b) != `{"title":"t","status":"2fa","priority":3,"kind":"chore"}` {
		t.Fatalf("got %s", b)
	}
	v := decodeTask(t, `{"title":"t","status":"in-progress","priority":2,"kind":"bug"}`)
	if v.Status != StatusInProgress || *v.Priority != PriorityX2 || *v.Kind != TaskKindBug || v.Validate() != nil {
		t.Fatalf("got %+v", v)
	}
}

// A value the spec does not list still decodes, so a newer server does not
// break an older client, and Validate reports it as rule enum.
func TestUnknownEnumValuesDecodeAndFailValidate(t *testing.T) {
	v := decodeTask(t, `{"title":"t","status":"archived","priority":7,"kind":"epic"}`)
	if v.Status != "archived" || *v.Priority != 7 || *v.Kind != "epic" {
		t.Fatalf("unknown values not kept: %+v", v)
	}
	if v.Status.Valid() || v.Priority.Valid() || v.Kind.Valid() || !StatusDone.Valid() || !PriorityX1.Valid() {
		t.Fatal("Valid disagrees with the spec's lists")
	}
	vs := violations(t, v.Validate())
	want := []string{"status", "priority", "kind"}
	if len(vs) != len(want) {
		t.Fatalf("got %v, want enum at %v", vs, want)
	}
	for i, w := range want {
		if vs[i].Path != w || vs[i].Rule != "enum" {
			t.Errorf("violation %d = %+v, want %s (enum)", i, vs[i], w)
		}
	}
	// Enum matching is exact: case and spacing matter.
	for _, s := range []string{"Done", "not started", "in_progress", ""} {
		if Status(s).Valid() || Status(s).Validate() == nil {
			t.Errorf("%q accepted as a Status", s)
		}
	}
	vs = violations(t, decodeTask(t, `{"title":"t"}`).Validate())
	if len(vs) != 1 || vs[0].Path != "status" || vs[0].Rule != "required" {
		t.Fatalf("missing status: got %v", vs)
	}
}

type tasks struct {
	UnimplementedHandler
	calls    atomic.Int32
	mu       sync.Mutex
	rawQuery string
	params   ListTasksParams
}

func (h *tasks) ListTasks(ctx context.Context, params *ListTasksParams) (*[]Task, error) {
	h.calls.Add(1)
	h.mu.Lock()
	h.params = *params
	h.mu.Unlock()
	return &[]Task{{Title: "a", Status: StatusDone}}, nil
}

func (h *tasks) CreateTask(ctx context.Context, body *Task) (*Task, error) {
	h.calls.Add(1)
	return body, nil
}

func TestEnumsOverHTTP(t *testing.T) {
	h := &tasks{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.rawQuery = r.URL.RawQuery
		h.mu.Unlock()
		NewServer(h).ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, so := StatusNotStarted, ListTasksSortDesc
	out, err := c.ListTasks(ctx, &ListTasksParams{Status: &st, Sort: &so})
	if err != nil {
		t.Fatal(err)
	}
	if len(*out) != 1 || (*out)[0].Status != StatusDone {
		t.Fatalf("got %+v", out)
	}
	h.mu.Lock()
	if *h.params.Status != StatusNotStarted || *h.params.Sort != ListTasksSortDesc {
		t.Errorf("server got %+v", h.params)
	}
	if q := h.rawQuery; !strings.Contains(q, "status=Not+Started") && !strings.Contains(q, "status=Not%20Started") {
		t.Errorf("raw query %q does not carry status=Not Started", q)
	}
	h.mu.Unlock()

	// The client refuses unknown values before the network.
	bad := ListTasksSort("sideways")
	_, err = c.ListTasks(ctx, &ListTasksParams{Sort: &bad})
	if vs := violations(t, err); len(vs) != 1 || vs[0].Path != "sort" || vs[0].Rule != "enum" {
		t.Fatalf("got %v", vs)
	}
	_, err = c.CreateTask(ctx, &Task{Title: "t", Status: "archived"})
	if vs := violations(t, err); len(vs) != 1 || vs[0].Path != "status" || vs[0].Rule != "enum" {
		t.Fatalf("got %v", vs)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}

	// The server refuses them too.
	for _, tc := range []struct {
		method, url, body string
		status            int
	}{
		{"GET", "/tasks?sort=sideways", "", 400},
		{"GET", "/tasks?status=2fa&sort=asc", "", 200},
		{"POST", "/tasks", `{"title":"t","status":"done","priority":4}`, 400},
	} {
		resp, err := srv.Client().Do(mustRequest(t, tc.method, srv.URL+tc.url, tc.body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s: status %d body %s, want %d", tc.method, tc.url, resp.StatusCode, b, tc.status)
		}
	}
	if n := h.calls.Load(); n != 2 {
		t.Fatalf("handler called %d times, want 2", n)
	}
}

func mustRequest(t *testing.T, method, url, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// An open enum (x-extensible-enum) lists the values known today: a newer
// one is valid, so the client sends it and the server hands it over, while
// Valid still tells known from new and the schema's other rules hold.
func TestOpenEnumsAcceptNewValues(t *testing.T) {
	v := decodeTask(t, `{"title":"t","status":"done","runtime":"py314","size":3,"region":"east"}`)
	if *v.Runtime != "py314" || *v.Size != 3 || *v.Region != "east" || v.Runtime.Valid() || v.Size.Valid() || v.Region.Valid() ||
		!RuntimePy313.Valid() || !TaskSizeX2.Valid() || !TaskRegionNorth.Valid() {
		t.Fatalf("got %+v", v)
	}
	if err := v.Validate(); err != nil {
		t.Fatalf("values an open enum does not list are refused: %v", err)
	}
	if vs := violations(t, Runtime("python3.14").Validate()); len(vs) != 1 || vs[0].Rule != "maxLength" {
		t.Fatalf("the open enum's maxLength: got %v", vs)
	}

	h := &tasks{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	rt, size := Runtime("py314"), TaskSize(3)
	out, err := c.CreateTask(context.Background(), &Task{Title: "t", Status: StatusDone, Runtime: &rt, Size: &size})
	if err != nil {
		t.Fatalf("a new runtime is refused: %v", err)
	}
	if *out.Runtime != rt || *out.Size != size {
		t.Fatalf("the handler did not get the new values back: %+v", out)
	}
	rt = "python3.14"
	if _, err = c.CreateTask(context.Background(), &Task{Title: "t", Status: StatusDone, Runtime: &rt}); violations(t, err)[0].Path != "runtime" {
		t.Fatalf("got %v", err)
	}
	resp, err := srv.Client().Post(srv.URL+"/tasks", "application/json", strings.NewReader(`{"title":"t","status":"done","runtime":"python3.14"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 || h.calls.Load() != 1 {
		t.Fatalf("the server took a runtime longer than maxLength: status %d, %d calls", resp.StatusCode, h.calls.Load())
	}
}

// An enum of date-times or of base64 strings holds the text the spec lists,
// as Go constants must: it is compared as written, not parsed.
func TestEnumsOfFormattedStrings(t *testing.T) {
	in := `{"title":"t","status":"done","epoch":"1970-01-01T00:00:00Z","magic":"c3BlY2dlbg=="}`
	v := decodeTask(t, in)
	if *v.Epoch != TaskEpochX19700101T000000Z || *v.Magic != TaskMagicC3BlY2dlbg || v.Validate() != nil {
		t.Fatalf("got %+v, %v", v, v.Validate())
	}
	if b, _ := json.Marshal(v); string(b) != in {
		t.Errorf("written back as %s", b)
	}
	v = decodeTask(t, `{"title":"t","status":"done","epoch":"1970-01-01T00:00:00+00:00"}`)
	if vs := violations(t, v.Validate()); len(vs) != 1 || vs[0].Path != "epoch" || vs[0].Rule != "enum" {
		t.Errorf("another spelling of the time: %v", vs)
	}
}

// A list of enum values decodes each as its constant, and keeps one newer
// than the spec as it came.
func TestEnumList(t *testing.T) {
	in := `{"title":"t","status":"done","history":["in-progress","archived","done"]}`
	v := decodeTask(t, in)
	if len(v.History) != 3 || v.History[0] != StatusInProgress || v.History[1] != "archived" || v.History[2] != StatusDone {
		t.Fatalf("got %q", v.History)
	}
	if vs := violations(t, v.Validate()); len(vs) != 1 || vs[0].Path != "history[1]" || vs[0].Rule != "enum" {
		t.Errorf("got %v", vs)
	}
	if b, _ := json.Marshal(v); string(b) != in {
		t.Errorf("written back as %s", b)
	}
	for _, bad := range []string{`{"title":"t","status":"done","history":"done"}`, `{"title":"t","status":"done","history":[1]}`} {
		var x Task
		if err := json.Unmarshal([]byte(bad), &x); err == nil || !strings.Contains(err.Error(), "history") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// An enum written as a oneOf (or anyOf) of constants: each constant is
// named by its title, or by its value where it has none; a closed one
// refuses other values, an open one (x-extensible-enum) takes them.
func TestEnumsWrittenAsConstants(t *testing.T) {
	b, _ := json.Marshal(Task{Title: "t", Status: StatusDone, Phase: Ptr(PhaseWaiting), Order: Ptr(OrderDesc)})
	if string(b) != `{"title":"t","status":"done","phase":"queued","order":"desc"}` {
		t.Fatalf("got %s", b)
	}
	v := decodeTask(t, `{"title":"t","status":"done","phase":"running","order":"asc"}`)
	if *v.Phase != PhaseBusy || *v.Order != OrderAsc || v.Validate() != nil {
		t.Fatalf("got %+v", v)
	}
	if PhaseDone != "done" || !PhaseDone.Valid() || PhasePaused != "paused" {
		t.Fatal("a constant with no title, or a title of no words, is not named by its value")
	}
	v = decodeTask(t, `{"title":"t","status":"done","phase":"stopped","order":"random"}`)
	vs := violations(t, v.Validate())
	if len(vs) != 1 || vs[0].Path != "phase" || vs[0].Rule != "enum" {
		t.Fatalf("a phase the spec does not list, and an order it does not list (open): got %v", vs)
	}
	if v.Order.Valid() || !OrderDesc.Valid() {
		t.Fatal("Valid disagrees with the open enum's list")
	}
}

// A oneOf of constants with a null branch ({type: "null"} or const: null)
// is a nullable enum, untyped constants of which one is not whole are
// numbers, and negative constants are spelled Minus.
func TestConstEnumsWithNullAndNumbers(t *testing.T) {
	v := decodeTask(t, `{"title":"t","status":"done","mode":null,"shade":"dark","gain":1.5,"offset":-3}`)
	if !v.Mode.Set || !v.Mode.Null || v.Validate() != nil {
		t.Fatalf("mode null: got %+v, %v", v.Mode, v.Validate())
	}
	if s, ok := v.Shade.Get(); !ok || s != ShadeDark || *v.Gain != GainX1Point5 || *v.Offset != OffsetMinus3 {
		t.Fatalf("got %+v", v)
	}
	if GainMinus0Point5 != -0.5 || GainX2 != 2 {
		t.Fatal("gain constants")
	}
	b, _ := json.Marshal(Task{Title: "t", Status: StatusDone, Mode: NewNullable(ModeFast), Shade: Null[Shade](), Gain: Ptr(GainX2), Offset: Ptr(OffsetMinus3)})
	if string(b) != `{"title":"t","status":"done","mode":"fast","shade":null,"gain":2,"offset":-3}` {
		t.Fatalf("got %s", b)
	}
	v = decodeTask(t, `{"title":"t","status":"done","mode":"medium","shade":"grey","gain":3,"offset":-2}`)
	vs := violations(t, v.Validate())
	if len(vs) != 4 {
		t.Fatalf("four values the spec does not list: got %v", vs)
	}
	for i, p := range []string{"mode", "shade", "gain", "offset"} {
		if vs[i].Path != p || vs[i].Rule != "enum" {
			t.Errorf("violation %d: got %v, want %s enum", i, vs[i], p)
		}
	}
}
