package readwrite

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// A union's discriminator travels both ways even when the spec marks it
// readOnly (Cat's kind) or writeOnly (Dog's kind): Cat and Dog look alike,
// so without it the variant could only be guessed.

type pets struct {
	UnimplementedHandler
	mu  sync.Mutex
	got *Pet
}

func (h *pets) AddPet(ctx context.Context, body *Pet) (*Pet, error) {
	h.mu.Lock()
	h.got = body
	h.mu.Unlock()
	return body, nil // stored as it came, kind and all
}

func TestDiscriminatorTravelsBothWays(t *testing.T) {
	h := &pets{}
	srv := httptest.NewServer(NewServer(h, WithResponseValidation()))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()), WithStrict())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		pet  *Pet
		kind func(*Pet) *string // nil unless the pet is of the variant sent
	}{
		{"readOnly tag", &Pet{Cat: &Cat{Kind: Ptr("Cat"), Name: Ptr("Tom")}}, func(p *Pet) *string {
			if p.Cat == nil {
				return nil
			}
			return p.Cat.Kind
		}},
		{"writeOnly tag", &Pet{Dog: &Dog{Kind: Ptr("Dog"), Name: Ptr("Rex")}}, func(p *Pet) *string {
			if p.Dog == nil {
				return nil
			}
			return p.Dog.Kind
		}},
	} {
		got, err := c.AddPet(context.Background(), tc.pet)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		h.mu.Lock()
		handed := h.got
		h.mu.Unlock()
		want := *tc.kind(tc.pet)
		if k := tc.kind(handed); k == nil || *k != want {
			t.Errorf("%s: the handler was given %+v, want a %s with its kind", tc.name, handed, want)
		}
		if k := tc.kind(got); k == nil || *k != want {
			t.Errorf("%s: the client read back %+v, want a %s with its kind", tc.name, got, want)
		}
	}
	// On the wire: the kind is in the request and in the answer.
	code, b := send(t, srv, http.MethodPost, "/pets", `{"kind":"Dog","name":"Rex"}`)
	if code != http.StatusCreated || !strings.Contains(string(b), `"kind":"Dog"`) {
		t.Errorf("answer: %d %s, want 201 with the kind", code, b)
	}
}
