package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	fn "github.com/specgen/specgen/generated/functions"
)

// Session types, as the Sessions API names them.
const (
	SessionClientCredentials = "CLIENT_CREDENTIALS"
	SessionTokenExchange     = "TOKEN_EXCHANGE"
	SessionOneshot           = "ONESHOT_TOKEN_EXCHANGE"
)

// session is an entry of a project's sessions table. Its nonce binds once:
// to a call or to a schedule.
type session struct {
	id       int64
	typ      string
	clientID string
	nonce    string
	created  time.Time
	bound    time.Time // zero: not bound yet
}

func (s *session) bind(now time.Time) { s.bound = now }

var (
	errNonceUnknown = errors.New("the nonce is unknown in this project")
	errNonceUsed    = errors.New("the nonce has already been used")
	errNonceExpired = errors.New("the nonce has expired")
)

// session returns the unbound, unexpired session of nonce. The caller
// holds p.mu and binds it once the operation is sure to succeed.
func (e *Emulator) session(p *project, nonce string, now time.Time) (*session, error) {
	s := p.sessions[nonce]
	switch {
	case s == nil:
		return nil, errNonceUnknown
	case !s.bound.IsZero():
		return nil, errNonceUsed
	case e.cfg.NonceTTL > 0 && !now.Before(s.created.Add(e.cfg.NonceTTL)):
		return nil, errNonceExpired
	}
	return s, nil
}

// SessionRequest is the body of POST /sessions.
type SessionRequest struct {
	Items []SessionItem `json:"items"`
}

// SessionItem asks for one session: client credentials, or a token
// exchange of the caller's token.
type SessionItem struct {
	ClientID             *string `json:"clientId,omitempty"`
	ClientSecret         *string `json:"clientSecret,omitempty"`
	TokenExchange        *bool   `json:"tokenExchange,omitempty"`
	OneshotTokenExchange *bool   `json:"oneshotTokenExchange,omitempty"`
}

// Session is one item of the POST /sessions response.
type Session struct {
	ID       int64  `json:"id"`
	Type     string `json:"type"`
	Status   string `json:"status"`
	Nonce    string `json:"nonce"`
	ClientID string `json:"clientId,omitempty"`
}

// CreateSessions adds sessions to project and returns their nonces. Any
// client id and secret is accepted.
func (e *Emulator) CreateSessions(projectName string, req *SessionRequest) ([]Session, error) {
	if len(req.Items) != 1 {
		return nil, apiError(http.StatusBadRequest, "items must hold exactly one session")
	}
	p := e.project(projectName)
	var out []Session
	for _, it := range req.Items {
		s := &session{}
		switch {
		case it.ClientID != nil || it.ClientSecret != nil:
			if it.ClientID == nil || *it.ClientID == "" || it.ClientSecret == nil || *it.ClientSecret == "" {
				return nil, apiError(http.StatusBadRequest, "clientId and clientSecret are both required")
			}
			if it.TokenExchange != nil || it.OneshotTokenExchange != nil {
				return nil, apiError(http.StatusBadRequest, "give either client credentials or a token exchange, not both")
			}
			s.typ, s.clientID = SessionClientCredentials, *it.ClientID
		case it.TokenExchange != nil && *it.TokenExchange && it.OneshotTokenExchange == nil:
			s.typ = SessionTokenExchange
		case it.OneshotTokenExchange != nil && *it.OneshotTokenExchange && it.TokenExchange == nil:
			s.typ = SessionOneshot
		default:
			return nil, apiError(http.StatusBadRequest, "each item needs clientId and clientSecret, tokenExchange: true or oneshotTokenExchange: true")
		}
		s.nonce = newNonce()
		p.mu.Lock()
		s.id = e.newID()
		s.created = e.now()
		p.sessions[s.nonce] = s
		p.mu.Unlock()
		out = append(out, Session{ID: s.id, Type: s.typ, Status: "READY", Nonce: s.nonce, ClientID: s.clientID})
	}
	return out, nil
}

func newNonce() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewNonce creates a token-exchange session in project and returns its
// nonce, for programs that drive the Emulator without HTTP.
func (e *Emulator) NewNonce(projectName string) string {
	out, err := e.CreateSessions(projectName, &SessionRequest{Items: []SessionItem{{TokenExchange: fn.Ptr(true)}}})
	if err != nil {
		panic(err) // cannot happen: the request is well formed
	}
	return out[0].Nonce
}
