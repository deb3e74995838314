package readwrite

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func paths(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %T: %v", err, err)
	}
	var out []string
	for _, v := range ve.Violations {
		switch v.Rule {
		case "required":
			out = append(out, v.Path)
		case "writeOnly": // a writeOnly value present in a response
			out = append(out, v.Path+"!")
		default:
			t.Errorf("unexpected rule in %+v", v)
		}
	}
	return out
}

func decode(t *testing.T, s string) *User {
	t.Helper()
	var u User
	if err := json.Unmarshal([]byte(s), &u); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &u
}

// readOnly properties are required only in responses, writeOnly ones only
// in requests; plain required ones everywhere; Validate requires neither.
func TestRequiredDependsOnDirection(t *testing.T) {
	for _, tc := range []struct {
		json                string
		any, request, reply string // comma-joined paths reported
	}{
		{`{"email":"a@x"}`, "", "password", "id,createdAt"},
		{`{"email":"a@x","password":"pw"}`, "", "", "id,createdAt,password!"},
		{`{"email":"a@x","id":"u1","createdAt":"2024-01-02T03:04:05Z"}`, "", "password", ""},
		{`{"email":"a@x","id":"u1","createdAt":"2024-01-02T03:04:05Z","password":"pw"}`, "", "", "password!"},
		{`{}`, "email", "password,email", "id,createdAt,email"},
	} {
		u := decode(t, tc.json)
		for _, c := range []struct {
			name string
			err  error
			want string
		}{{"Validate", u.Validate(), tc.any}, {"ValidateRequest", u.ValidateRequest(), tc.request}, {"ValidateResponse", u.ValidateResponse(), tc.reply}} {
			if got := strings.Join(paths(t, c.err), ","); got != c.want {
				t.Errorf("%s %s: required %q, want %q", c.name, tc.json, got, c.want)
			}
		}
	}
}

func TestOptionalReadAndWriteOnlyAreNeverRequired(t *testing.T) {
	u := decode(t, `{"email":"a@x","password":"pw","id":"u","createdAt":"2024-01-02T03:04:05Z"}`)
	if u.LastLogin != nil || u.InviteCode != nil {
		t.Fatalf("got %+v", u)
	}
	if u.ValidateRequest() != nil {
		t.Fatal("lastLogin/inviteCode treated as required")
	}
	// A writeOnly value in a response is itself a violation.
	if err := u.ValidateResponse(); err == nil || !strings.Contains(err.Error(), "password: must not be sent in a response (writeOnly)") {
		t.Fatalf("writeOnly password in a response: %v", err)
	}
	u.Password = nil
	if err := u.ValidateResponse(); err != nil {
		t.Fatalf("lastLogin/inviteCode treated as required: %v", err)
	}
	if !u.CreatedAt.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Fatalf("createdAt = %v", u.CreatedAt)
	}
	if err := json.Unmarshal([]byte(`{"email":"a","createdAt":"yesterday"}`), new(User)); err == nil {
		t.Fatal("a date-time property took \"yesterday\"")
	}
}

type users struct {
	UnimplementedHandler
	calls   atomic.Int32
	sawID   atomic.Bool
	sawPass atomic.Value
}

func (h *users) CreateUser(ctx context.Context, body *User) (*User, error) {
	h.calls.Add(1)
	h.sawID.Store(body.ID != nil)
	h.sawPass.Store(*body.Password)
	created := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	return &User{ID: Ptr("u-1"), CreatedAt: &created, Email: body.Email, DisplayName: body.DisplayName}, nil
}

func TestCreateUserOverHTTP(t *testing.T) {
	h := &users{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	out, err := c.CreateUser(ctx, &User{Email: "a@x", Password: Ptr("s3cret"), DisplayName: Ptr("Ann")})
	if err != nil {
		t.Fatal(err)
	}
	if h.sawID.Load() || h.sawPass.Load() != "s3cret" {
		t.Errorf("server saw id %v password %v", h.sawID.Load(), h.sawPass.Load())
	}
	if *out.ID != "u-1" || !out.CreatedAt.Equal(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)) || out.Password != nil || *out.DisplayName != "Ann" {
		t.Fatalf("got %+v", out)
	}
	if err := out.ValidateResponse(); err != nil {
		t.Fatalf("the server's answer is not a valid response: %v", err)
	}

	// No password: refused by the client before it is sent ...
	_, err = c.CreateUser(ctx, &User{Email: "a@x"})
	if got := strings.Join(paths(t, err), ","); got != "password" {
		t.Fatalf("got %q", got)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
	// ... and by the server; a request without the readOnly id is fine.
	for _, tc := range []struct {
		body   string
		status int
	}{
		{`{"email":"a@x"}`, 400},
		{`{"email":"a@x","password":"pw"}`, 201},
	} {
		resp, err := http.Post(srv.URL+"/users", "application/json", strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || (tc.status == 400 && !strings.Contains(string(b), "password")) {
			t.Errorf("%s: status %d body %s, want %d", tc.body, resp.StatusCode, b, tc.status)
		}
	}
}
