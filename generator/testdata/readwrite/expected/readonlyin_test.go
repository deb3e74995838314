package readwrite

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// A server ignores the readOnly properties a request carries, at any
// depth: the handler sees them unset, as if the client had left them out,
// and the request is not refused. Everything else decodes as it is.

// received records the bodies the handlers were given.
type received struct {
	storedUsers
	mu      sync.Mutex
	user    *User
	users   []User
	team    *Team
	profile *Profile
}

func (h *received) CreateUser(ctx context.Context, body *User) (*User, error) {
	h.mu.Lock()
	h.user = body
	h.mu.Unlock()
	return h.storedUsers.CreateUser(ctx, body)
}

func (h *received) ImportUsers(ctx context.Context, body *[]User) (*Users, error) {
	h.mu.Lock()
	h.users = *body
	h.mu.Unlock()
	return h.storedUsers.ImportUsers(ctx, body)
}

func (h *received) CreateTeam(ctx context.Context, body *Team) (*Team, error) {
	h.mu.Lock()
	h.team = body
	h.mu.Unlock()
	return h.storedUsers.CreateTeam(ctx, body)
}

func (h *received) PutProfile(ctx context.Context, body *Profile) (*Profile, error) {
	h.mu.Lock()
	h.profile = body
	h.mu.Unlock()
	return h.storedUsers.PutProfile(ctx, body)
}

// sentUser is a user as a client that echoes what it read would send it:
// with the readOnly id, createdAt and lastLogin.
const sentUser = `{"id":"u-9","createdAt":"2024-05-01T12:00:00Z","lastLogin":"2024-05-02T12:00:00Z","email":"a@x","password":"pw","displayName":"Ann"}`

// checkUser fails unless u is sentUser without its readOnly properties.
func checkUser(t *testing.T, where string, u *User) {
	t.Helper()
	if u == nil {
		t.Errorf("%s: no user", where)
		return
	}
	if u.ID != nil || u.CreatedAt != nil || u.LastLogin != nil {
		t.Errorf("%s: the handler was given readOnly values: id %v, createdAt %v, lastLogin %v", where, u.ID, u.CreatedAt, u.LastLogin)
	}
	if u.Email != "a@x" || u.Password == nil || *u.Password != "pw" || u.DisplayName == nil || *u.DisplayName != "Ann" {
		t.Errorf("%s: the other properties were not kept: %+v", where, u)
	}
}

func TestServerIgnoresReadOnlyInRequests(t *testing.T) {
	h := &received{}
	srv := httptest.NewServer(NewServer(h, WithResponseValidation()))
	defer srv.Close()

	if code, b := send(t, srv, http.MethodPost, "/users", sentUser); code != http.StatusCreated {
		t.Fatalf("create user: %d %s", code, b)
	}
	checkUser(t, "user", h.user)

	if code, b := send(t, srv, http.MethodPost, "/users/import", "["+sentUser+","+sentUser+"]"); code != http.StatusOK {
		t.Fatalf("import users: %d %s", code, b)
	}
	if len(h.users) != 2 {
		t.Fatalf("imported %d users, want 2", len(h.users))
	}
	for i := range h.users {
		checkUser(t, "imported user", &h.users[i])
	}

	team := `{"name":"t","lead":` + sentUser + `,"members":[` + sentUser + `],"shifts":[[` + sentUser + `]],"byRole":{"a":` + sentUser + `}}`
	if code, b := send(t, srv, http.MethodPost, "/teams", team); code != http.StatusCreated {
		t.Fatalf("create team: %d %s", code, b)
	}
	if tm := h.team; tm == nil || tm.Name != "t" || len(tm.Members) != 1 || len(tm.Shifts) != 1 || len(tm.Shifts[0]) != 1 || len(tm.ByRole) != 1 {
		t.Fatalf("team: %+v", h.team)
	}
	checkUser(t, "lead", h.team.Lead)
	checkUser(t, "member", &h.team.Members[0])
	checkUser(t, "shift", &h.team.Shifts[0][0])
	lead := h.team.ByRole["a"]
	checkUser(t, "by role", &lead)

	// Every shape of readOnly property: a list, a time, a nullable, an
	// object, integers, kept-empty lists.
	profile := `{"name":"p","tags":["x"],"seen":"2024-05-01T12:00:00Z","note":"n","owner":` + sentUser +
		`,"level":3,"rank":4,"aliases":["y"],"avatar":"AQI=","kind":"a"}`
	if code, b := send(t, srv, http.MethodPut, "/profile", profile); code != http.StatusOK {
		t.Fatalf("put profile: %d %s", code, b)
	}
	p := h.profile
	if p == nil {
		t.Fatal("no profile")
	}
	if p.Tags != nil || p.Seen != nil || p.Note.Set || p.Owner != nil || p.Level != nil || p.Rank != nil || p.Aliases != nil {
		t.Errorf("the handler was given readOnly values: %+v", p)
	}
	if p.Name != "p" || string(p.Avatar) != "\x01\x02" || p.Kind == nil || *p.Kind != "a" {
		t.Errorf("the other properties were not kept: %+v", p)
	}

	// A list body's items are decoded as parts of the request: a null
	// item, which the schema does not allow, is refused where it is.
	if code, b := send(t, srv, http.MethodPost, "/users/import", "["+sentUser+",null]"); code != http.StatusBadRequest || !strings.Contains(string(b), "[1]") {
		t.Errorf("a null user in a list body: %d %s, want 400 naming [1]", code, b)
	}

	// A malformed readOnly value is still refused: it is read, then
	// dropped.
	if code, b := send(t, srv, http.MethodPost, "/users", `{"id":5,"email":"a@x","password":"pw"}`); code != http.StatusBadRequest {
		t.Errorf("a readOnly id that is no string: %d %s, want 400", code, b)
	}
}

// Decoding anywhere else (a client's answers, json.Unmarshal) keeps them.
func TestDecodingKeepsReadOnly(t *testing.T) {
	var u User
	if err := json.Unmarshal([]byte(sentUser), &u); err != nil {
		t.Fatal(err)
	}
	if u.ID == nil || *u.ID != "u-9" || u.CreatedAt == nil || u.LastLogin == nil {
		t.Errorf("json.Unmarshal dropped readOnly values: %+v", u)
	}
	srv := httptest.NewServer(&recorder{bodies: map[string][]byte{}, status: http.StatusCreated, answer: sentUser})
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.CreateUser(context.Background(), &User{Email: "a@x", Password: Ptr("pw")})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID == nil || *got.ID != "u-9" || got.CreatedAt == nil || got.LastLogin == nil {
		t.Errorf("the client dropped readOnly values of an answer: %+v", got)
	}
}
