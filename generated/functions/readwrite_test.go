package functions_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	fn "github.com/specgen/specgen/generated/functions"
)

// One schema serves creates and answers: the client leaves the readOnly
// properties out of what it sends, the server the writeOnly ones (indexUrl
// may carry credentials) out of what it answers; MarshalJSON keeps both.

var (
	functionReadOnly  = []string{"id", "status", "createdTime", "lastCalled", "runtimeVersion", "error"}
	functionWriteOnly = []string{"indexUrl", "extraIndexUrls"}
	scheduleReadOnly  = []string{"id", "createdTime", "when", "sessionId"}
	scheduleWriteOnly = []string{"data", "nonce"}
)

// stored answers with what it keeps, as a store would: every property,
// writeOnly ones included.
type stored struct {
	fake
}

func storedFunction(id fn.CogniteInternalId) fn.Function {
	f := sampleFunction(id)
	f.LastCalled, f.RuntimeVersion = fn.Ptr(fn.EpochTimestamp(2)), fn.Ptr("py313-1")
	f.Error = &fn.FunctionBuildError{Message: "none"}
	f.IndexURL, f.ExtraIndexURLs = fn.Ptr("https://user:secret@pypi.example.com/simple"), []string{"https://extra.example.com/simple"}
	return f
}

func storedSchedule(id fn.CogniteInternalId) fn.FunctionSchedule {
	s := sampleSchedule(id)
	s.Data, s.Nonce = map[string]any{"k": "v"}, fn.Ptr("n-1")
	return s
}

func (s *stored) GetFunction(ctx context.Context, id fn.CogniteInternalId) (*fn.Function, error) {
	f := storedFunction(id)
	return &f, nil
}

func (s *stored) CreateFunctions(ctx context.Context, body *fn.FunctionCreateRequest) (*fn.FunctionList, error) {
	out := make([]fn.Function, len(body.Items))
	for i, in := range body.Items {
		out[i] = storedFunction(fn.CogniteInternalId(100 + i))
		out[i].Name, out[i].IndexURL = in.Name, in.IndexURL
	}
	return &fn.FunctionList{Items: out}, nil
}

func (s *stored) GetSchedule(ctx context.Context, id fn.CogniteInternalId) (*fn.FunctionSchedule, error) {
	sc := storedSchedule(id)
	return &sc, nil
}

func (s *stored) CreateSchedules(ctx context.Context, body *fn.ScheduleCreateRequest) (*fn.ScheduleList, error) {
	return &fn.ScheduleList{Items: []fn.FunctionSchedule{storedSchedule(9)}}, nil
}

// topKeys returns the keys of the objects of a JSON document's items list,
// or of the document itself when it has none.
func topKeys(t *testing.T, data []byte) [][]string {
	t.Helper()
	var doc struct {
		Items []map[string]json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	if doc.Items == nil {
		var one map[string]json.RawMessage
		if err := json.Unmarshal(data, &one); err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		doc.Items = append(doc.Items, one)
	}
	var out [][]string
	for _, o := range doc.Items {
		var ks []string
		for k := range o {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		out = append(out, ks)
	}
	return out
}

func checkSide(t *testing.T, what string, data []byte, want, absent []string) {
	t.Helper()
	for _, ks := range topKeys(t, data) {
		for _, k := range want {
			if !slices.Contains(ks, k) {
				t.Errorf("%s lacks %q: %s", what, k, data)
			}
		}
		for _, k := range absent {
			if slices.Contains(ks, k) {
				t.Errorf("%s has %q: %s", what, k, data)
			}
		}
	}
}

func TestReadOnlyAndWriteOnlyStayOnTheirSide(t *testing.T) {
	var mu sync.Mutex
	sent, answered := map[string][]byte{}, map[string][]byte{}
	inner := fn.NewServer(&stored{}, append(security, fn.WithResponseValidation())...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, r)
		mu.Lock()
		sent[r.Method+" "+r.URL.Path], answered[r.Method+" "+r.URL.Path] = b, rec.Body.Bytes()
		mu.Unlock()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	}))
	defer srv.Close()
	c, err := fn.NewClient(srv.URL, fn.WithHTTPClient(srv.Client()), bearer("admin"), fn.WithStrict())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// Read a function and create it again, with the credentials it needs.
	got, err := c.GetFunction(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	checkSide(t, "getFunction's answer", answered["GET /functions/5"], functionReadOnly, functionWriteOnly)
	if got.IndexURL != nil || got.ExtraIndexURLs != nil || got.ID == nil || got.Error == nil {
		t.Errorf("got %+v", got)
	}
	again := *got
	again.IndexURL, again.ExtraIndexURLs = fn.Ptr("https://user:secret@pypi.example.com/simple"), []string{"https://extra.example.com/simple"}
	created, err := c.CreateFunctions(ctx, &fn.FunctionCreateRequest{Items: []fn.Function{again}})
	if err != nil {
		t.Fatal(err)
	}
	checkSide(t, "createFunctions' request", sent["POST /functions"], append([]string{"name", "fileId"}, functionWriteOnly...), functionReadOnly)
	checkSide(t, "createFunctions' answer", answered["POST /functions"], functionReadOnly, functionWriteOnly)
	if bytes.Contains(answered["POST /functions"], []byte("secret")) || created.Items[0].IndexURL != nil || *created.Items[0].ID != 100 {
		t.Errorf("created %+v from %s", created.Items[0], answered["POST /functions"])
	}
	if again.ID == nil || *again.ID != 5 {
		t.Errorf("the function sent lost its id: %+v", again)
	}

	// The same for a schedule.
	sc, err := c.GetSchedule(ctx, 8)
	if err != nil {
		t.Fatal(err)
	}
	checkSide(t, "getSchedule's answer", answered["GET /functions/schedules/8"], scheduleReadOnly, scheduleWriteOnly)
	sc.Data, sc.Nonce = map[string]any{"k": "v"}, fn.Ptr("n-2")
	if _, err := c.CreateSchedules(ctx, &fn.ScheduleCreateRequest{Items: []fn.FunctionSchedule{*sc}}); err != nil {
		t.Fatal(err)
	}
	checkSide(t, "createSchedules' request", sent["POST /functions/schedules"], append([]string{"name", "cronExpression"}, scheduleWriteOnly...), scheduleReadOnly)
	checkSide(t, "createSchedules' answer", answered["POST /functions/schedules"], scheduleReadOnly, scheduleWriteOnly)

	// A value stored as JSON keeps everything.
	b, err := json.Marshal(storedFunction(1))
	if err != nil {
		t.Fatal(err)
	}
	checkSide(t, "json.Marshal", b, append(functionReadOnly, functionWriteOnly...), nil)
}
