package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
)

// ---- form bodies ----

// FormFile is a file part of a multipart/form-data body.
//
// To send one, set Body (read once, as the request is streamed) and
// Filename; ContentType defaults to the spec's, else
// application/octet-stream. A server handler receives Body positioned at
// the start of the part, with its Size, and the last element of the file
// name the client sent (mime/multipart drops directories, so that a name
// cannot lead a handler that saves the file out of its folder); large
// files are kept on disk, not in memory, and are removed when the handler
// returns.
type FormFile struct {
	Filename    string
	ContentType string
	Size        int64 // on the server: the size of the part; unused when sending
	Body        io.Reader
}

// String describes the file without its content.
func (f FormFile) String() string {
	return fmt.Sprintf("FormFile{Filename: %q, ContentType: %q, Size: %d}", f.Filename, f.ContentType, f.Size)
}

// lazyPipe is a request body that a function writes as it is read: the
// writer starts on the first Read and stops when the body is closed.
type lazyPipe struct {
	once  sync.Once
	pr    *io.PipeReader
	start func()
}

func (p *lazyPipe) Read(b []byte) (int, error) {
	p.once.Do(p.start)
	return p.pr.Read(b)
}

func (p *lazyPipe) Close() error { return p.pr.Close() }

// multipartBody streams a multipart/form-data body that write fills.
func multipartBody(write func(mw *multipart.Writer) error) *RawBody {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	p := &lazyPipe{pr: pr, start: func() {
		go func() {
			err := write(mw)
			if err == nil {
				err = mw.Close()
			}
			pw.CloseWithError(err)
		}()
	}}
	return &RawBody{ContentType: mw.FormDataContentType(), Body: p}
}

// formOrNil is the form body to send, or nil when there is none.
func formOrNil[T any](body *T, encode func(*T) *formValues) any {
	if body == nil {
		return nil
	}
	return encode(body)
}

// multipartOrNil is the multipart/form-data body to send, streamed by
// write, or nil when there is none.
func multipartOrNil[T any](body *T, write func(*multipart.Writer, *T) error) any {
	if body == nil {
		return nil
	}
	return multipartBody(func(mw *multipart.Writer) error { return write(mw, body) })
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "%0D", "\n", "%0A")

func partHeader(name, filename, contentType string) textproto.MIMEHeader {
	h := textproto.MIMEHeader{}
	disp := `form-data; name="` + quoteEscaper.Replace(name) + `"`
	if filename != "" {
		disp += `; filename="` + quoteEscaper.Replace(filename) + `"`
	}
	h.Set("Content-Disposition", disp)
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return h
}

// fileName notes in e a file whose name its part's header cannot carry:
// a control byte would end the header, or be refused by the receiver.
func fileName(e *validator, name string, f *FormFile) {
	if f != nil && !headerSafe(f.Filename) {
		e.add(&vpath{name: name}, "type", "its file name must not hold control characters")
	}
}

// writeFilePart streams one file part.
func writeFilePart(mw *multipart.Writer, name string, f *FormFile, defaultType string) error {
	ct := f.ContentType
	if ct == "" {
		ct = defaultType
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	filename := f.Filename
	if filename == "" {
		filename = name
	}
	w, err := mw.CreatePart(partHeader(name, filename, ct))
	if err != nil {
		return err
	}
	if f.Body == nil {
		return nil
	}
	if _, err := io.Copy(w, f.Body); err != nil {
		return fmt.Errorf("writing file part %s: %w", name, err)
	}
	return nil
}

// writeJSONPart writes one part holding v as JSON, as a request body would
// be written: without readOnly properties, at any depth. Without a content
// type from the spec, a value that is a JSON string (a union of strings,
// say) goes as plain text, as a form would send it.
func writeJSONPart(mw *multipart.Writer, name, contentType string, v any) error {
	data, err := appendJSON(nil, walker{v}, true, dirRequest)
	if err != nil {
		return fmt.Errorf("encoding part %s: %w", name, err)
	}
	if contentType == "" {
		var s string
		if len(data) > 0 && data[0] == '"' && json.Unmarshal(data, &s) == nil {
			return mw.WriteField(name, s)
		}
		contentType = "application/json"
	}
	w, err := mw.CreatePart(partHeader(name, "", contentType))
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// formData is a form body as the server read it.
type formData struct {
	values url.Values
	raw    string // a form-urlencoded body as it came
	files  map[string][]*multipart.FileHeader
	opened []io.Closer
	form   *multipart.Form
}

// readForm reads a form-urlencoded or (multipart) a multipart/form-data
// body of at most maxBytes. It returns nil when the body is absent and not
// required, and an *APIError (400, 413 or 415) when it cannot be read.
// Multipart files over a few megabytes are kept on disk, not in memory.
func readForm(r *http.Request, maxBytes int64, multipartBody, required bool) (*formData, error) {
	want := "application/x-www-form-urlencoded"
	if multipartBody {
		want = "multipart/form-data"
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" && r.ContentLength == 0 { // not -1: a body sent chunked
		if required {
			return nil, &APIError{StatusCode: http.StatusBadRequest, Message: "request body is required"}
		}
		return nil, nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != want {
		return nil, &APIError{StatusCode: http.StatusUnsupportedMediaType, Message: "request body must be " + want}
	}
	if enc := strings.ToLower(r.Header.Get("Content-Encoding")); enc != "" && enc != "identity" {
		return nil, &APIError{StatusCode: http.StatusUnsupportedMediaType, Message: "unsupported Content-Encoding for a form"}
	}
	tooLarge := &APIError{StatusCode: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("request body is larger than %d bytes", maxBytes)}
	var mbe *http.MaxBytesError
	body := http.MaxBytesReader(nil, r.Body, maxBytes)
	if !multipartBody {
		data, err := io.ReadAll(body)
		if errors.As(err, &mbe) {
			return nil, tooLarge
		}
		if err != nil {
			return nil, &APIError{StatusCode: http.StatusBadRequest, Message: "reading request body: " + err.Error()}
		}
		raw := string(data)
		vals, err := url.ParseQuery(raw)
		if err != nil {
			return nil, &APIError{StatusCode: http.StatusBadRequest, Message: "malformed form body"}
		}
		return &formData{values: vals, raw: raw}, nil
	}
	if params["boundary"] == "" {
		return nil, &APIError{StatusCode: http.StatusBadRequest, Message: "multipart body without a boundary"}
	}
	mem := maxBytes
	if mem > 8<<20 {
		mem = 8 << 20
	}
	form, err := multipart.NewReader(body, params["boundary"]).ReadForm(mem)
	if errors.As(err, &mbe) {
		return nil, tooLarge
	}
	if err != nil {
		return nil, &APIError{StatusCode: http.StatusBadRequest, Message: "malformed multipart body: " + err.Error()}
	}
	return &formData{values: form.Value, files: form.File, form: form}, nil
}

// formBody reads the form body of a request with readForm, answering the
// request itself and returning false when it cannot; a body that is
// absent (and not required) is a nil *formData.
func (s *server) formBody(w http.ResponseWriter, r *http.Request, multipartBody, required bool) (*formData, bool) {
	form, err := readForm(r, s.cfg.maxBodyBytes, multipartBody, required)
	if err != nil {
		s.writeError(w, r, err)
		return nil, false
	}
	return form, true
}

// value returns the first value of a field.
func (f *formData) value(name string) (string, bool) {
	vs := f.fieldValues(name)
	if len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// fieldValues returns the values of a field; a multipart field sent as a
// file (with a filename, as curl -F name=@file sends it) gives its content.
func (f *formData) fieldValues(name string) []string {
	if vs := f.values[name]; len(vs) > 0 || len(f.files[name]) == 0 {
		return vs
	}
	var out []string
	for _, fh := range f.files[name] {
		rd, err := fh.Open()
		if err != nil {
			return out
		}
		data, err := io.ReadAll(rd)
		rd.Close()
		if err != nil {
			return out
		}
		out = append(out, string(data))
	}
	return out
}

// file opens the file part of a field; a part sent without a filename
// is taken as the file's content.
func (f *formData) file(name string) (*FormFile, bool, error) {
	if fhs := f.files[name]; len(fhs) > 0 {
		ff, err := f.open(fhs[0])
		return ff, true, err
	}
	if v, ok := f.value(name); ok {
		return &FormFile{Size: int64(len(v)), Body: strings.NewReader(v)}, true, nil
	}
	return nil, false, nil
}

// open opens a file part, to be closed with the form.
func (f *formData) open(fh *multipart.FileHeader) (*FormFile, error) {
	rd, err := fh.Open()
	if err != nil {
		return nil, err
	}
	f.opened = append(f.opened, rd)
	return &FormFile{Filename: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Size: fh.Size, Body: rd}, nil
}

// fileList opens the file parts of a field that holds a list of files,
// in the order they came; a part sent without a filename is taken as a
// file's content.
func (f *formData) fileList(name string) ([]FormFile, bool, error) {
	var out []FormFile
	for _, fh := range f.files[name] {
		ff, err := f.open(fh)
		if err != nil {
			return nil, true, err
		}
		out = append(out, *ff)
	}
	for _, v := range f.values[name] {
		out = append(out, FormFile{Size: int64(len(v)), Body: strings.NewReader(v)})
	}
	return out, len(out) > 0, nil
}

// fileTexts reads the file parts of a field that holds a list of files
// whole, for a property the spec's component holds as strings.
func (f *formData) fileTexts(name string) ([]string, bool, error) {
	files, ok, err := f.fileList(name)
	var out []string
	for _, ff := range files {
		data, rerr := io.ReadAll(ff.Body)
		if rerr != nil {
			return nil, true, rerr
		}
		out = append(out, string(data))
	}
	return out, ok, err
}

// fileText reads a file part whole, for a property the spec's component
// holds as a string.
func (f *formData) fileText(name string) (string, bool, error) {
	ff, ok, err := f.file(name)
	if !ok || err != nil {
		return "", ok, err
	}
	data, err := io.ReadAll(ff.Body)
	return string(data), true, err
}

// decodePart decodes the JSON part name into v as a server reads a JSON
// body: a readOnly property is not handed on, and a property that a closed
// object does not name is refused. A part that is not JSON is taken as a
// string, as writeJSONPart sends one. What is wrong is added to e.
func decodePart(e *validator, name, raw string, v any) {
	unnamed, err := decodeNoting([]byte(raw), eachIn{v}, true)
	if err != nil {
		quoted, _ := json.Marshal(raw)
		if u, err2 := decodeNoting(quoted, eachIn{v}, true); err2 == nil {
			unnamed, err = u, nil
		}
	}
	if err != nil {
		e.add(&vpath{name: name}, "type", "must be JSON of its schema (in form): "+jsonErrorText(err))
		return
	}
	for _, p := range unnamed {
		if !strings.HasPrefix(p, "[") {
			p = "." + p
		}
		e.violations = append(e.violations, Violation{Path: name + p, Rule: "additionalProperties", Message: "is not allowed"})
	}
}

// close closes the file parts the handler was given and removes the
// ones kept on disk.
func (f *formData) close() {
	if f == nil {
		return
	}
	for _, c := range f.opened {
		c.Close()
	}
	if f.form != nil {
		f.form.RemoveAll()
	}
}
