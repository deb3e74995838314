package security

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// An API key in the query must never appear in an error message.
func TestQueryAPIKeyNotInConnectionError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // connection refused from now on
	c, _ := NewClient(url, WithAPIKeyQueryKey("s3cret-key"), WithRetry(RetryPolicy{MaxAttempts: 1}))
	_, err := c.GetReports(context.Background())
	if err == nil {
		t.Fatal("no error")
	}
	if strings.Contains(err.Error(), "s3cret-key") {
		t.Errorf("the API key is printed in the error: %v", err)
	}
}

func TestQueryAPIKeyNotInTimeoutError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(200 * time.Millisecond)
	}))
	defer srv.Close()
	c, _ := NewClient(srv.URL, WithAPIKeyQueryKey("s3cret-key"))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.GetReports(ctx)
	if err == nil || strings.Contains(err.Error(), "s3cret-key") {
		t.Errorf("the API key is printed in the error: %v", err)
	}
}

// A token source returning "" must not send "Authorization: Bearer ".
func TestEmptyBearerTokenNotSent(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Values("Authorization")
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	c, _ := NewClient(srv.URL, WithBearerTokenSource(func(context.Context) (string, error) { return "", nil }))
	_, err := c.GetMe(context.Background())
	if err == nil || len(got) > 0 || !strings.Contains(err.Error(), "empty") {
		t.Errorf("an empty token: sent %q, err %v; want no request and an error saying why", got, err)
	}
}

// A token with CR/LF: never sent, not printed, and the token source not asked again and again.
func TestBearerTokenWithNewline(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	asked := 0
	c, _ := NewClient(srv.URL, WithRetry(RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}),
		WithBearerTokenSource(func(context.Context) (string, error) { asked++; return "tok\r\nX-Evil: 1", nil }))
	_, err := c.GetMe(context.Background())
	t.Logf("err=%v hits=%d asked=%d", err, hits, asked)
	if err == nil || hits != 0 {
		t.Errorf("sent: err=%v hits=%d", err, hits)
	}
	if err != nil && strings.Contains(err.Error(), "tok") {
		t.Errorf("token printed: %v", err)
	}
	if asked != 1 {
		t.Errorf("a request that can never be sent was retried: token source asked %d times", asked)
	}
}

// A basic-auth user id with a colon cannot be carried (RFC 7617, 2): refuse it.
func TestBasicUserWithColon(t *testing.T) {
	var user, pass string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ = r.BasicAuth()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithBasicAuthSecuritySchemesBasic("ann:admin", "pw"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.WhoAmI(context.Background())
	if err == nil || user != "" || !strings.Contains(err.Error(), "colon") {
		t.Errorf("user %q: %v; the server read user %q password %q", "ann:admin", err, user, pass)
	}
}

// A header API key with a line break: refused at once, never sent nor
// retried (a hook counts the attempts), and never printed.
func TestHeaderAPIKeyWithNewlineNotRetried(t *testing.T) {
	hits, attempts := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithAPIKeyHeaderKey("k\r\nX-Evil: 1"), WithRetry(RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}),
		WithRequestHook(func(*http.Request) error { attempts++; return nil }))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetReports(context.Background())
	if err == nil || hits != 0 || attempts != 1 || strings.Contains(err.Error(), "Evil") {
		t.Errorf("err=%v, %d sent, %d attempts", err, hits, attempts)
	}
}

// No credential follows a redirect to another host: net/http drops
// Authorization and Cookie, the client the API key header.
func TestCredentialsStayWithTheirHost(t *testing.T) {
	for _, c := range []struct {
		header, path string
		opt          ClientOption
		call         func(*Client) error
	}{
		{"X-API-Key", "/reports", WithAPIKeyHeaderKey("s3cret-key"), func(c *Client) error { _, err := c.GetReports(context.Background()); return err }},
		{"Authorization", "/me", WithBearerToken("tok123"), func(c *Client) error { _, err := c.GetMe(context.Background()); return err }},
		{"Cookie", "/session", WithAPIKeyCookieKey("cookiesecret"), func(c *Client) error { _, err := c.GetSession(context.Background()); return err }},
	} {
		var leaked string
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			leaked = r.Header.Get(c.header)
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{}`))
		}))
		defer other.Close()
		// The same loopback address under another name: another host.
		otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
		first := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, otherURL+c.path, http.StatusFound)
		}))
		defer first.Close()
		client, err := NewClient(first.URL, c.opt)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.call(client); err != nil {
			t.Fatal(fmt.Errorf("%s: %w", c.header, err))
		}
		if leaked != "" {
			t.Errorf("%s %q was sent to another host after a redirect", c.header, leaked)
		}
	}
}
