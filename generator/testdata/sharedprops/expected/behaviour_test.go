package sharedprops

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

type files struct {
	completed *CompleteUpload
	tags      []*Tag
}

func (h *files) ReadPages(ctx context.Context, body *PageRequest) (*PageRequest, error) {
	return body, nil
}

func (h *files) CompleteUpload(ctx context.Context, body *CompleteUpload) error {
	h.completed = body
	return nil
}

func (h *files) AddTag(ctx context.Context, body *Tag) error {
	h.tags = append(h.tags, body)
	return nil
}

func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The properties beside a oneOf are every variant's: they decode into the
// variant the value matches, are written back with it, and their rules hold.
func TestPropertiesBesideOneOfAreEachVariants(t *testing.T) {
	var r PageRequest
	if err := r.UnmarshalJSON([]byte(`{"externalId":"report.pdf","pages":{"first":2,"last":5},"detail":"lines"}`)); err != nil {
		t.Fatal(err)
	}
	v := r.FileExternalID
	if v == nil || r.FileID != nil || v.ExternalID != "report.pdf" || v.Pages.First != 2 || *v.Pages.Last != 5 || *v.Detail != PageRequestDetailLines {
		t.Fatalf("decoded %+v (variant %+v)", r, v)
	}
	if err := r.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	b, err := json.Marshal(r)
	if err != nil || string(b) != `{"pages":{"first":2,"last":5},"detail":"lines","externalId":"report.pdf"}` {
		t.Errorf("encoded %s, %v", b, err)
	}
	// A shared property's rules and requiredness hold in each variant.
	for body, want := range map[string]string{
		`{"id":7}`:                     "pages: is required",
		`{"id":7,"pages":{"first":0}}`: "pages.first: must be at least 1",
		`{"id":7,"pages":{"first":1},"detail":"all"}`:   `detail: must be one of "words", "lines"`,
		`{"id":0,"pages":{"first":1}}`:                  "id: must be at least 1",
		`{"externalId":"x","pages":{"first":1}}`:        "",
		`{"id":7,"pages":{"first":1},"detail":"words"}`: "",
	} {
		var r PageRequest
		err := r.UnmarshalJSON([]byte(body))
		if err == nil {
			err = r.Validate()
		}
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", body, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
}

// allOf of a referenced union and an object is the union with the object's
// properties in each variant: Cognite's multipart upload completion sends
// the file's id and the upload's id together.
func TestAllOfWithAUnionPart(t *testing.T) {
	h := &files{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body := &CompleteUpload{FileID: &CompleteUploadFileID{ID: 42, UploadID: "u-1"}}
	if err := c.CompleteUpload(context.Background(), body); err != nil {
		t.Fatal(err)
	}
	if got := h.completed; got == nil || got.FileID == nil || got.FileID.ID != 42 || got.FileID.UploadID != "u-1" || got.FileExternalID != nil {
		t.Fatalf("the server got %+v", got)
	}
	for body, want := range map[string]string{
		`{"externalId":"f","uploadId":"u-2"}`: "",
		`{"id":42}`:                           "uploadId: is required",
		`{"uploadId":"u-3"}`:                  "oneOf",
	} {
		status, answer := post(t, srv.URL+"/uploads/complete", body)
		switch {
		case want == "" && status != 204:
			t.Errorf("%s: %d %s, want 204", body, status, answer)
		case want != "" && (status != 400 || !strings.Contains(answer, want)):
			t.Errorf("%s: %d %s, want 400 with %q", body, status, answer, want)
		}
	}
	// The union's own rules hold in the variants that take its properties.
	h.completed = nil
	err = c.CompleteUpload(context.Background(), &CompleteUpload{FileExternalID: &CompleteUploadFileExternalID{ExternalID: strings.Repeat("x", 256), UploadID: "u-4"}})
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "externalId: has 256 characters, more than 255 (maxLength)") || h.completed != nil {
		t.Errorf("the client sent an external id too long: %v (server got %+v)", err, h.completed)
	}
}

// allOf of an object and a part that only lists required properties is the
// object with a rule on which of them are there.
func TestAllOfWithRequiredAlternatives(t *testing.T) {
	h := &files{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	if status, answer := post(t, srv.URL+"/tags", `{"note":"n"}`); status != 400 || !strings.Contains(answer, "has none of the property sets of its alternatives (name; colour)") {
		t.Errorf("a tag with neither name nor colour: %d %s", status, answer)
	}
	if status, answer := post(t, srv.URL+"/tags", `{"colour":"red","note":"n"}`); status != 204 || len(h.tags) != 1 || *h.tags[0].Colour != "red" {
		t.Errorf("a tag with a colour: %d %s", status, answer)
	}
}

// A required property that only the variants define is required in those
// that define it.
func TestRequiredPropertiesTheVariantsDefine(t *testing.T) {
	for body, want := range map[string]string{
		`{"fileId":1,"inline":true}`: "",
		`{"fileExternalId":"f"}`:     "",
		`{"inline":true}`:            "is valid for none of",
	} {
		var d Download
		err := d.UnmarshalJSON([]byte(body))
		if err == nil {
			err = d.Validate()
		}
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", body, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
	var d Download
	if err := d.UnmarshalJSON([]byte(`{"fileId":1,"inline":true}`)); err != nil || d.DownloadVariant0 == nil || d.DownloadVariant0.FileID != 1 || !*d.DownloadVariant0.Inline {
		t.Errorf("decoded %+v, %v", d, err)
	}
}

// Variants written in place keep their x-go-name when they take the
// properties beside them, and the object's rules (not, dependentRequired)
// hold in each.
func TestVariantsKeepTheirNamesAndTheObjectsRules(t *testing.T) {
	l := Lookup{ByName: &ByName{Name: "n", Limit: Ptr(int64(5)), Offset: Ptr(int64(10))}}
	if err := l.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	l.ByName.Cursor = Ptr("c")
	if err := l.Validate(); err == nil || !strings.Contains(err.Error(), "has offset and cursor, which may not both be there (not)") {
		t.Errorf("offset and cursor: %v", err)
	}
	var got Lookup
	if err := got.UnmarshalJSON([]byte(`{"id":3,"offset":1}`)); err != nil || got.ByID == nil || got.ByID.ID != 3 {
		t.Fatalf("decoded %+v, %v", got, err)
	}
	if err := got.Validate(); err == nil || !strings.Contains(err.Error(), "has offset but not limit, which offset requires (dependentRequired)") {
		t.Errorf("offset without limit: %v", err)
	}
}

// An allOf whose one part is a referenced union, with properties beside it,
// and an allOf whose union part names properties and rules of its own.
func TestUnionPartsOfAllOf(t *testing.T) {
	var u UpdateItem
	if err := u.UnmarshalJSON([]byte(`{"externalId":"e","update":"x"}`)); err != nil || u.UpdateItemVariant1 == nil || u.UpdateItemVariant1.Update != "x" || u.Validate() != nil {
		t.Errorf("decoded %+v, %v", u, err)
	}
	err := u.UnmarshalJSON([]byte(`{"externalId":"e"}`))
	if err == nil {
		err = u.Validate()
	}
	if err == nil {
		t.Errorf("an item without update is valid: %+v", u)
	}
	var m Message
	if err := m.UnmarshalJSON([]byte(`{"text":"t","kind":"k","urgent":true}`)); err != nil || m.MessageVariant0 == nil || !*m.MessageVariant0.Urgent || m.MessageVariant0.Kind != "k" || m.Validate() != nil {
		t.Errorf("decoded %+v, %v", m, err)
	}
	// The union part's required and maxProperties hold.
	for body, want := range map[string]string{
		`{"text":"t","urgent":true}`:                  "kind: is required",
		`{"text":"t","kind":"k","urgent":true,"x":1}`: "has 4 properties, more than 3 (maxProperties)",
	} {
		var m Message
		err := m.UnmarshalJSON([]byte(body))
		if err == nil {
			err = m.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
	m = Message{MessageVariant0: &MessageVariant0{Text: Ptr("t"), Kind: "k", Urgent: Ptr(true)}}
	if err := m.Validate(); err != nil {
		t.Errorf("three properties: %v", err)
	}
}

// A use of a union annotated through allOf (allOf: [$ref Choice, {nullable:
// true}]) is a use of Choice: the union keeps its own names.
func TestAnnotatedUnionKeepsItsNames(t *testing.T) {
	var r Run
	if err := r.UnmarshalJSON([]byte(`{"choice":"auto"}`)); err != nil {
		t.Fatal(err)
	}
	c := Choice{ChoiceVariant0: Ptr(ChoiceVariant0Auto)}
	b, err := json.Marshal(c)
	if err != nil || string(b) != `"auto"` {
		t.Errorf("encoded %s, %v", b, err)
	}
}
