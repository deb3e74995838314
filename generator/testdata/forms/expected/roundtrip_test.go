package forms

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"
)

// FuzzFormsRoundTrip sends arbitrary text and bytes through the generated
// client's urlencoded and multipart bodies to the generated server: the
// client either refuses a body before sending it, or the server receives
// what was sent. A body the server refuses, or a value that arrives
// changed, fails. Crashers found by `go test -fuzz` are kept in
// testdata/fuzz/FuzzFormsRoundTrip and replayed by every go test.
func FuzzFormsRoundTrip(f *testing.F) {
	for _, s := range []struct {
		a, b string
		data []byte
	}{
		{"Rex", "loud boy", []byte("jpeg")},
		{"a&b=c", "%zz+", nil},
		{"é€😀", "", []byte{0, 1, 2, 255}},
		{"x\r\ny", "\"quoted\".jpg", []byte("--boundary")},
		{"", "dir/file.jpg", []byte("\r\n--\r\n")},
	} {
		f.Add(s.a, s.b, s.data)
	}
	h := &petShop{}
	var sent atomic.Int64
	api := NewServer(h)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		api.ServeHTTP(w, r)
	}))
	f.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, WithRetry(RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b string, data []byte) {
		ctx := context.Background()
		// refused reports whether the call failed before anything was sent,
		// and fails the test when it failed after.
		refused := func(op string, err error, before int64) bool {
			t.Helper()
			if err != nil && sent.Load() != before {
				t.Fatalf("%s(%q, %q, %q): the client sent what the server refused: %v", op, a, b, data, err)
			}
			return err != nil
		}

		in := &CreatePetRequest{Name: a, Nickname: NewNullable(b), Age: 1, Tags: []string{a, b}}
		before := sent.Load()
		_, err := c.CreatePet(ctx, in)
		if !refused("CreatePet", err, before) {
			h.mu.Lock()
			got := [3]any{h.pet.Name, h.pet.Nickname, h.pet.Tags}
			h.mu.Unlock()
			if want := [3]any{in.Name, in.Nickname, in.Tags}; !reflect.DeepEqual(got, want) {
				t.Fatalf("CreatePet(%q, %q): sent %#v, the server got %#v", a, b, want, got)
			}
		}

		up := &UploadPhotoRequest{Photo: FormFile{Filename: b, ContentType: "image/jpeg", Body: bytes.NewReader(data)}, Caption: a, Labels: []string{b, a}}
		before = sent.Load()
		got, err := c.UploadPhoto(ctx, 7, up)
		if !refused("UploadPhoto", err, before) {
			name := filepath.Base(b) // as documented: no directories
			if b == "" {
				name = "photo" // the part's name stands in for a missing file name
			}
			want := [4]any{name, int64(len(data)), a, []string{b, a}}
			if g := [4]any{got.Filename, got.Size, got.Caption, got.Labels}; !reflect.DeepEqual(g, want) {
				t.Fatalf("UploadPhoto(%q, %q, %q): sent %#v, the server got %#v", a, b, data, want, g)
			}
		}
	})
}
