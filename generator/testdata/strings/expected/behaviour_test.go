package strings

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	stdstrings "strings"
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

func rep(s string, n int) string { return stdstrings.Repeat(s, n) }

// Lengths count characters (code points), not bytes; each limit holds at
// its boundary and fails one past it.
func TestStringRules(t *testing.T) {
	for _, tc := range []struct {
		field, value, rule string // empty rule: valid
	}{
		{"username", "a", ""}, {"username", rep("a", 15), ""}, {"username", "ab-9", ""},
		{"username", rep("a", 16), "pattern"}, {"username", "", "pattern"},
		{"username", "Ann", "pattern"}, {"username", "a_b", "pattern"}, {"username", "ab\n", "pattern"},
		{"displayName", "x", ""}, {"displayName", "", "minLength"},
		{"displayName", rep("é", 64), ""}, {"displayName", rep("é", 65), "maxLength"},
		{"displayName", rep("😀", 64), ""},
		{"code", "AB12CD", ""}, {"code", "AB12C", "minLength"}, {"code", "AB12CDE", "maxLength"},
		{"code", "ab12cd", "pattern"}, {"code", "AB 2CD", "pattern"},
		{"bio", rep("b", 280), ""}, {"bio", rep("ü", 281), "maxLength"},
		{"password", "12345678", ""}, {"password", "1234567", "minLength"},
		// Lookarounds, which Go's regexp lacks: a reserved name (a
		// lookahead), and a last character (a lookbehind).
		{"space", "spaces", ""}, {"space", "Cdf", ""}, {"space", "a-", ""}, {"space", rep("a", 43), ""},
		{"space", "space", "pattern"}, {"space", "cdf", "pattern"}, {"space", "-a", "pattern"},
		{"space", rep("a", 44), "pattern"}, {"space", "", "pattern"},
		{"claim", "abc.def", ""}, {"claim", "a", ""}, {"claim", "a:b/c", ""},
		{"claim", "abc.", "pattern"}, {"claim", "a_", "pattern"}, {"claim", ".a", "pattern"}, {"claim", "", "pattern"},
	} {
		a := map[string]string{"username": "ann", "password": "correct horse"}
		a[tc.field] = tc.value
		b, _ := json.Marshal(a)
		var acc Account
		if err := json.Unmarshal(b, &acc); err != nil {
			t.Fatal(err)
		}
		err := acc.Validate()
		if tc.rule == "" {
			if err != nil {
				t.Errorf("%s = %.20q: unexpected %v", tc.field, tc.value, err)
			}
			continue
		}
		vs := violations(t, err)
		if len(vs) != 1 || vs[0].Path != tc.field || vs[0].Rule != tc.rule {
			t.Errorf("%s = %.20q: got %v, want only %s (%s)", tc.field, tc.value, vs, tc.field, tc.rule)
		}
	}
}

func TestSeveralStringViolationsAtOnce(t *testing.T) {
	var acc Account
	if err := json.Unmarshal([]byte(`{"displayName":"","code":"abc"}`), &acc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range violations(t, acc.Validate()) {
		got = append(got, v.Path+" "+v.Rule)
	}
	// Absent values break no rule but required.
	want := "username required|displayName minLength|code minLength|code pattern|password required"
	if stdstrings.Join(got, "|") != want {
		t.Fatalf("got  %s\nwant %s", stdstrings.Join(got, "|"), want)
	}
}

// The password is format: password; validation messages never quote it.
func TestPasswordIsNeverEchoed(t *testing.T) {
	acc := Account{Username: "BAD name", Password: "s3cr!t"}
	err := acc.Validate()
	if err == nil || stdstrings.Contains(err.Error(), "s3cr!t") || stdstrings.Contains(err.Error(), "BAD name") {
		t.Fatalf("error %v quotes a value", err)
	}
}

type accounts struct {
	UnimplementedHandler
	calls atomic.Int32
}

func (h *accounts) CreateAccount(ctx context.Context, body *Account) (*Account, error) {
	h.calls.Add(1)
	return body, nil
}

func TestStringsOverHTTP(t *testing.T) {
	h := &accounts{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	in := &Account{Username: "ann-1", Password: "12345678", DisplayName: Ptr("Ånn <&>"), Code: Ptr("X1Y2Z3")}
	out, err := c.CreateAccount(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if out.Username != "ann-1" || *out.DisplayName != "Ånn <&>" || *out.Code != "X1Y2Z3" || out.Bio != nil {
		t.Fatalf("got %+v", out)
	}
	_, err = c.CreateAccount(context.Background(), &Account{Username: "ann", Password: "short"})
	if vs := violations(t, err); len(vs) != 1 || vs[0].Path != "password" || vs[0].Rule != "minLength" {
		t.Fatalf("got %v", vs)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
	resp, err := http.Post(srv.URL+"/accounts", "application/json", stdstrings.NewReader(`{"username":"ann","password":"pw-leak"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !stdstrings.Contains(string(b), "password") || stdstrings.Contains(string(b), "pw-leak") {
		t.Fatalf("status %d body %s, want 400 naming password without its value", resp.StatusCode, b)
	}
	if n := h.calls.Load(); n != 1 {
		t.Fatalf("handler called %d times, want 1", n)
	}
}
