package forms

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

// photoRecorder records what UploadPhoto received: the file's name and
// content, the caption, the labels, and each attachment's name and
// content.
type photoRecorder struct {
	*petShop
	photo [5]any
}

func (h *photoRecorder) UploadPhoto(ctx context.Context, petID int64, body *UploadPhotoRequest) (*Upload, error) {
	data, err := io.ReadAll(body.Photo.Body)
	var files []string
	for _, f := range body.Attachments {
		b, ferr := io.ReadAll(f.Body)
		files = append(files, f.Filename, string(b))
		err = errors.Join(err, ferr)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.photo = [5]any{body.Photo.Filename, string(data), body.Caption, body.Labels, files}
	return &Upload{}, err
}

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
		{"0", "\xc3", []byte("0")},       // not UTF-8: arrives as it was sent
		{"x", "a\x00b\r\n", []byte("x")}, // refused: a header cannot carry it
	} {
		f.Add(s.a, s.b, s.data)
	}
	h := &photoRecorder{petShop: &petShop{}}
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

		up := &UploadPhotoRequest{Photo: FormFile{Filename: b, ContentType: "image/jpeg", Body: bytes.NewReader(data)}, Caption: a, Labels: []string{b, a},
			Attachments: []FormFile{{Filename: a, Body: strings.NewReader(b)}, {Filename: b, Body: bytes.NewReader(data)}}}
		before = sent.Load()
		_, err = c.UploadPhoto(ctx, 7, up)
		if !refused("UploadPhoto", err, before) {
			// As documented: no directories; the part's name stands in for
			// a missing file name.
			base := func(name, part string) string {
				if name == "" {
					return part
				}
				return filepath.Base(name)
			}
			files := []string{base(a, "attachments"), b, base(b, "attachments"), string(data)}
			want := [5]any{base(b, "photo"), string(data), a, []string{b, a}, files}
			h.mu.Lock()
			got := h.photo
			h.mu.Unlock()
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("UploadPhoto(%q, %q, %q): sent %#v, the server got %#v", a, b, data, want, got)
			}
		}
	})
}

// A file name with a control character would end its part's header (or
// be refused by the receiver): the client refuses it before sending.
func TestFileNameWithControlCharactersRefused(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c, _ := NewClient(srv.URL)
	for _, name := range []string{"a\nb.jpg", "a\x00", "\r"} {
		_, err := c.UploadPhoto(context.Background(), 7, &UploadPhotoRequest{
			Photo: FormFile{Body: strings.NewReader("x")}, Caption: "c", Thumbnail: &FormFile{Filename: name, Body: strings.NewReader("t")}})
		if err == nil || !strings.Contains(err.Error(), "thumbnail: its file name must not hold control characters") {
			t.Errorf("%q: got %v", name, err)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d requests sent", calls.Load())
	}
}
