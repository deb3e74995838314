package values

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
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

// rules returns "path rule" of each violation.
func rules(t *testing.T, err error) []string {
	t.Helper()
	var out []string
	for _, v := range violations(t, err) {
		out = append(out, v.Path+" "+v.Rule)
	}
	return out
}

func decode(t *testing.T, s string) *Settings {
	t.Helper()
	var v Settings
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &v
}

const valid = `{"version":2,"kind":"settings","ratio":2.5,"precision":0.75,"level":20,"enabled":true,"disabled":false,"answer":"yes","scale":1.5,"origin":{"y":0,"x":0.0},"tags":["a","b"]}`

func TestNumberEnumsAreTypedConstants(t *testing.T) {
	for _, r := range []Ratio{RatioX0Point5, RatioX1, RatioX2Point5, RatioMinus1} {
		if !r.Valid() {
			t.Errorf("%v is listed but not Valid", r)
		}
	}
	if RatioX0Point5 != 0.5 || RatioMinus1 != -1 || PrecisionX0Point25 != 0.25 || LevelX30 != 30 {
		t.Fatal("constants hold the wrong values")
	}
	// Boundaries: values next to listed ones are not in the list.
	for _, r := range []Ratio{0.49999, 1.0000001, 0, -2, 2.4} {
		if r.Valid() {
			t.Errorf("%v is Valid", r)
		}
	}
	if Precision(0.5).Valid() || Level(11).Valid() || !Level(10).Valid() {
		t.Fatal("Valid disagrees with the lists of Precision and Level")
	}
}

func TestValidSettingsRoundTrip(t *testing.T) {
	v := decode(t, valid)
	if err := v.Validate(); err != nil {
		t.Fatalf("valid settings: %v", err)
	}
	if v.Ratio != RatioX2Point5 || *v.Precision != PrecisionX0Point75 || *v.Level != LevelX20 || !v.Enabled || string(v.Answer) != `"yes"` {
		t.Fatalf("got %+v", v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	again := decode(t, string(b))
	if again.Validate() != nil || again.Ratio != v.Ratio || *again.Precision != *v.Precision {
		t.Fatalf("round trip changed the value: %s", b)
	}
	// Each listed answer of each kind is accepted.
	for _, a := range []string{`"yes"`, `1`, `1.0`, `true`} {
		if err := decode(t, `{"version":2,"ratio":1,"enabled":true,"answer":`+a+`}`).Validate(); err != nil {
			t.Errorf("answer %s: %v", a, err)
		}
	}
}

func TestUnlistedValuesDecodeAndFailValidate(t *testing.T) {
	v := decode(t, `{"version":3,"kind":"other","ratio":3,"precision":0.5,"level":11,"enabled":false,"disabled":true,"answer":"no","scale":1.25,"origin":{"x":1,"y":0},"tags":["b","a"]}`)
	if v.Ratio != 3 || *v.Level != 11 {
		t.Fatalf("unknown values not kept: %+v", v)
	}
	got := strings.Join(rules(t, v.Validate()), ", ")
	want := "version const, kind const, ratio enum, precision enum, level enum, enabled enum, disabled const, answer enum, scale const, origin const, tags const"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	msgs := map[string]string{}
	for _, x := range violations(t, v.Validate()) {
		msgs[x.Path] = x.Message
	}
	if msgs["ratio"] != "must be one of 0.5, 1, 2.5, -1" || msgs["enabled"] != "must be true" || msgs["version"] != "must be 2" ||
		msgs["answer"] != `must be one of "yes", 1, true, null` || msgs["kind"] != `must be "settings"` {
		t.Fatalf("messages: %v", msgs)
	}
	// Other kinds than the listed ones, for the mixed enum.
	for _, a := range []string{`"Yes"`, `2`, `false`, `[]`, `{}`} {
		vs := rules(t, decode(t, `{"version":2,"ratio":1,"enabled":true,"answer":`+a+`}`).Validate())
		if len(vs) != 1 || vs[0] != "answer enum" {
			t.Errorf("answer %s: %v", a, vs)
		}
	}
}

type store struct {
	UnimplementedHandler
	got *Settings
}

func (s *store) PutSettings(ctx context.Context, body *Settings, params *PutSettingsParams) (*Settings, error) {
	s.got = body
	return body, nil
}

func TestEnumsOverHTTP(t *testing.T) {
	h := &store{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r := RatioMinus1
	out, err := c.PutSettings(ctx, &Settings{Version: 2, Ratio: RatioX0Point5, Enabled: true}, &PutSettingsParams{Ratio: &r})
	if err != nil || out.Ratio != RatioX0Point5 {
		t.Fatalf("got %+v, %v", out, err)
	}
	// The client refuses a body that breaks a const or an enum.
	_, err = c.PutSettings(ctx, &Settings{Version: 1, Ratio: RatioX1, Enabled: true}, nil)
	if vs := rules(t, err); len(vs) != 1 || vs[0] != "version const" {
		t.Fatalf("got %v", vs)
	}
	r = 7
	_, err = c.PutSettings(ctx, &Settings{Version: 2, Ratio: RatioX1, Enabled: true}, &PutSettingsParams{Ratio: &r})
	if vs := rules(t, err); len(vs) != 1 || vs[0] != "ratio enum" {
		t.Fatalf("got %v", vs)
	}
	// The server refuses them too.
	req := httptest.NewRequest("PUT", srv.URL+"/settings?ratio=0.25", strings.NewReader(`{"version":2,"ratio":1,"enabled":false}`))
	req.RequestURI = ""
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(body["message"].(string), "ratio: must be one of 0.5, 1, 2.5, -1 (enum)") || !strings.Contains(body["message"].(string), "enabled: must be true (enum)") {
		t.Fatalf("got %d %v", resp.StatusCode, body)
	}
}

// A named boolean that must be true (Consent) checks its value as a bool.
func TestNamedBooleanEnum(t *testing.T) {
	if err := Consent(true).Validate(); err != nil {
		t.Errorf("true: %v", err)
	}
	err := Consent(false).Validate()
	if err == nil || !strings.Contains(err.Error(), "must be true") {
		t.Errorf("false: %v, want must be true", err)
	}
	s := Settings{Version: 2, Ratio: RatioX0Point5, Enabled: true, Consent: Ptr(Consent(false))}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "consent") {
		t.Errorf("a false consent in Settings: %v", err)
	}
}
