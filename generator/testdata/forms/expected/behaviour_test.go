package forms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// petShop echoes what each operation received, typed.
type petShop struct {
	UnimplementedHandler
	mu     sync.Mutex
	photo  *UploadPhotoRequest
	pet    *CreatePetRequest
	search *Search
	note   []byte
}

func (h *petShop) CreatePet(ctx context.Context, body *CreatePetRequest) (*Pet, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.pet = body
	return &Pet{Name: body.Name, Age: body.Age, Weight: body.Weight, Vaccinated: body.Vaccinated,
		Kind: body.Kind, Tags: body.Tags, IDs: body.IDs}, nil
}

func (h *petShop) SearchPets(ctx context.Context, body *Search) (*Search, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.search = body
	if body == nil {
		return &Search{}, nil
	}
	return body, nil
}

// UploadPhoto reads the file parts as streams and reports what it read.
func (h *petShop) UploadPhoto(ctx context.Context, petID int64, body *UploadPhotoRequest) (*Upload, error) {
	h.mu.Lock()
	h.photo = body
	h.mu.Unlock()
	data, err := io.ReadAll(body.Photo.Body)
	if err != nil {
		return nil, err
	}
	out := &Upload{Filename: body.Photo.Filename, ContentType: Ptr(body.Photo.ContentType), Size: int64(len(data)),
		Caption: body.Caption, Rating: body.Rating, Labels: body.Labels, Meta: body.Meta, Lenses: body.Lenses}
	if v, ok := body.Album.Get(); ok {
		out.Album = &v
	}
	if body.Photo.Size != int64(len(data)) {
		return nil, errors.New("size does not match the content")
	}
	if body.Thumbnail != nil {
		t, err := io.ReadAll(body.Thumbnail.Body)
		if err != nil {
			return nil, err
		}
		out.ThumbnailSize = Ptr(int64(len(t)))
	}
	return out, nil
}

// UploadDocument reports the file and the model it got as the caption.
func (h *petShop) UploadDocument(ctx context.Context, body *DocumentUpload) (*Upload, error) {
	data, err := io.ReadAll(body.File.Body)
	if err != nil {
		return nil, err
	}
	model := "?"
	if body.Model.String != nil {
		model = *body.Model.String
	}
	return &Upload{Filename: body.File.Filename, Size: int64(len(data)), Caption: model}, nil
}

func (h *petShop) CreateNote(ctx context.Context, body *RawBody) error {
	data, err := io.ReadAll(body.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.note = data
	return err
}

// wire records the last request as it reached the server.
type wire struct {
	mu          sync.Mutex
	contentType string
	body        []byte
}

func start(t *testing.T, opts ...ServerOption) (*petShop, *Client, *httptest.Server, *wire) {
	t.Helper()
	h := &petShop{}
	seen := &wire{}
	api := NewServer(h, opts...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/pets/7/photo" {
			data, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(data))
			seen.mu.Lock()
			seen.body = data
			seen.mu.Unlock()
		}
		seen.mu.Lock()
		seen.contentType = r.Header.Get("Content-Type")
		seen.mu.Unlock()
		api.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, WithRetry(RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return h, c, srv, seen
}

func TestFormRoundTrip(t *testing.T) {
	h, c, _, seen := start(t)
	ctx := context.Background()
	kind := KindDog
	in := &CreatePetRequest{Name: "Rex", Nickname: NewNullable("R"), Age: 3, Weight: Ptr(12.5), Vaccinated: Ptr(true), Kind: &kind,
		Tags: []string{"good", "loud boy"}, IDs: []int64{4, 5}}
	got, err := c.CreatePet(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if seen.contentType != "application/x-www-form-urlencoded" {
		t.Errorf("content type %q", seen.contentType)
	}
	// Arrays explode by default; encoding says ids does not.
	vals, err := url.ParseQuery(string(seen.body))
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"name": {"Rex"}, "nickname": {"R"}, "age": {"3"}, "weight": {"12.5"}, "vaccinated": {"true"}, "kind": {"dog"},
		"tags": {"good", "loud boy"}, "ids": {"4,5"}}
	if !reflect.DeepEqual(vals, want) {
		t.Errorf("form sent:\n got %v\nwant %v", vals, want)
	}
	if !reflect.DeepEqual(h.pet.Tags, in.Tags) || h.pet.Nickname != NewNullable("R") || !reflect.DeepEqual(h.pet.IDs, in.IDs) || *h.pet.Kind != KindDog || *h.pet.Weight != 12.5 {
		t.Errorf("server decoded %+v", h.pet)
	}
	if got.Name != "Rex" || got.Age != 3 || !*got.Vaccinated {
		t.Errorf("round trip gave %+v", got)
	}

	// Optional fields left out are not sent and arrive as nil; a form has
	// no null, so a null is left out too.
	if _, err := c.CreatePet(ctx, &CreatePetRequest{Name: "Tom", Nickname: Null[string](), Age: 1}); err != nil {
		t.Fatal(err)
	}
	if string(seen.body) != "age=1&name=Tom" {
		t.Errorf("minimal form %q", seen.body)
	}
	if h.pet.Nickname.Set || h.pet.Weight != nil || h.pet.Vaccinated != nil || h.pet.Kind != nil || h.pet.Tags != nil || h.pet.IDs != nil {
		t.Errorf("absent fields decoded as %+v", h.pet)
	}
}

func TestFormValidatedByClient(t *testing.T) {
	_, c, _, _ := start(t)
	_, err := c.CreatePet(context.Background(), &CreatePetRequest{Name: "", Age: -1})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Violations) != 2 {
		t.Fatalf("want two violations, got %v", err)
	}
}

func post(t *testing.T, srv *httptest.Server, path, ct, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(srv.URL+path, ct, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

func TestFormBadValues(t *testing.T) {
	h, _, srv, _ := start(t)
	const form = "application/x-www-form-urlencoded"
	for _, tc := range []struct {
		body, want string
	}{
		{"name=Rex&age=old", "age: must be a 32-bit integer (in form)"},
		{"name=Rex&age=3&ids=1,x", "ids: must be a 64-bit integer (in form)"},
		{"name=Rex&age=3&vaccinated=maybe", "vaccinated: must be true or false (in form)"},
		{"name=Rex", "age: is required"},
		{"name=&age=3", "name"},
		{"name=Rex&age=-2", "age"},
		{"name=Rex&age=3&kind=cow", "kind"},
		{"name=%zz&age=3", "malformed form body"},
	} {
		code, msg := post(t, srv, "/pets", form, tc.body)
		if code != 400 || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: got %d %s, want 400 with %q", tc.body, code, msg, tc.want)
		}
	}
	if h.pet != nil {
		t.Errorf("handler ran for a bad form: %+v", h.pet)
	}
	if code, _ := post(t, srv, "/pets", "application/json", `{"name":"Rex","age":3}`); code != 415 {
		t.Errorf("JSON to a form operation: %d, want 415", code)
	}
	if code, _ := post(t, srv, "/pets", form, ""); code != 400 {
		t.Errorf("empty required form: %d, want 400", code)
	}
}

func TestFormSizeLimit(t *testing.T) {
	_, _, srv, _ := start(t, WithMaxBodyBytes(64))
	code, _ := post(t, srv, "/pets", "application/x-www-form-urlencoded", "age=3&name="+strings.Repeat("x", 100))
	if code != 413 {
		t.Errorf("got %d, want 413", code)
	}
}

// JSON stays the typed body when an operation offers JSON and a form.
func TestJSONPreferredOverForm(t *testing.T) {
	h, c, srv, seen := start(t)
	if _, err := c.SearchPets(context.Background(), &Search{Query: Ptr("cats")}); err != nil {
		t.Fatal(err)
	}
	if seen.contentType != "application/json" || *h.search.Query != "cats" {
		t.Errorf("sent %q, decoded %+v", seen.contentType, h.search)
	}
	if code, _ := post(t, srv, "/pets/search", "application/x-www-form-urlencoded", "query=cats"); code != 415 {
		t.Errorf("form to the JSON-typed operation: %d, want 415", code)
	}
}

// A form whose schema cannot be typed passes through as a RawBody.
func TestUntypedFormIsRaw(t *testing.T) {
	h, c, _, seen := start(t)
	if err := c.CreateNote(context.Background(), &RawBody{Body: strings.NewReader("attrs%5Ba%5D=1")}); err != nil {
		t.Fatal(err)
	}
	if seen.contentType != "application/x-www-form-urlencoded" || string(h.note) != "attrs%5Ba%5D=1" {
		t.Errorf("sent %q %q", seen.contentType, h.note)
	}
}

// A body read from a reader cannot be sent again, so even a 429, retried
// for every other operation, comes back at once.
func TestRawBodyIsSentOnce(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	err = c.CreateNote(context.Background(), &RawBody{Body: strings.NewReader("a=1")})
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusTooManyRequests || hits != 1 {
		t.Errorf("got %v after %d requests, want the 429 after 1", err, hits)
	}
}

// slowReader hands out its content in small pieces.
type slowReader struct {
	data []byte
	pos  int
}

func (r *slowReader) Read(p []byte) (int, error) {
	if r.pos >= len(r.data) {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 1000)], r.data[r.pos:])
	r.pos += n
	return n, nil
}

func TestMultipartRoundTrip(t *testing.T) {
	_, c, _, seen := start(t)
	photo := bytes.Repeat([]byte("0123456789"), 50_000) // 500 kB
	in := &UploadPhotoRequest{
		Photo:     FormFile{Filename: "rex.jpg", Body: &slowReader{data: photo}},
		Thumbnail: &FormFile{Filename: "small.png", Body: strings.NewReader("tiny")},
		Caption:   "Rex at the beach",
		Rating:    Ptr(int64(5)),
		Labels:    []string{"dog", "beach"},
		Meta:      &PhotoMeta{Width: 640, Camera: Ptr("phone")},
		Album:     NewNullable(int64(9)),
	}
	got, err := c.UploadPhoto(context.Background(), 7, in)
	if err != nil {
		t.Fatal(err)
	}
	if mt, _, _ := mime.ParseMediaType(seen.contentType); mt != "multipart/form-data" {
		t.Errorf("content type %q", seen.contentType)
	}
	want := &Upload{Filename: "rex.jpg", ContentType: Ptr("image/jpeg"), Size: int64(len(photo)), ThumbnailSize: Ptr(int64(4)),
		Caption: "Rex at the beach", Rating: Ptr(int64(5)), Labels: []string{"dog", "beach"}, Meta: &PhotoMeta{Width: 640, Camera: Ptr("phone")}, Album: Ptr(int64(9))}
	if !reflect.DeepEqual(got, want) {
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		t.Errorf("upload:\n got %s\nwant %s", gj, wj)
	}
	// Without the optional parts.
	got, err = c.UploadPhoto(context.Background(), 7, &UploadPhotoRequest{Photo: FormFile{Body: strings.NewReader("x")}, Caption: "c"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Size != 1 || got.Filename != "photo" || got.Album != nil || got.ThumbnailSize != nil || got.Meta != nil || got.Labels != nil {
		t.Errorf("minimal upload %+v", got)
	}
}

// The parts are what the spec says: the photo a file part with the
// encoding's content type, the metadata a JSON part, the rest text.
func TestMultipartParts(t *testing.T) {
	var parts []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mr, err := r.MultipartReader()
		if err != nil {
			t.Error(err)
			return
		}
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			data, _ := io.ReadAll(p)
			parts = append(parts, p.FormName()+"|"+p.FileName()+"|"+p.Header.Get("Content-Type")+"|"+string(data))
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"filename":"f","size":1,"caption":"c"}`)
	}))
	defer srv.Close()
	c, _ := NewClient(srv.URL)
	_, err := c.UploadPhoto(context.Background(), 1, &UploadPhotoRequest{
		Photo:     FormFile{Filename: `a"b.jpg`, Body: strings.NewReader("JPEG")},
		Thumbnail: &FormFile{Filename: "t.png", Body: strings.NewReader("PNG")},
		Caption:   "hi", Labels: []string{"x", "y"},
		// Serial is readOnly: a JSON part leaves it out, as a JSON body
		// would, at any depth.
		Meta:   &PhotoMeta{Width: 2, Serial: Ptr("S1")},
		Lenses: []PhotoMeta{{Width: 3, Serial: Ptr("S2")}, {Width: 4, Camera: Ptr("c")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`photo|a"b.jpg|image/jpeg|JPEG`,
		"thumbnail|t.png|image/png|PNG",
		"caption|||hi",
		"labels|||x",
		"labels|||y",
		`meta||application/json|{"width":2}`,
		`lenses||application/json|[{"width":3},{"width":4,"camera":"c"}]`,
	}
	if !reflect.DeepEqual(parts, want) {
		t.Errorf("parts:\n got %q\nwant %q", parts, want)
	}
}

func multipartRequest(t *testing.T, fields map[string]string, files map[string]string) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, k := range []string{"photo", "thumbnail"} {
		if v, ok := files[k]; ok {
			w, _ := mw.CreateFormFile(k, k+".bin")
			io.WriteString(w, v)
		}
	}
	for _, k := range []string{"caption", "rating", "labels", "meta", "lenses", "checksum", "exif", "album"} {
		if v, ok := fields[k]; ok {
			mw.WriteField(k, v)
		}
	}
	mw.Close()
	return mw.FormDataContentType(), &buf
}

func TestMultipartBadParts(t *testing.T) {
	_, _, srv, _ := start(t)
	for _, tc := range []struct {
		name   string
		fields map[string]string
		files  map[string]string
		want   string
	}{
		{"no photo", map[string]string{"caption": "c"}, nil, "photo: is required"},
		{"bad album", map[string]string{"caption": "c", "album": "x"}, map[string]string{"photo": "x"}, "album: must be a 64-bit integer (in form)"},
		{"bad rating", map[string]string{"caption": "c", "rating": "five"}, map[string]string{"photo": "x"}, "rating: must be a 64-bit integer (in form)"},
		{"bad meta", map[string]string{"caption": "c", "meta": `{"width":"wide"}`}, map[string]string{"photo": "x"}, "meta: must be JSON"},
		{"meta breaks its schema", map[string]string{"caption": "c", "meta": `{"width":0}`}, map[string]string{"photo": "x"}, "meta.width"},
		{"meta with a property it does not name", map[string]string{"caption": "c", "meta": `{"width":1,"color":"red"}`}, map[string]string{"photo": "x"}, "meta.color: is not allowed"},
		{"lens with a property it does not name", map[string]string{"caption": "c", "lenses": `[{"width":1},{"width":2,"zoom":3}]`}, map[string]string{"photo": "x"}, "lenses[1].zoom: is not allowed"},
		{"lens breaks its schema", map[string]string{"caption": "c", "lenses": `[{"width":0}]`}, map[string]string{"photo": "x"}, "lenses[0].width"},
		{"caption too long", map[string]string{"caption": strings.Repeat("c", 21)}, map[string]string{"photo": "x"}, "caption"},
	} {
		ct, body := multipartRequest(t, tc.fields, tc.files)
		code, msg := post(t, srv, "/pets/7/photo", ct, body.String())
		if code != 400 || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: got %d %s, want 400 with %q", tc.name, code, msg, tc.want)
		}
	}
	if code, _ := post(t, srv, "/pets/7/photo", "multipart/form-data", "x"); code != 400 {
		t.Errorf("no boundary: %d, want 400", code)
	}
}

func TestMultipartSizeLimit(t *testing.T) {
	_, _, srv, _ := start(t, WithMaxBodyBytes(1000))
	ct, body := multipartRequest(t, map[string]string{"caption": "c"}, map[string]string{"photo": strings.Repeat("x", 5000)})
	if code, msg := post(t, srv, "/pets/7/photo", ct, body.String()); code != 413 {
		t.Errorf("got %d %s, want 413", code, msg)
	}
}

// A file whose reader fails stops the request with that error.
func TestMultipartReaderError(t *testing.T) {
	_, c, _, _ := start(t)
	boom := errors.New("disk on fire")
	_, err := c.UploadPhoto(context.Background(), 7, &UploadPhotoRequest{Photo: FormFile{Body: io.MultiReader(strings.NewReader("abc"), &failing{boom})}, Caption: "c"})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("got %v, want the reader's error", err)
	}
}

type failing struct{ err error }

func (f *failing) Read([]byte) (int, error) { return 0, f.err }

// FormFile never prints its content.
func TestFormFileString(t *testing.T) {
	s := FormFile{Filename: "a.txt", Size: 3, Body: strings.NewReader("secret")}.String()
	if strings.Contains(s, "secret") || !strings.Contains(s, "a.txt") {
		t.Errorf("String() = %s", s)
	}
}

// gatedReader gives its first piece, then waits until the server has seen
// that piece before giving the rest: it only finishes when the client
// streams the part instead of reading it whole before sending.
type gatedReader struct {
	step int
	gate chan struct{}
}

func (r *gatedReader) Read(p []byte) (int, error) {
	r.step++
	switch r.step {
	case 1:
		return copy(p, "first-"), nil
	case 2:
		select {
		case <-r.gate:
		case <-time.After(5 * time.Second):
			return 0, errors.New("the server never saw the first piece: the part was not streamed")
		}
		return copy(p, "second"), nil
	}
	return 0, io.EOF
}

func TestMultipartFileIsStreamed(t *testing.T) {
	gate := make(chan struct{})
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mr, err := r.MultipartReader()
		if err != nil {
			t.Error(err)
			return
		}
		p, err := mr.NextPart()
		if err != nil {
			t.Error(err)
			return
		}
		first := make([]byte, len("first-"))
		if _, err := io.ReadFull(p, first); err != nil {
			t.Error(err)
			return
		}
		close(gate)
		rest, _ := io.ReadAll(p)
		got = string(first) + string(rest)
		for {
			if _, err := mr.NextPart(); err != nil {
				break
			}
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"filename":"f","size":1,"caption":"c"}`)
	}))
	defer srv.Close()
	c, _ := NewClient(srv.URL)
	if _, err := c.UploadPhoto(context.Background(), 1, &UploadPhotoRequest{Photo: FormFile{Body: &gatedReader{gate: gate}}, Caption: "c"}); err != nil {
		t.Fatal(err)
	}
	if got != "first-second" {
		t.Errorf("server read %q", got)
	}
}

// bigUploads notes how the handler got the photo.
type bigUploads struct {
	petShop
	onDisk bool
	size   int64
}

func (h *bigUploads) UploadPhoto(ctx context.Context, petID int64, body *UploadPhotoRequest) (*Upload, error) {
	_, h.onDisk = body.Photo.Body.(*os.File)
	n, err := io.Copy(io.Discard, body.Photo.Body)
	h.size = n
	return &Upload{Filename: "f", Size: n, Caption: body.Caption}, err
}

// A large file waits on disk for the handler, not in memory.
func TestLargeFileOnDisk(t *testing.T) {
	h := &bigUploads{}
	srv := httptest.NewServer(NewServer(h, WithMaxBodyBytes(64<<20)))
	defer srv.Close()
	c, _ := NewClient(srv.URL)
	const size = 9 << 20
	if _, err := c.UploadPhoto(context.Background(), 1, &UploadPhotoRequest{Photo: FormFile{Body: io.LimitReader(zeros{}, size)}, Caption: "c"}); err != nil {
		t.Fatal(err)
	}
	if !h.onDisk || h.size != size {
		t.Errorf("on disk %v, size %d", h.onDisk, h.size)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A component that only serves as a multipart body gets FormFile fields
// too, and a union of strings goes as a plain text part.
func TestComponentMultipart(t *testing.T) {
	_, c, _, _ := start(t)
	got, err := c.UploadDocument(context.Background(), &DocumentUpload{
		File:  FormFile{Filename: "a.pdf", Body: strings.NewReader("%PDF")},
		Model: DocumentUploadModel{String: Ptr("small-model")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.Filename != "a.pdf" || got.Size != 4 || got.Caption != "small-model" {
		t.Errorf("got %+v", got)
	}
	var parts []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mr, _ := r.MultipartReader()
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			data, _ := io.ReadAll(p)
			parts = append(parts, p.FormName()+"|"+p.Header.Get("Content-Type")+"|"+string(data))
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"filename":"f","size":1,"caption":"c"}`)
	}))
	defer srv.Close()
	c2, _ := NewClient(srv.URL)
	if _, err := c2.UploadDocument(context.Background(), &DocumentUpload{File: FormFile{Body: strings.NewReader("x")},
		Model: DocumentUploadModel{String: Ptr("m")}}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"file|application/octet-stream|x", "model||m"}; !reflect.DeepEqual(parts, want) {
		t.Errorf("parts %q, want %q", parts, want)
	}
}

// A field sent as a file part (with a filename, as curl -F name=@file
// sends it) is read as the field's value: checked, not dropped.
func TestFieldsSentAsFiles(t *testing.T) {
	_, _, srv, _ := start(t)
	send := func(parts map[string]string) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for _, k := range []string{"photo", "caption", "meta", "album"} {
			if v, ok := parts[k]; ok {
				w, _ := mw.CreateFormFile(k, k+".txt")
				io.WriteString(w, v)
			}
		}
		mw.Close()
		return post(t, srv, "/pets/7/photo", mw.FormDataContentType(), buf.String())
	}
	if code, msg := send(map[string]string{"photo": "x", "caption": "c"}); code != 200 {
		t.Errorf("caption as a file: %d %s, want 200", code, msg)
	}
	for name, tc := range map[string]struct {
		parts map[string]string
		want  string
	}{
		"meta breaks its schema": {map[string]string{"photo": "x", "caption": "c", "meta": `{"width":0}`}, "meta.width"},
		"album not as JSON":      {map[string]string{"photo": "x", "caption": "c", "album": "+07"}, "album: must be a 64-bit integer (in form)"},
	} {
		if code, msg := send(tc.parts); code != 400 || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: got %d %s, want 400 with %q", name, code, msg, tc.want)
		}
	}
}

// A body sent chunked without a type is a body of the wrong type, not a
// missing one; a raw body is refused in another type, and a handler that
// reads past the size limit answers 413.
func TestBodiesOfAnotherType(t *testing.T) {
	_, _, srv, _ := start(t, WithMaxBodyBytes(100))
	req, _ := http.NewRequest("POST", srv.URL+"/pets", io.MultiReader(strings.NewReader("name=a&age=3")))
	req.ContentLength = -1
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 415 {
		t.Errorf("chunked form without a type: %d, want 415", resp.StatusCode)
	}
	if code, msg := post(t, srv, "/notes", "application/json", `{"a":1}`); code != 415 || !strings.Contains(msg, "application/x-www-form-urlencoded") {
		t.Errorf("raw body of another type: %d %s, want 415", code, msg)
	}
	if code, msg := post(t, srv, "/notes", "application/x-www-form-urlencoded", strings.Repeat("a", 200)); code != 413 {
		t.Errorf("raw body past the limit: %d %s, want 413", code, msg)
	}
}

// attachmentRecorder records the files of the list UploadPhoto received,
// as "name|content type|content".
type attachmentRecorder struct {
	*petShop
	mu    sync.Mutex
	files []string
}

func (h *attachmentRecorder) UploadPhoto(ctx context.Context, petID int64, body *UploadPhotoRequest) (*Upload, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.files = nil
	for _, f := range body.Attachments {
		data, err := io.ReadAll(f.Body)
		if err != nil {
			return nil, err
		}
		if f.Size != int64(len(data)) {
			return nil, errors.New("size does not match the content")
		}
		h.files = append(h.files, f.Filename+"|"+f.ContentType+"|"+string(data))
	}
	return h.petShop.UploadPhoto(ctx, petID, body)
}

// A list of files (type: array, items: binary) is a []FormFile: the client
// sends a part per file under the field's name, in order, and the server
// hands the handler each one, as it hands a single file.
func TestMultipartListOfFiles(t *testing.T) {
	h := &attachmentRecorder{petShop: &petShop{}}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	received := func() []string {
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.files
	}
	in := &UploadPhotoRequest{Photo: FormFile{Body: strings.NewReader("x")}, Caption: "c", Attachments: []FormFile{
		{Filename: "a.txt", Body: strings.NewReader("alpha")},
		{Filename: "b.csv", ContentType: "text/csv", Body: strings.NewReader("b,c")},
		{Filename: "empty"},
	}}
	if _, err := c.UploadPhoto(ctx, 1, in); err != nil {
		t.Fatal(err)
	}
	want := []string{"a.txt|text/plain|alpha", "b.csv|text/csv|b,c", "empty|text/plain|"}
	if got := received(); !reflect.DeepEqual(got, want) {
		t.Errorf("the server got %q, want %q", got, want)
	}
	// None: the handler gets nil.
	if _, err := c.UploadPhoto(ctx, 1, &UploadPhotoRequest{Photo: FormFile{Body: strings.NewReader("x")}, Caption: "c"}); err != nil {
		t.Fatal(err)
	}
	if got := received(); got != nil {
		t.Errorf("no attachments sent, the server got %q", got)
	}
	// maxItems, and a name a part's header cannot carry, are refused
	// before sending.
	four := make([]FormFile, 4)
	_, err = c.UploadPhoto(ctx, 1, &UploadPhotoRequest{Photo: FormFile{Body: strings.NewReader("x")}, Caption: "c", Attachments: four})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Violations) != 1 || ve.Violations[0].String() != "attachments: has 4 items, more than 3 (maxItems)" {
		t.Errorf("four attachments: got %v", err)
	}
	_, err = c.UploadPhoto(ctx, 1, &UploadPhotoRequest{Photo: FormFile{Body: strings.NewReader("x")}, Caption: "c",
		Attachments: []FormFile{{Filename: "ok"}, {Filename: "a\nb"}}})
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "attachments: its file name must not hold control characters") {
		t.Errorf("a file name with a newline: got %v", err)
	}
	// As curl -F attachments=@a -F attachments=@b sends them, and more than
	// maxItems, which the server refuses.
	for n, wantStatus := range map[int]int{2: 200, 4: 400} {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("caption", "c")
		w, _ := mw.CreateFormFile("photo", "p.jpg")
		io.WriteString(w, "p")
		for i := range n {
			w, _ := mw.CreateFormFile("attachments", "f"+string(rune('0'+i)))
			io.WriteString(w, "content")
		}
		mw.Close()
		resp, err := http.Post(srv.URL+"/pets/1/photo", mw.FormDataContentType(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != wantStatus {
			t.Errorf("%d attachments: %d %s, want %d", n, resp.StatusCode, b, wantStatus)
		}
	}
	if got, want := received(), []string{"f0|application/octet-stream|content", "f1|application/octet-stream|content"}; !reflect.DeepEqual(got, want) {
		t.Errorf("from curl: the server got %q, want %q", got, want)
	}
}

func (h *petShop) CreateBundle(ctx context.Context, body *Bundle) (*Bundle, error) { return body, nil }

// appendixRecorder records the appendix files UploadDocument received.
type appendixRecorder struct {
	*petShop
	files []string
}

func (h *appendixRecorder) UploadDocument(ctx context.Context, body *DocumentUpload) (*Upload, error) {
	h.mu.Lock()
	h.files = nil
	for _, f := range body.Appendix {
		data, _ := io.ReadAll(f.Body)
		h.files = append(h.files, f.Filename+"|"+string(data))
	}
	h.mu.Unlock()
	return h.petShop.UploadDocument(ctx, body)
}

// Lists of files in a component: a component used only as a multipart body
// holds them as []FormFile (DocumentUpload.Appendix), one used as JSON too
// keeps its JSON shape, []string (Bundle.Files); either way a part per file.
func TestComponentListsOfFiles(t *testing.T) {
	h := &appendixRecorder{petShop: &petShop{}}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, err = c.UploadDocument(ctx, &DocumentUpload{File: FormFile{Body: strings.NewReader("%PDF")}, Model: DocumentUploadModel{String: Ptr("m")},
		Appendix: []FormFile{{Filename: "a.txt", Body: strings.NewReader("one")}, {Filename: "b.txt", Body: strings.NewReader("two")}}})
	if err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	got := h.files
	h.mu.Unlock()
	if want := []string{"a.txt|one", "b.txt|two"}; !reflect.DeepEqual(got, want) {
		t.Errorf("appendix: the server got %q, want %q", got, want)
	}

	b, err := c.CreateBundle(ctx, &Bundle{Name: "b", Files: []string{"alpha", ""}})
	if err != nil || !reflect.DeepEqual(b.Files, []string{"alpha", ""}) {
		t.Fatalf("bundle: got %+v, %v", b, err)
	}
	_, err = c.CreateBundle(ctx, &Bundle{Name: "b", Files: []string{"1", "2", "3"}})
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Violations[0].String() != "files: has 3 items, more than 2 (maxItems)" {
		t.Errorf("three files: got %v", err)
	}
	// As curl -F files=@a -F files=@b sends them.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("name", "n")
	for _, content := range []string{"x", "y"} {
		w, _ := mw.CreateFormFile("files", content+".bin")
		io.WriteString(w, content)
	}
	mw.Close()
	code, msg := post(t, srv, "/bundles", mw.FormDataContentType(), buf.String())
	if code != 200 || !strings.Contains(msg, `"files":["x","y"]`) {
		t.Errorf("from curl: %d %s", code, msg)
	}
}

// A readOnly field of a form is ignored, as in a JSON body: the client
// does not send it, and the server does not hand it to the handler.
func TestFormIgnoresReadOnly(t *testing.T) {
	h, c, srv, seen := start(t)
	if _, err := c.CreatePet(context.Background(), &CreatePetRequest{Name: "Tom", Age: 1, Registered: Ptr("2020")}); err != nil {
		t.Fatal(err)
	}
	seen.mu.Lock()
	sent := string(seen.body)
	seen.mu.Unlock()
	if strings.Contains(sent, "registered") || !strings.Contains(sent, "name=Tom") {
		t.Errorf("the client sent %q", sent)
	}
	code, msg := post(t, srv, "/pets", "application/x-www-form-urlencoded", "name=Rex&age=3&registered=2020")
	if code != 200 {
		t.Fatalf("got %d %s", code, msg)
	}
	if h.pet == nil || h.pet.Name != "Rex" || h.pet.Registered != nil {
		t.Errorf("the handler got %+v, want Rex without registered", h.pet)
	}
}

// A JSON part is read as a JSON body is: its readOnly properties, at any
// depth, do not reach the handler.
func TestMultipartJSONPartIgnoresReadOnly(t *testing.T) {
	_, _, srv, _ := start(t)
	ct, body := multipartRequest(t, map[string]string{
		"caption": "c",
		"meta":    `{"width":2,"serial":"S1"}`,
		"lenses":  `[{"width":3,"serial":"S2"},{"width":4}]`,
	}, map[string]string{"photo": "x"})
	code, msg := post(t, srv, "/pets/7/photo", ct, body.String())
	if code != 200 {
		t.Fatalf("got %d %s", code, msg)
	}
	if strings.Contains(msg, "serial") || !strings.Contains(msg, `"meta":{"width":2}`) || !strings.Contains(msg, `"lenses":[{"width":3},{"width":4}]`) {
		t.Errorf("the handler was given a readOnly value, or lost a part: %s", msg)
	}
}

// Parts that are not objects keep their own readers: base64 text for a
// format: byte string, any JSON for a free-form value, from the client and
// from a hand-written form alike.
func TestMultipartBytesAndFreeFormParts(t *testing.T) {
	h, c, srv, _ := start(t)
	photo := func() FormFile { return FormFile{Filename: "p.jpg", Body: strings.NewReader("JPEG")} }
	for _, exif := range []string{`{"iso":200}`, `[1,2]`, `"flash"`, `7`} {
		_, err := c.UploadPhoto(context.Background(), 7, &UploadPhotoRequest{Photo: photo(), Caption: "c",
			Checksum: []byte("hi"), Exif: json.RawMessage(exif)})
		if err != nil {
			t.Fatalf("exif %s: %v", exif, err)
		}
		h.mu.Lock()
		got := h.photo
		h.mu.Unlock()
		if string(got.Checksum) != "hi" || string(got.Exif) != exif {
			t.Errorf("the handler got checksum %q and exif %s, want \"hi\" and %s", got.Checksum, got.Exif, exif)
		}
	}
	ct, body := multipartRequest(t, map[string]string{"caption": "c", "checksum": "aGk=", "exif": `{"iso":100}`}, map[string]string{"photo": "x"})
	if code, msg := post(t, srv, "/pets/7/photo", ct, body.String()); code != 200 {
		t.Fatalf("from a hand-written form: %d %s", code, msg)
	}
	h.mu.Lock()
	got := h.photo
	h.mu.Unlock()
	if string(got.Checksum) != "hi" || string(got.Exif) != `{"iso":100}` {
		t.Errorf("from a hand-written form, the handler got checksum %q and exif %s", got.Checksum, got.Exif)
	}
	ct, body = multipartRequest(t, map[string]string{"caption": "c", "checksum": "not base64!"}, map[string]string{"photo": "x"})
	if code, msg := post(t, srv, "/pets/7/photo", ct, body.String()); code != 400 || !strings.Contains(msg, "checksum") {
		t.Errorf("a checksum that is not base64: %d %s, want 400 naming checksum", code, msg)
	}
}
