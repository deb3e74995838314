package additional

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Suspected generator bug: Labels.MarshalJSON appends AdditionalProperties
// after the named properties without skipping keys the spec names, so an
// extra called "owner" writes a second "owner" key; decoders keep the last
// one, so the receiver sees owner "mallory" although Owner is "ann".
// Expected: the named field wins (the extra is dropped), or Marshal or
// Validate refuses the value, but the wire must not contradict Owner.
func TestExtraNamedLikeAPropertyCannotOverrideIt(t *testing.T) {
	l := Labels{Owner: "ann", AdditionalProperties: map[string]string{"owner": "mallory"}}
	b, err := json.Marshal(l)
	if err != nil {
		return // refused: fine
	}
	if l.Validate() != nil {
		return // reported: fine
	}
	var back Labels
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Owner != "ann" {
		t.Fatalf("wire %s decodes with owner %q, want ann", b, back.Owner)
	}
}

// Suspected generator bug (message): Labels.UnmarshalJSON wraps a bad extra
// value's error with its key ("k: json: cannot unmarshal ..."), but the
// server's jsonErrorText unwraps to the *json.UnmarshalTypeError, whose
// Field is empty, and answers "the body: expected string, got JSON number",
// so the caller cannot tell which property was wrong.
func TestBadExtraValueIsNamedInThe400(t *testing.T) {
	srv := httptest.NewServer(NewServer(UnimplementedHandler{}))
	defer srv.Close()
	req, _ := http.NewRequest("PUT", srv.URL+"/labels", strings.NewReader(`{"owner":"a","colour":5}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "colour") {
		t.Fatalf("status %d body %s, want 400 naming colour", resp.StatusCode, b)
	}
}

// Suspected generator bug (minor): a null extra value is not a string, so
// it breaks additionalProperties {type: string}, but Labels.UnmarshalJSON
// decodes it with json.Unmarshal into a string, which leaves "" without an
// error; the value is then re-sent as "x":"" and Validate passes.
// Expected: a decode error or a violation at ["x"].
func TestNullExtraValueIsRefused(t *testing.T) {
	var l Labels
	if err := json.Unmarshal([]byte(`{"owner":"a","x":null}`), &l); err != nil {
		return
	}
	if l.Validate() == nil {
		b, _ := json.Marshal(l)
		t.Fatalf("null accepted as %q; re-encoded as %s", l.AdditionalProperties["x"], b)
	}
}
