package moved

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
)

// This file is written against the package as previous.names's generation
// made it, before the spec moved its schemas into components: every name
// it uses is the old one. That it compiles is the point; the tests check
// that the old names are the new types, not copies.

// oldHandler implements the Handler with the old method signatures.
type oldHandler struct{ UnimplementedHandler }

func (oldHandler) CreatePet(_ context.Context, body *CreatePetRequest) (*CreatePetResponse, error) {
	if body.Kind == nil || *body.Kind != CreatePetRequestKindDog {
		return nil, &APIError{StatusCode: 400, Message: "want a dog"}
	}
	return &CreatePetResponse{ID: int64(len(body.Tags))}, nil
}

func (oldHandler) GetPet(_ context.Context, id int64) (*GetPetResponse, error) {
	kind := GetPetResponseKindCat
	return &GetPetResponse{ID: id, Name: "Tom", Kind: &kind}, nil
}

var _ Handler = oldHandler{}

func TestOldNamesCallTheServer(t *testing.T) {
	srv := httptest.NewServer(NewServer(oldHandler{}))
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	kind := CreatePetRequestKindDog
	body := &CreatePetRequest{
		Name:  "Rex",
		Kind:  &kind,
		Tags:  []CreatePetRequestTagsItem{{Label: Ptr("good")}, {}},
		Owner: &CreatePetRequestOwner{Name: "Ann"},
	}
	var res *CreatePetResponse
	res, err = c.CreatePet(context.Background(), body)
	if err != nil {
		t.Fatal(err)
	}
	if res.ID != 2 {
		t.Errorf("ID = %d, want 2 (the tags the server saw)", res.ID)
	}
	var pet *GetPetResponse
	pet, err = c.GetPet(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	if pet.ID != 7 || pet.Kind == nil || *pet.Kind != GetPetResponseKindCat {
		t.Errorf("got %+v", pet)
	}
}

func TestOldNamesAreTheNewTypes(t *testing.T) {
	// Values move between old and new names without conversion.
	var np *NewPet = &CreatePetRequest{Name: "Rex"}
	var old *CreatePetRequest = np
	var k Kind = CreatePetRequestKindCat
	var ok GetPetResponseKind = KindDog
	if old.Name != "Rex" || k != KindCat || ok != CreatePetRequestKindDog || GetPetResponseKindCat != KindCat {
		t.Error("old and new names do not agree")
	}
	// The old names validate and encode as the new types do.
	bad := CreatePetRequestKind("bird")
	if bad.Valid() || !CreatePetRequestKindCat.Valid() {
		t.Error("Valid() of the old enum name is not Kind's")
	}
	out, err := json.Marshal(CreatePetRequest{Name: "Rex", Owner: &CreatePetRequestOwner{Name: "Ann"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"name":"Rex","owner":{"name":"Ann"}}`; string(out) != want {
		t.Errorf("encoded %s, want %s", out, want)
	}
}
