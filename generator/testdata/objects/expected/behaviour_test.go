package objects

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

func TestNestedObjectsOnTheWire(t *testing.T) {
	b, _ := json.Marshal(Pet{Name: "Rex"})
	if string(b) != `{"name":"Rex"}` {
		t.Fatalf("got %s", b)
	}
	p := Pet{
		Name: "Rex", Age: Ptr(int64(0)), Weight: Ptr(12.5), Vaccinated: Ptr(false),
		Owner:   &PetOwner{FirstName: Ptr("Ann")},
		Address: &Address{City: Ptr("Oslo"), Zip: Ptr("0150")},
	}
	b, _ = json.Marshal(p)
	want := `{"name":"Rex","age":0,"weight":12.5,"vaccinated":false,"owner":{"firstName":"Ann"},"address":{"city":"Oslo","zip":"0150"}}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	var back Pet
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if *back.Age != 0 || *back.Vaccinated || *back.Owner.FirstName != "Ann" || back.Owner.LastName != nil || *back.Address.Zip != "0150" {
		t.Fatalf("got %+v", back)
	}
}

func TestPetNameIsRequired(t *testing.T) {
	for _, s := range []string{`{}`, `{"name":null}`, `{"age":3,"owner":{"firstName":"Ann"}}`} {
		var p Pet
		if err := json.Unmarshal([]byte(s), &p); err != nil {
			t.Fatal(err)
		}
		var ve *ValidationError
		if err := p.Validate(); !errors.As(err, &ve) || len(ve.Violations) != 1 || ve.Violations[0].Path != "name" || ve.Violations[0].Rule != "required" {
			t.Errorf("%s: got %v, want name (required)", s, err)
		}
	}
	var p Pet
	if err := json.Unmarshal([]byte(`{"name":"","colour":"brown","owner":{"pets":7}}`), &p); err != nil || p.Validate() != nil {
		t.Fatalf("an empty name and unknown fields must pass: %v %v", err, p.Validate())
	}
	if err := json.Unmarshal([]byte(`{"name":"x","age":"three"}`), &p); err == nil {
		t.Fatal("a string was taken for an integer")
	}
}

type pets struct {
	UnimplementedHandler
	calls atomic.Int32
	id    atomic.Int64
}

func (h *pets) GetPet(ctx context.Context, id int64) (*Pet, error) {
	h.calls.Add(1)
	h.id.Store(id)
	return &Pet{Name: "Rex", Owner: &PetOwner{LastName: Ptr("Smith")}}, nil
}

func (h *pets) CreatePet(ctx context.Context, body *Pet) (*Pet, error) {
	h.calls.Add(1)
	body.Age = Ptr(int64(1))
	return body, nil
}

func TestObjectsOverHTTP(t *testing.T) {
	h := &pets{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// An int64 path parameter beyond float64's exact range arrives exactly.
	got, err := c.GetPet(ctx, 9007199254740993)
	if err != nil || h.id.Load() != 9007199254740993 || got.Name != "Rex" || *got.Owner.LastName != "Smith" {
		t.Fatalf("server saw %d, client got %+v, %v", h.id.Load(), got, err)
	}
	if _, err := c.GetPet(ctx, -7); err != nil || h.id.Load() != -7 {
		t.Fatalf("negative id: %v, server saw %d", err, h.id.Load())
	}
	made, err := c.CreatePet(ctx, &Pet{Name: "Tom", Address: &Address{Street: Ptr("Elm")}})
	if err != nil || made.Name != "Tom" || *made.Age != 1 || *made.Address.Street != "Elm" {
		t.Fatalf("got %+v, %v", made, err)
	}
	if n := h.calls.Load(); n != 3 {
		t.Fatalf("handler called %d times, want 3", n)
	}

	for _, tc := range []struct {
		method, path, body string
		status             int
		says               string
	}{
		{"GET", "/pets/abc", "", 400, "petId"},
		{"GET", "/pets/1.5", "", 400, "petId"},
		{"GET", "/pets/99999999999999999999", "", 400, "petId"},
		{"POST", "/pets", `{"age":1}`, 400, "name"},
		{"POST", "/pets", `{"name":5}`, 400, "name"},
		{"POST", "/pets", `{"name":"x"`, 400, "malformed"},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
		if tc.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var env struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		}
		if resp.StatusCode != tc.status || json.Unmarshal(b, &env) != nil || env.Code != tc.status || !strings.Contains(env.Message, tc.says) {
			t.Errorf("%s %s %s: %d %s, want %d saying %q", tc.method, tc.path, tc.body, resp.StatusCode, b, tc.status, tc.says)
		}
	}
	if n := h.calls.Load(); n != 3 {
		t.Fatalf("handler called %d times, want 3", n)
	}
}

// A server mounted under a base path answers a client whose base URL has it.
func TestBasePath(t *testing.T) {
	h := &pets{}
	srv := httptest.NewServer(NewServer(h, WithBasePath("/api/v1/")))
	defer srv.Close()
	c, err := NewClient(srv.URL+"/api/v1/", WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetPet(context.Background(), 5); err != nil || h.id.Load() != 5 {
		t.Fatalf("%v, server saw %d", err, h.id.Load())
	}
	resp, err := http.Get(srv.URL + "/pets/5")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("outside the base path: status %d, want 404", resp.StatusCode)
	}
}

// A property whose name no struct tag can carry (a space, commas) is read
// and written by its name all the same, and so is one named "-"; neither
// tag breaks go vet (make vet covers this package).
func TestPropertyNamesNoTagCanCarry(t *testing.T) {
	in := `{"the id of the place (house, flat or office)":7,"-":"dash"}`
	var a Address
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	if a.TheIDOfThePlaceHouseFlatOrOffice == nil || *a.TheIDOfThePlaceHouseFlatOrOffice != 7 || a.X == nil || *a.X != "dash" {
		t.Fatalf("decoded %+v", a)
	}
	out, err := json.Marshal(a)
	if err != nil || string(out) != in {
		t.Errorf("written back as %s, %v; want %s", out, err, in)
	}
}
