package formats

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func violations(t *testing.T, err error) []Violation {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %T: %v", err, err)
	}
	return ve.Violations
}

func decode(t *testing.T, s string) *Record {
	t.Helper()
	var v Record
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return &v
}

const id = "0f8fad5b-d9cb-469f-a165-70867728950e"

func TestFormatsRoundTrip(t *testing.T) {
	in := `{"id":"` + id + `","day":"2024-02-29","at":"2024-02-29T12:00:00Z","blob":"aGk=","file":"raw","count":2147483647,"total":9007199254740993,"share":1.5,"score":0.1,"email":"a@b.c","days":["2024-01-01"]}`
	v := decode(t, in)
	if err := v.Validate(); err != nil {
		t.Fatal(err)
	}
	if !v.At.Equal(time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC)) || string(v.Blob) != "hi" || v.Count != 1<<31-1 || *v.Total != 9007199254740993 || *v.Share != 1.5 {
		t.Fatalf("got %+v", v)
	}
	b, _ := json.Marshal(v)
	if string(b) != in {
		t.Fatalf("round trip:\n got %s\nwant %s", b, in)
	}
}

func TestDateAndUUIDAreChecked(t *testing.T) {
	for _, tc := range []struct{ id, day, rule string }{
		{id, "2024-02-29", ""},
		{strings.ToUpper(id), "1999-12-31", ""},
		{id, "2023-02-29", "day"}, // no such day
		{id, "2024-13-01", "day"},
		{id, "2024-1-01", "day"},
		{id, "2024-01-01T00:00:00Z", "day"},
		{id, "", "day"},
		{id[:35], "2024-01-01", "id"},
		{id + "0", "2024-01-01", "id"},
		{strings.ReplaceAll(id, "-", "_"), "2024-01-01", "id"},
		{"0f8fad5b-d9cb-469f-a165-70867728950g", "2024-01-01", "id"},
	} {
		v := decode(t, `{"id":"`+tc.id+`","day":"`+tc.day+`","count":0}`)
		err := v.Validate()
		if tc.rule == "" {
			if err != nil {
				t.Errorf("%s %s: %v", tc.id, tc.day, err)
			}
			continue
		}
		vs := violations(t, err)
		if len(vs) != 1 || vs[0].Path != tc.rule || vs[0].Rule != "format" {
			t.Errorf("%s %s: got %v", tc.id, tc.day, vs)
		}
	}
	vs := violations(t, decode(t, `{"id":"`+id+`","day":"2024-01-01","count":0,"days":["2024-01-01","24-01-01"]}`).Validate())
	if len(vs) != 1 || vs[0].Path != "days[1]" || vs[0].Message != "must be a date (YYYY-MM-DD)" {
		t.Fatalf("got %v", vs)
	}
}

// int32 and float are range-checked while decoding: a value the Go type
// cannot hold is refused, not wrapped.
func TestNumberFormatsRangeCheck(t *testing.T) {
	for _, tc := range []struct {
		body string
		ok   bool
	}{
		{`"count":2147483647`, true},
		{`"count":-2147483648`, true},
		{`"count":2147483648`, false},
		{`"count":-2147483649`, false},
		{`"count":1.5`, false},
		{`"count":0,"total":9223372036854775807`, true},
		{`"count":0,"total":9223372036854775808`, false},
		{`"count":0,"share":3.4e38`, true},
		{`"count":0,"share":3.5e38`, false},
		{`"count":0,"score":1e308`, true},
	} {
		var v Record
		err := json.Unmarshal([]byte(`{"id":"`+id+`","day":"2024-01-01",`+tc.body+`}`), &v)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v", tc.body, err)
		}
	}
}

type records struct {
	UnimplementedHandler
}

func (records) GetRecord(ctx context.Context, id string, params *GetRecordParams) (*Record, error) {
	return &Record{ID: id, Day: *params.Day, Count: *params.Limit}, nil
}

func TestFormatsOverHTTP(t *testing.T) {
	srv := httptest.NewServer(NewServer(records{}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	out, err := c.GetRecord(ctx, id, &GetRecordParams{Day: Ptr("2024-05-06"), Limit: Ptr(int32(5))})
	if err != nil || out.Day != "2024-05-06" || out.Count != 5 {
		t.Fatalf("got %+v, %v", out, err)
	}
	// The client refuses a malformed date before sending.
	_, err = c.GetRecord(ctx, id, &GetRecordParams{Day: Ptr("06/05/2024"), Limit: Ptr(int32(5))})
	if vs := violations(t, err); len(vs) != 1 || vs[0].Path != "day" || vs[0].Rule != "format" {
		t.Fatalf("got %v", vs)
	}
	// The server refuses a malformed uuid in the path and an int32 out of range.
	resp, err := srv.Client().Get(srv.URL + "/records/not-a-uuid?day=2024-05-06&limit=2147483648")
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	msg, _ := body["message"].(string)
	if resp.StatusCode != 400 || !strings.Contains(msg, "id: must be a UUID") || !strings.Contains(msg, "limit: must be a 32-bit integer") {
		t.Fatalf("got %d %v", resp.StatusCode, body)
	}
}

type instants struct {
	UnimplementedHandler
	got chan *GetRecordParams
}

func (h instants) GetRecord(ctx context.Context, id string, params *GetRecordParams) (*Record, error) {
	h.got <- params
	return &Record{ID: id, Day: "2024-05-06"}, nil
}

// A named date-time (type Instant time.Time) travels as a query
// parameter, alone and as a property of an object parameter.
func TestNamedDateTimeParameters(t *testing.T) {
	h := instants{got: make(chan *GetRecordParams, 1)}
	var seen string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.URL.RawQuery
		NewServer(h).ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	to := from.Add(time.Hour)
	_, err = c.GetRecord(context.Background(), id, &GetRecordParams{
		Since:  Ptr(Instant(from)),
		Window: &GetRecordWindow{From: Ptr(GetRecordWindowFrom(from)), To: Ptr(Instant(to))},
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != "from=2024-05-06T07%3A08%3A09Z&since=2024-05-06T07%3A08%3A09Z&to=2024-05-06T08%3A08%3A09Z" {
		t.Errorf("query %s", seen)
	}
	p := <-h.got
	if !time.Time(*p.Since).Equal(from) || !time.Time(*p.Window.From).Equal(from) || !time.Time(*p.Window.To).Equal(to) {
		t.Errorf("server read %+v %+v", p.Since, p.Window)
	}
}
