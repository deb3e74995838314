package readwrite

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The client leaves readOnly properties out of the JSON it sends, the
// server writeOnly ones out of the JSON it answers, at any depth; MarshalJSON
// writes both.

var created = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// full is a User with every property set.
func full(n string) User {
	return User{ID: Ptr("u-" + n), CreatedAt: &created, Password: Ptr("pw-" + n), Email: n + "@x",
		LastLogin: &created, InviteCode: Ptr("code-" + n), DisplayName: Ptr("Ann " + n)}
}

func fullTeam() *Team {
	return &Team{Name: "t", Lead: Ptr(full("lead")), Members: []User{full("m1"), full("m2")},
		Shifts: [][]User{{full("s1")}, nil, {}}, ByRole: map[string]User{"b": full("b"), "a": full("a")}}
}

var (
	readOnlyKeys  = []string{"id", "createdAt", "lastLogin"}
	writeOnlyKeys = []string{"password", "inviteCode"}
)

// keys returns every object key of a JSON document, at any depth, with
// how many times it is there.
func keys(t *testing.T, data []byte) map[string]int {
	t.Helper()
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	out := map[string]int{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				out[k]++
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	return out
}

// checkKeys fails unless data has every key of want (n times) and none of
// absent.
func checkKeys(t *testing.T, what string, data []byte, n int, want, absent []string) {
	t.Helper()
	got := keys(t, data)
	for _, k := range want {
		if got[k] != n {
			t.Errorf("%s: %q is there %d times, want %d: %s", what, k, got[k], n, data)
		}
	}
	for _, k := range absent {
		if got[k] != 0 {
			t.Errorf("%s: %q is there: %s", what, k, data)
		}
	}
}

// recorder is a server that keeps the request bodies it gets and answers
// each with the JSON answer.
type recorder struct {
	mu     sync.Mutex
	bodies map[string][]byte
	answer string
	status int
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.bodies[r.URL.Path] = b
	rec.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rec.status)
	io.WriteString(w, rec.answer)
}

func TestClientLeavesReadOnlyOut(t *testing.T) {
	rec := &recorder{bodies: map[string][]byte{}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// A user read from the server and sent back as it is: the property
	// order is the spec's, the readOnly ones are gone, the required one (id)
	// too.
	rec.answer, rec.status = `{"id":"u-1","createdAt":"2024-05-01T12:00:00Z","email":"1@x"}`, 201
	u := full("1")
	if _, err := c.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	if got, want := string(rec.bodies["/users"]), `{"password":"pw-1","email":"1@x","inviteCode":"code-1","displayName":"Ann 1"}`; got != want {
		t.Errorf("createUser sent %s, want %s", got, want)
	}
	if u.ID == nil || u.CreatedAt == nil || u.LastLogin == nil {
		t.Errorf("the user sent lost its readOnly values: %+v", u)
	}

	// Users in an object, a list, a list of lists and a map.
	rec.answer = `{"name":"t"}`
	if _, err := c.CreateTeam(ctx, fullTeam()); err != nil {
		t.Fatal(err)
	}
	checkKeys(t, "createTeam", rec.bodies["/teams"], 6, append([]string{"email"}, writeOnlyKeys...), readOnlyKeys)
	if !bytes.Contains(rec.bodies["/teams"], []byte(`"shifts":[[{"password":"pw-s1",`)) || !bytes.Contains(rec.bodies["/teams"], []byte(`,null,[]]`)) {
		t.Errorf("createTeam sent %s", rec.bodies["/teams"])
	}

	// A body that is a list of no named type.
	rec.answer, rec.status = `[]`, 200
	if _, err := c.ImportUsers(ctx, &[]User{full("1"), full("2")}); err != nil {
		t.Fatal(err)
	}
	checkKeys(t, "importUsers", rec.bodies["/users/import"], 2, append([]string{"email"}, writeOnlyKeys...), readOnlyKeys)
}

// storedUsers is a handler that answers with everything it knows, writeOnly
// values included, as a handler returning a stored value does.
type storedUsers struct {
	UnimplementedHandler
	noID bool // answer users without their id, which a response requires
}

func (h *storedUsers) user(n string) User {
	u := full(n)
	if h.noID {
		u.ID = nil
	}
	return u
}

func (h *storedUsers) CreateUser(ctx context.Context, body *User) (*User, error) {
	u := h.user("1")
	return &u, nil
}

func (h *storedUsers) ListUsers(ctx context.Context) (*ListUsersResult, error) {
	return &ListUsersResult{OK: &[]User{h.user("1"), h.user("2")}, XTotalCount: Ptr[int64](2)}, nil
}

func (h *storedUsers) ImportUsers(ctx context.Context, body *[]User) (*Users, error) {
	return &Users{h.user("1"), h.user("2")}, nil
}

func (h *storedUsers) CreateTeam(ctx context.Context, body *Team) (*Team, error) {
	return fullTeam(), nil
}

func send(t *testing.T, srv *httptest.Server, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

const userBody = `{"email":"a@x","password":"pw"}`

// The server leaves writeOnly values out of its answers, and response
// validation does not refuse a result that has some; it still requires
// the readOnly properties a response must have.
func TestServerLeavesWriteOnlyOut(t *testing.T) {
	for _, validate := range []bool{false, true} {
		opts := []ServerOption{WithLogger(slog.New(slog.DiscardHandler))}
		if validate {
			opts = append(opts, WithResponseValidation())
		}
		srv := httptest.NewServer(NewServer(&storedUsers{}, opts...))
		defer srv.Close()
		for _, tc := range []struct {
			method, path, body string
			status, n          int // how many users the answer holds
		}{
			{"POST", "/users", userBody, 201, 1},
			{"GET", "/users", "", 200, 2},
			{"POST", "/users/import", "[" + userBody + "]", 200, 2},
			{"POST", "/teams", `{"name":"t"}`, 201, 6},
		} {
			status, b := send(t, srv, tc.method, tc.path, tc.body)
			if status != tc.status {
				t.Errorf("validate=%v %s %s: status %d, want %d: %s", validate, tc.method, tc.path, status, tc.status, b)
				continue
			}
			checkKeys(t, tc.method+" "+tc.path, b, tc.n, append([]string{"email"}, readOnlyKeys...), writeOnlyKeys)
		}
		_, b := send(t, srv, "POST", "/users", userBody)
		if got, want := string(bytes.TrimSpace(b)), `{"id":"u-1","createdAt":"2024-05-01T12:00:00Z","email":"1@x","lastLogin":"2024-05-01T12:00:00Z","displayName":"Ann 1"}`; got != want {
			t.Errorf("createUser answered %s, want %s", got, want)
		}
	}

	// A result without the id every response must have: refused when the
	// server validates responses, at the top and in a list.
	srv := httptest.NewServer(NewServer(&storedUsers{noID: true}, WithResponseValidation(), WithLogger(slog.New(slog.DiscardHandler))))
	defer srv.Close()
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "/users", userBody},
		{"GET", "/users", ""},
		{"POST", "/users/import", "[" + userBody + "]"},
	} {
		if status, b := send(t, srv, tc.method, tc.path, tc.body); status != 500 {
			t.Errorf("%s %s without an id: status %d: %s", tc.method, tc.path, status, b)
		}
	}
}

// A writeOnly value a server does send is still reported by a strict
// client, at the top and in a list.
func TestStrictClientReportsWriteOnlyInAnswers(t *testing.T) {
	rec := &recorder{bodies: map[string][]byte{}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()), WithStrict())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rec.answer, rec.status = `{"id":"u","createdAt":"2024-05-01T12:00:00Z","email":"a@x","password":"leaked"}`, 201
	if _, err := c.CreateUser(ctx, &User{Email: "a@x", Password: Ptr("pw")}); err == nil || !strings.Contains(err.Error(), "password: must not be sent in a response (writeOnly)") {
		t.Errorf("createUser: %v", err)
	}
	rec.answer, rec.status = `[{"id":"u","createdAt":"2024-05-01T12:00:00Z","email":"a@x","inviteCode":"leaked"}]`, 200
	if _, err := c.ImportUsers(ctx, &[]User{{Email: "a@x", Password: Ptr("pw")}}); err == nil || !strings.Contains(err.Error(), "inviteCode: must not be sent in a response (writeOnly)") {
		t.Errorf("importUsers: %v", err)
	}
	rec.answer = `[{"id":"u","createdAt":"2024-05-01T12:00:00Z","email":"a@x"}]`
	if _, err := c.ImportUsers(ctx, &[]User{{Email: "a@x", Password: Ptr("pw")}}); err != nil {
		t.Errorf("importUsers, a valid answer: %v", err)
	}
}

// json.Marshal (and so MarshalJSON) writes every property: a value stored
// as JSON and read back is the same.
func TestMarshalJSONKeepsEverything(t *testing.T) {
	all := append(append([]string{"email", "displayName"}, readOnlyKeys...), writeOnlyKeys...)
	for _, tc := range []struct {
		name string
		v    any
		n    int
	}{
		{"user", full("1"), 1},
		{"*user", Ptr(full("1")), 1},
		{"team", fullTeam(), 6},
		{"users", Users{full("1"), full("2")}, 2},
		{"[]user", []User{full("1")}, 1},
	} {
		b, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatal(err)
		}
		checkKeys(t, tc.name, b, tc.n, all, nil)
	}
	b, err := json.Marshal(fullTeam())
	if err != nil {
		t.Fatal(err)
	}
	var back Team
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if b2, _ := json.Marshal(&back); !bytes.Equal(b, b2) {
		t.Errorf("a team read back writes\n%s\nnot\n%s", b2, b)
	}
	if got := slices.Sorted(maps.Keys(back.ByRole)); !slices.Equal(got, []string{"a", "b"}) || *back.ByRole["a"].Password != "pw-a" || *back.Shifts[0][0].ID != "u-s1" {
		t.Errorf("read back: %+v", back)
	}
}

// Encoding in both directions from many goroutines at once: each encoding
// has its own encoder and sink (go test -race).
func TestLeavingOutConcurrently(t *testing.T) {
	srv := httptest.NewServer(NewServer(&storedUsers{}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				out, err := c.CreateTeam(context.Background(), fullTeam())
				if err != nil {
					t.Error(err)
					return
				}
				if out.Lead == nil || out.Lead.Password != nil || out.Lead.ID == nil || out.Shifts[0][0].InviteCode != nil {
					t.Errorf("got %+v", out)
					return
				}
			}
		})
	}
	wg.Wait()
}

// Properties of every shape, some written even when empty (x-omitempty:
// false), each left out on its side.
var (
	profileReadOnly  = []string{"tags", "seen", "note", "owner", "level", "rank", "aliases"}
	profileWriteOnly = []string{"score", "avatar", "extra", "grid", "labels", "kind", "hint"}
)

func fullProfile() *Profile {
	return &Profile{Name: "p", Tags: []string{"t"}, Seen: &created, Note: NewNullable("n"), Owner: Ptr(full("o")),
		Level: Ptr[int32](3), Score: NewNullable(1.5), Avatar: []byte("img"), Extra: json.RawMessage(`{"x":1}`),
		Grid: [][]int64{{1}}, Labels: map[string]string{"k": "v"}, Kind: Ptr(ProfileKindA), Rank: Ptr[int64](1),
		Aliases: []string{"al"}, Hint: NewNullable("h")}
}

func (h *storedUsers) PutProfile(ctx context.Context, body *Profile) (*Profile, error) {
	return fullProfile(), nil
}

func TestEveryShapeIsLeftOut(t *testing.T) {
	rec := &recorder{bodies: map[string][]byte{}, answer: `{"name":"p"}`, status: 200}
	up := httptest.NewServer(rec)
	defer up.Close()
	c, err := NewClient(up.URL, WithHTTPClient(up.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutProfile(context.Background(), fullProfile()); err != nil {
		t.Fatal(err)
	}
	checkKeys(t, "the request", rec.bodies["/profile"], 1, append([]string{"name"}, profileWriteOnly...), profileReadOnly)

	srv := httptest.NewServer(NewServer(&storedUsers{}, WithResponseValidation(), WithLogger(slog.New(slog.DiscardHandler))))
	defer srv.Close()
	status, b := send(t, srv, "PUT", "/profile", `{"name":"p"}`)
	if status != 200 {
		t.Fatalf("status %d: %s", status, b)
	}
	checkKeys(t, "the answer", b, 1, append([]string{"name"}, profileReadOnly...), append([]string{"password", "inviteCode"}, profileWriteOnly...))

	b, err = json.Marshal(fullProfile())
	if err != nil {
		t.Fatal(err)
	}
	checkKeys(t, "json.Marshal", b, 1, append(profileReadOnly, profileWriteOnly...), nil)
	var back Profile
	if err := json.Unmarshal(b, &back); err != nil || !bytes.Equal(back.Avatar, []byte("img")) || *back.Rank != 1 || back.Hint.Value != "h" {
		t.Errorf("read back %+v, %v", back, err)
	}
}
