package patternprops

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
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

func decode(t *testing.T, s string) *Thing {
	t.Helper()
	var v Thing
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &v
}

func TestMatchingNamesGoToTheirTypedMap(t *testing.T) {
	in := `{"ext":{"name":"n","x-a":"1","x-b":"22","other":true},` +
		`"metrics":{"m_cpu":0.5,"m_mem":0,"tag_env":"prod","count":3,"m_CPU":4},` +
		`"labels":{"app":{"value":"web"},"tier":{"value":"db"}}}`
	v := decode(t, in)
	if err := v.Validate(); err != nil {
		t.Fatal(err)
	}
	if v.Ext.Name != "n" || len(v.Ext.PatternProperties) != 2 || v.Ext.PatternProperties["x-b"] != "22" {
		t.Fatalf("ext: %+v", v.Ext)
	}
	m := v.Metrics
	if len(m.PatternProperties1) != 2 || m.PatternProperties1["m_cpu"] != 0.5 || m.PatternProperties2["tag_env"] != "prod" {
		t.Fatalf("metrics: %+v", m)
	}
	// Names matching no pattern follow additionalProperties: m_CPU has a capital.
	if len(m.AdditionalProperties) != 2 || m.AdditionalProperties["count"] != 3 || m.AdditionalProperties["m_CPU"] != 4 {
		t.Fatalf("additional: %+v", m.AdditionalProperties)
	}
	if v.Labels.PatternProperties["tier"].Value != "db" {
		t.Fatalf("labels: %+v", v.Labels)
	}
	// additionalProperties: false: a name matching no pattern is not kept.
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"ext":{"name":"n","x-a":"1","x-b":"22"},"metrics":{"m_cpu":0.5,"m_mem":0,"tag_env":"prod","count":3,"m_CPU":4},"labels":{"app":{"value":"web"},"tier":{"value":"db"}}}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	if again := decode(t, string(b)); again.Validate() != nil || len(again.Metrics.PatternProperties1) != 2 {
		t.Fatalf("round trip: %+v", again)
	}
}

func TestPatternValuesAreValidated(t *testing.T) {
	v := decode(t, `{"ext":{"name":"n","x-a":"12345","x-b":"123456"},"metrics":{"m_cpu":-0.1,"m_mem":0},"labels":{"app":{}}}`)
	got := []string{}
	for _, x := range violations(t, v.Validate()) {
		got = append(got, x.Path+" "+x.Rule)
	}
	want := `ext["x-b"] maxLength, metrics["m_cpu"] minimum, labels["app"].value required`
	if strings.Join(got, ", ") != want {
		t.Fatalf("got  %s\nwant %s", strings.Join(got, ", "), want)
	}
	// A value of the wrong type, or null, is a decoding error.
	for _, s := range []string{`{"metrics":{"m_cpu":"high"}}`, `{"metrics":{"tag_a":1}}`, `{"ext":{"name":"n","x-a":null}}`, `{"labels":{"app":"web"}}`, `{"metrics":{"other":1.5}}`} {
		if err := json.Unmarshal([]byte(s), new(Thing)); err == nil {
			t.Errorf("%s decoded", s)
		}
	}
	// A key put in a map by hand must match its pattern.
	th := Thing{Metrics: &Metrics{PatternProperties1: map[string]float64{"cpu": 1}}}
	vs := violations(t, th.Validate())
	if len(vs) != 1 || vs[0].Path != `metrics["cpu"]` || vs[0].Rule != "pattern" {
		t.Fatalf("got %v", vs)
	}
}

func TestNamedPropertiesWinWhenEncoding(t *testing.T) {
	e := Extensible{Name: "a", PatternProperties: map[string]string{"x-z": "1", "x-a": "2"}}
	b, _ := json.Marshal(e)
	if string(b) != `{"name":"a","x-a":"2","x-z":"1"}` {
		t.Fatalf("got %s", b)
	}
	m := Metrics{PatternProperties2: map[string]string{"tag_a": "x"}, AdditionalProperties: map[string]int64{"tag_a": 1, "n": 2}}
	b, _ = json.Marshal(m)
	if string(b) != `{"tag_a":"x","n":2}` {
		t.Fatalf("got %s", b)
	}
	b, _ = json.Marshal(Metrics{})
	if string(b) != `{}` {
		t.Fatalf("got %s", b)
	}
}

type things struct{ UnimplementedHandler }

func (things) PutThing(ctx context.Context, body *Thing) (*Thing, error) { return body, nil }

func TestPatternPropertiesOverHTTP(t *testing.T) {
	srv := httptest.NewServer(NewServer(things{}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.PutThing(context.Background(), &Thing{Labels: &Labels{PatternProperties: map[string]Label{"app": {Value: "web"}}}})
	if err != nil || out.Labels.PatternProperties["app"].Value != "web" {
		t.Fatalf("got %+v, %v", out, err)
	}
	req := httptest.NewRequest("PUT", srv.URL+"/things", strings.NewReader(`{"ext":{"name":"n","x-long":"toolong"}}`))
	req.RequestURI = ""
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), `ext[\"x-long\"]: has 7 characters, more than 5 (maxLength)`) {
		t.Fatalf("got %d %s", resp.StatusCode, b)
	}
}

// Extensible is {name, ^x- pattern properties, additionalProperties:
// false}: a server refuses a property that is neither named nor matched,
// as it does for a closed object without patterns.
func TestClosedObjectWithPatternsRefusesOthers(t *testing.T) {
	for _, tc := range []struct {
		body string
		want int
	}{
		{`{"ext":{"name":"a","x-k":"v"}}`, http.StatusOK},
		{`{"ext":{"name":"a","other":"v"}}`, http.StatusBadRequest},
		{`{"ext":{"name":"a","x-k":"v","other":1}}`, http.StatusBadRequest},
	} {
		req := httptest.NewRequest("PUT", "/things", strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		NewServer(things{}).ServeHTTP(rec, req)
		if rec.Code != tc.want || tc.want == 400 && !strings.Contains(rec.Body.String(), "other") {
			t.Errorf("%s: status %d, want %d (%s)", tc.body, rec.Code, tc.want, rec.Body)
		}
	}
}
