package allof

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
)

func violations(t *testing.T, err error) []Violation {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %T: %v", err, err)
	}
	return ve.Violations
}

func decodeEmployee(t *testing.T, s string) *Employee {
	t.Helper()
	var e Employee
	if err := json.Unmarshal([]byte(s), &e); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &e
}

// The flattened allOf type writes the properties of all three parts and
// leaves out the optional ones that are unset.
func TestEmployeeEncodesEveryPartFlat(t *testing.T) {
	e := Employee{Name: "Ada", CreatedBy: "hr", EmployeeID: 7, Department: "eng"}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"Ada","createdBy":"hr","employeeId":7,"department":"eng"}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	e.Email, e.UpdatedBy, e.Manager = Ptr("a@x"), Ptr("boss"), Ptr("Grace")
	b, _ = json.Marshal(e)
	back := decodeEmployee(t, string(b))
	if *back.Email != "a@x" || *back.UpdatedBy != "boss" || *back.Manager != "Grace" || back.EmployeeID != 7 {
		t.Fatalf("round trip lost optional fields: %s -> %+v", b, back)
	}
}

func TestEmployeeIgnoresUnknownFields(t *testing.T) {
	e := decodeEmployee(t, `{"name":"a","createdBy":"b","employeeId":1,"department":"d","salary":100,"extra":{"x":[1]}}`)
	if err := e.Validate(); err != nil {
		t.Fatalf("unknown fields must not fail validation: %v", err)
	}
}

// Each part's required properties stay required in the combined type, and
// all the missing ones are reported together.
func TestEmployeeRequiresPropertiesOfEveryPart(t *testing.T) {
	got := violations(t, decodeEmployee(t, `{"email":"x"}`).Validate())
	want := []string{"name", "createdBy", "employeeId", "department"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want required %v", got, want)
	}
	for i, v := range got {
		if v.Path != want[i] || v.Rule != "required" {
			t.Errorf("violation %d = %+v, want %s (required)", i, v, want[i])
		}
	}
	// Only the Audited part is missing.
	got = violations(t, decodeEmployee(t, `{"name":"a","employeeId":0,"department":""}`).Validate())
	if len(got) != 1 || got[0].Path != "createdBy" || got[0].Rule != "required" {
		t.Fatalf("got %v, want only createdBy (required)", got)
	}
	// Present zero values are not missing.
	if err := decodeEmployee(t, `{"name":"","createdBy":"","employeeId":0,"department":""}`).Validate(); err != nil {
		t.Fatalf("present zero values reported: %v", err)
	}
}

type employees struct {
	UnimplementedHandler
	calls atomic.Int32
}

func (h *employees) CreateEmployee(ctx context.Context, body *Employee) (*Employee, error) {
	h.calls.Add(1)
	out := *body
	out.UpdatedBy = Ptr("server")
	return &out, nil
}

func serve(t *testing.T, h Handler) (*httptest.Server, *Client) {
	t.Helper()
	srv := httptest.NewServer(NewServer(h))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func TestCreateEmployeeOverHTTP(t *testing.T) {
	h := &employees{}
	srv, c := serve(t, h)
	out, err := c.CreateEmployee(context.Background(), &Employee{Name: "Ada", CreatedBy: "hr", EmployeeID: 42, Department: "eng", Manager: Ptr("Grace")})
	if err != nil {
		t.Fatal(err)
	}
	if out.Name != "Ada" || out.EmployeeID != 42 || out.Manager == nil || *out.Manager != "Grace" || out.UpdatedBy == nil || *out.UpdatedBy != "server" {
		t.Fatalf("got %+v", out)
	}

	resp, err := http.Post(srv.URL+"/employees", "application/json", strings.NewReader(`{"name":"a","createdBy":"b","employeeId":1,"department":"d"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("status %d, want 201", resp.StatusCode)
	}
}

func TestServerRefusesEmployeeMissingAPart(t *testing.T) {
	h := &employees{}
	srv, _ := serve(t, h)
	resp, err := http.Post(srv.URL+"/employees", "application/json", strings.NewReader(`{"name":"a","employeeId":1,"department":"d"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("status %d, want 400: %s", resp.StatusCode, b)
	}
	var env struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(b, &env); err != nil || env.Code != 400 || !strings.Contains(env.Message, "createdBy") {
		t.Fatalf("error body %s does not name createdBy with code 400", b)
	}
	resp, err = http.Post(srv.URL+"/employees", "text/plain", strings.NewReader(`{"name":"a","createdBy":"b","employeeId":1,"department":"d"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Fatalf("text/plain body: status %d, want 415", resp.StatusCode)
	}
	if h.calls.Load() != 0 {
		t.Fatal("handler was called with an invalid body")
	}
}

func TestUnimplementedAndUnknownRoutes(t *testing.T) {
	srv, c := serve(t, UnimplementedHandler{})
	_, err := c.CreateEmployee(context.Background(), &Employee{Name: "a"})
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 501 || ae.Code != 501 || !strings.Contains(ae.Message, "createEmployee") {
		t.Fatalf("got %v, want a 501 APIError naming createEmployee", err)
	}
	for _, tc := range []struct {
		method, path string
		status       int
	}{{"GET", "/employees", 405}, {"POST", "/employee", 404}} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var env struct{ Code int }
		if resp.StatusCode != tc.status || json.Unmarshal(b, &env) != nil || env.Code != tc.status {
			t.Errorf("%s %s: status %d body %s, want %d in the envelope", tc.method, tc.path, resp.StatusCode, b, tc.status)
		}
		if tc.status == 405 && resp.Header.Get("Allow") != "POST" {
			t.Errorf("Allow = %q, want POST", resp.Header.Get("Allow"))
		}
	}
}

// A property written in two parts must satisfy both: nickname Person's
// maxLength and the third part's pattern, code Person's enum. The third
// part's grade is narrower than Person's and is its type.
func TestPropertyOfTwoPartsKeepsTheRulesOfBoth(t *testing.T) {
	const base = `"name":"n","createdBy":"c","employeeId":1,"department":"d"`
	for _, tc := range []struct {
		extra string
		want  string // path rule, joined
	}{
		{`"nickname":"abc","grade":"senior","code":"x"`, ""},
		{`"nickname":"abcdefghijkl"`, "nickname maxLength"},
		{`"nickname":"ABC"`, "nickname pattern"},
		{`"grade":"lead"`, "grade enum"},
		{`"code":"z"`, "code enum"},
		{`"score":50,"badge":3`, ""},
		{`"score":-1`, "score minimum"},
		{`"score":101`, "score maximum"},  // from a part where it may be null
		{`"badge":0`, "badge minimum"},    // beside allOf: [$ref: Badge]
		{`"badge":1000`, "badge maximum"}, // Badge's own
	} {
		err := decodeEmployee(t, "{"+base+","+tc.extra+"}").Validate()
		var got []string
		if err != nil {
			for _, v := range violations(t, err) {
				got = append(got, v.Path+" "+v.Rule)
			}
		}
		if strings.Join(got, ", ") != tc.want {
			t.Errorf("%s: got %q, want %q", tc.extra, got, tc.want)
		}
	}
}
