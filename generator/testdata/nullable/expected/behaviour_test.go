package nullable

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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

func decode(t *testing.T, s string) *Profile {
	t.Helper()
	var p Profile
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &p
}

// Absent, null and a value are three different things on the wire.
func TestNullVersusAbsentOnTheWire(t *testing.T) {
	for _, tc := range []struct {
		p    Profile
		want string
	}{
		// A required nullable property is written as null, optional ones are left out.
		{Profile{Name: "a"}, `{"name":"a","nickname":null}`},
		{Profile{Name: "a", Nickname: Ptr("n"), Bio: Null[string](), Age: NewNullable(int64(0))},
			`{"name":"a","nickname":"n","bio":null,"age":0}`},
		{Profile{Name: "a", Address: NewNullable(ProfileAddress{City: Ptr("Oslo")})},
			`{"name":"a","nickname":null,"address":{"city":"Oslo"}}`},
		{Profile{Name: "a", Address: Null[ProfileAddress]()}, `{"name":"a","nickname":null,"address":null}`},
	} {
		b, err := json.Marshal(tc.p)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.want {
			t.Errorf("got  %s\nwant %s", b, tc.want)
		}
		// and back, to the same bytes
		if b2, _ := json.Marshal(decode(t, string(b))); string(b2) != tc.want {
			t.Errorf("round trip: got %s, want %s", b2, tc.want)
		}
	}
}

func TestDecodingKeepsNullApartFromAbsent(t *testing.T) {
	p := decode(t, `{"name":"a","nickname":null,"bio":null,"age":41,"unknown":1}`)
	if p.Nickname != nil || !p.Bio.Set || !p.Bio.Null || p.Address.Set {
		t.Fatalf("got %+v", p)
	}
	if age, ok := p.Age.Get(); !ok || age != 41 {
		t.Fatalf("age = %v, %v", age, ok)
	}
	if _, ok := p.Bio.Get(); ok {
		t.Fatal("a null bio reports a value")
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("null is allowed for nickname: %v", err)
	}
	p = decode(t, `{"name":"a","nickname":"nick","address":{"street":"Main"}}`)
	if a, ok := p.Address.Get(); !ok || *a.Street != "Main" || a.City != nil || *p.Nickname != "nick" {
		t.Fatalf("got %+v", p)
	}
}

// A required nullable property may be null but not absent; null does not
// stand in for a non-nullable required one.
func TestRequiredNullability(t *testing.T) {
	for _, tc := range []struct{ json, path string }{
		{`{"name":"a"}`, "nickname"},
		{`{"name":null,"nickname":"n"}`, "name"},
		{`{"nickname":null}`, "name"},
	} {
		vs := violations(t, decode(t, tc.json).Validate())
		if len(vs) != 1 || vs[0].Path != tc.path || vs[0].Rule != "required" {
			t.Errorf("%s: got %v, want only %s (required)", tc.json, vs, tc.path)
		}
	}
	if err := json.Unmarshal([]byte(`{"name":"a","nickname":null,"age":"old"}`), new(Profile)); err == nil {
		t.Fatal("a string was taken for a nullable integer")
	}
}

type profiles struct {
	UnimplementedHandler
	mu  sync.Mutex
	got Profile
}

func (h *profiles) GetProfile(ctx context.Context, id string) (*Profile, error) {
	return &Profile{Name: id, Bio: Null[string]()}, nil
}

func (h *profiles) UpdateProfile(ctx context.Context, id string, body *Profile) (*Profile, error) {
	h.mu.Lock()
	h.got = *body
	h.mu.Unlock()
	return body, nil
}

// A body of null is refused where the schema does not allow it, and is a
// nil result where it does.
func TestNullBodies(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, "null")
	}))
	defer srv.Close()
	c, _ := NewClient(srv.URL)
	var re *ResponseError
	if _, err := c.GetProfile(context.Background(), "p1"); !errors.As(err, &re) || re.Err.Error() != "the body is null" {
		t.Errorf("profile: %v", err)
	}
	if got, err := c.GetManager(context.Background(), "p1"); err != nil || got != nil {
		t.Errorf("manager: %+v, %v", got, err)
	}
}

func TestNullableOverHTTP(t *testing.T) {
	h := &profiles{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	got, err := c.GetProfile(ctx, "p1")
	if err != nil || got.Name != "p1" || got.Nickname != nil || !got.Bio.Null || got.Age.Set {
		t.Fatalf("got %+v, %v", got, err)
	}
	out, err := c.UpdateProfile(ctx, "p1", &Profile{Name: "a", Bio: Null[string](), Age: NewNullable(int64(3))})
	if err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	if !h.got.Bio.Null || h.got.Age.Value != 3 || h.got.Address.Set {
		t.Errorf("server got %+v", h.got)
	}
	h.mu.Unlock()
	if !out.Bio.Null || out.Age.Value != 3 || out.Address.Set {
		t.Fatalf("client got %+v", out)
	}
	req, _ := http.NewRequest("PUT", srv.URL+"/profiles/p1", strings.NewReader(`{"name":"a"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "nickname") {
		t.Fatalf("status %d body %s, want 400 naming nickname", resp.StatusCode, b)
	}
}

// Items of a list, and values of a map, that may be null are held by
// pointer: a null comes back as nil, and is written again as null, never as
// a zero (0, "", false, an empty object).
func TestNullItemsAreKeptApartFromZero(t *testing.T) {
	const in = `{"levels":[1,null,0],"counts":[null,2],"pets":[null,{"name":"ab"}],` +
		`"seen":[null,"2024-01-02T03:04:05Z"],"grid":[[true,null,false],[null]],"labels":{"a":null,"b":""},` +
		`"extra":{"owner":"o","x-v":1.5,"x-w":null,"fido":{"name":"fi"},"rex":null}}`
	for _, via := range []string{"UnmarshalJSON", "json.Unmarshal"} {
		var r Readings
		var err error
		if via == "UnmarshalJSON" {
			err = r.UnmarshalJSON([]byte(in))
		} else {
			err = json.Unmarshal([]byte(in), &r)
		}
		if err != nil {
			t.Fatalf("%s: %v", via, err)
		}
		if len(r.Levels) != 3 || r.Levels[1] != nil || r.Levels[0] == nil || *r.Levels[0] != 1 || r.Levels[2] == nil || *r.Levels[2] != 0 {
			t.Errorf("%s: levels = %v, want 1, nil, 0", via, r.Levels)
		}
		if len(r.Pets) != 2 || r.Pets[0] != nil || r.Pets[1] == nil || r.Pets[1].Name != "ab" {
			t.Errorf("%s: pets = %v, want nil, ab", via, r.Pets)
		}
		if len(r.Grid) != 2 || len(r.Grid[0]) != 3 || r.Grid[0][1] != nil || r.Grid[0][2] == nil || *r.Grid[0][2] || r.Grid[1][0] != nil {
			t.Errorf("%s: grid = %v, want [true nil false] [nil]", via, r.Grid)
		}
		if a, ok := r.Labels["a"]; !ok || a != nil {
			t.Errorf("%s: labels[a] = %v, %v; want a nil that is there", via, a, ok)
		}
		if rex, ok := r.Extra.AdditionalProperties["rex"]; !ok || rex != nil {
			t.Errorf("%s: extra rex = %v, %v; want a nil that is there", via, rex, ok)
		}
		if w, ok := r.Extra.PatternProperties["x-w"]; !ok || w != nil {
			t.Errorf("%s: extra x-w = %v, %v; want a nil that is there", via, w, ok)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("%s: a null breaks no rule of the item: %v", via, err)
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != in {
			t.Errorf("%s: written back\n got %s\nwant %s", via, out, in)
		}
	}
}

// The items that are there are checked against the item's rules, through
// the pointer; the nulls beside them are not.
func TestNullableItemsAreValidated(t *testing.T) {
	var r Readings
	in := `{"levels":[null,10],"counts":[0,null],"pets":[{"name":"a"},null],"labels":{"a":"long","b":null},` +
		`"extra":{"fido":{},"rex":null}}`
	if err := r.UnmarshalJSON([]byte(in)); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range violations(t, r.Validate()) {
		got = append(got, v.Path+" "+v.Rule)
	}
	want := []string{
		"levels[1] maximum", "counts[0] minimum", "pets[0].name minLength",
		`labels["a"] maxLength`, `extra["fido"].name required`,
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("violations\n got %q\nwant %q", got, want)
	}
}

// A JSON body and answer of a JSON media type of the spec's own are sent
// and asked for as that type, not as application/json: servers that
// dispatch on it (merge patch, JSON:API) would refuse the request.
func TestJSONMediaTypesOfTheSpec(t *testing.T) {
	var mu sync.Mutex
	var contentType, accept string
	api := NewServer(&patcher{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		contentType, accept = r.Header.Get("Content-Type"), r.Header.Get("Accept")
		mu.Unlock()
		api.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, _ := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	got, err := c.PatchProfile(context.Background(), "p1", &Profile{Name: "a", Bio: Null[string]()})
	if err != nil || got.Name != "a" || !got.Bio.Null {
		t.Fatalf("got %+v, %v", got, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if contentType != "application/merge-patch+json" || accept != "application/vnd.profiles+json" {
		t.Errorf("sent Content-Type %q, Accept %q", contentType, accept)
	}
}

type patcher struct{ UnimplementedHandler }

func (patcher) PatchProfile(ctx context.Context, id string, body *Profile) (*Profile, error) {
	return body, nil
}

// managers answers GetManager with the manager of "p2" and null for
// anyone else.
type managers struct{ profiles }

func (h *managers) GetManager(ctx context.Context, id string) (*Profile, error) {
	if id == "p2" {
		return &Profile{Name: "boss", Bio: Null[string]()}, nil
	}
	return nil, nil
}

// A handler answers null, where the spec allows it, with a nil result; the
// client reads it back as a nil result. Where the spec does not allow it,
// a nil result is still an error of the handler's.
func TestServerAnswersNull(t *testing.T) {
	srv := httptest.NewServer(NewServer(&managers{}, WithResponseValidation()))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/profiles/p1/manager")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.TrimSpace(string(b)) != "null" {
		t.Errorf("no manager: %d %s, want 200 null", resp.StatusCode, b)
	}
	c, _ := NewClient(srv.URL, WithStrict())
	if got, err := c.GetManager(context.Background(), "p1"); err != nil || got != nil {
		t.Errorf("no manager, through the client: %+v, %v", got, err)
	}
	if got, err := c.GetManager(context.Background(), "p2"); err != nil || got == nil || got.Name != "boss" {
		t.Errorf("a manager, through the client: %+v, %v", got, err)
	}
	nilProfile := httptest.NewServer(NewServer(&nilProfiles{}))
	defer nilProfile.Close()
	if resp, err := http.Get(nilProfile.URL + "/profiles/p1"); err != nil || resp.StatusCode != 500 {
		t.Errorf("a nil profile, which may not be null: %v %v, want 500", resp.StatusCode, err)
	}
}

type nilProfiles struct{ UnimplementedHandler }

func (nilProfiles) GetProfile(ctx context.Context, id string) (*Profile, error) { return nil, nil }
