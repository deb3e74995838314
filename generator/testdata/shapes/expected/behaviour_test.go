package shapes

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// The copies of one nested inline schema are one Go type: a value of one
// goes where the other is wanted, without a conversion.
var (
	_ *SendPhotoReplyMarkup            = &SendMessageReplyMarkup{}
	_ SendPhotoEntitiesItem            = SendMessageEntitiesItem{}
	_ SendPhotoCaptionEntitiesItemLink = SendMessageEntitiesItemLink{}
	// an inline copy of a component is another name for it
	_ SendPhotoLayout = Keyboard{}
	// whatever their descriptions say
	_ *SendPhotoAltMarkup = &SendMessageReplyMarkup{}
	// an enum's alias keeps constants of its own name
	_ SendPhotoParseMode   = SendMessageParseModeHTML
	_ SendMessageParseMode = SendPhotoParseModeMarkdown
)

func TestCopiesThatDifferStayTypesOfTheirOwn(t *testing.T) {
	for _, pair := range [][2]reflect.Type{
		// a rule differs (minimum: 0 for length)
		{reflect.TypeFor[SendPhotoCaptionEntitiesItem](), reflect.TypeFor[SendMessageEntitiesItem]()},
		// a discriminated union's decoding errors name it
		{reflect.TypeFor[SendPhotoSticker](), reflect.TypeFor[SendMessageSticker]()},
		// so does the printed form of an object holding secrets
		{reflect.TypeFor[SendPhotoCredentials](), reflect.TypeFor[SendMessageCredentials]()},
		// components are named by the spec's authors
		{reflect.TypeFor[Twin](), reflect.TypeFor[OtherTwin]()},
		// parameters belong to their operation
		{reflect.TypeFor[ListStickersParams](), reflect.TypeFor[ListEmojiParams]()},
	} {
		if pair[0] == pair[1] {
			t.Errorf("%v is %v", pair[0], pair[1])
		}
	}
}

func violationPaths(t *testing.T, err error) []string {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %T: %v", err, err)
	}
	var paths []string
	for _, v := range ve.Violations {
		paths = append(paths, v.Path+" "+v.Rule)
	}
	return paths
}

// A shared type is decoded, validated and written back at each place it
// is used, with the paths of that place.
func TestSharedTypesDecodeAndValidateInEachPlace(t *testing.T) {
	var p SendPhoto
	body := `{"chatId":1,"photo":"p","parseMode":"bbcode","replyMarkup":{"force":true},"entities":[{"offset":0,"length":0,"link":{"url":""}}],"captionEntities":[{"offset":0,"length":0,"link":{}}],"altMarkup":{"rows":[["a"]]}}`
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	if p.ReplyMarkup == nil || p.ReplyMarkup.ForceReply == nil || !p.ReplyMarkup.ForceReply.Force || p.AltMarkup.Keyboard == nil {
		t.Fatalf("markup = %+v, %+v", p.ReplyMarkup, p.AltMarkup)
	}
	got := strings.Join(violationPaths(t, p.Validate()), "; ")
	want := "parseMode enum; entities[0].length minimum; captionEntities[0].link.url required"
	if got != want {
		t.Fatalf("violations:\n got %s\nwant %s", got, want)
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != body[:strings.Index(body, `"captionEntities"`)]+`"captionEntities":[{"offset":0,"length":0,"link":{"url":""}}],"altMarkup":{"rows":[["a"]]}}` {
		t.Fatalf("written back as %s", out)
	}

	var m SendMessage
	if err := json.Unmarshal([]byte(`{"chatId":1,"text":"t","replyMarkup":{"rows":[]},"entities":[{"offset":1,"length":2}]}`), &m); err != nil {
		t.Fatal(err)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	// A property named parameters is decoded as any other object.
	var withParams SendMessage
	if err := json.Unmarshal([]byte(`{"chatId":1,"text":"t","parameters":{"silent":true}}`), &withParams); err != nil || withParams.Parameters == nil || withParams.Parameters.Silent == nil || !*withParams.Parameters.Silent {
		t.Fatalf("parameters = %+v, %v", withParams.Parameters, err)
	}
	var q SendPhoto
	if err := json.Unmarshal([]byte(`{"chatId":1,"photo":"p","parseMode":"html"}`), &q); err != nil || q.Validate() != nil {
		t.Fatalf("%v, %v", err, q.Validate())
	}
	if *q.ParseMode != SendPhotoParseModeHTML || !q.ParseMode.Valid() {
		t.Fatalf("parseMode = %q", *q.ParseMode)
	}
	if m.ReplyMarkup.Keyboard == nil || m.Entities[0].Length != 2 {
		t.Fatalf("message = %+v", m)
	}
}

type handler struct {
	UnimplementedHandler
	got chan *SendPhoto
}

func (h handler) SendPhoto(ctx context.Context, body *SendPhoto) (*Sent, error) {
	h.got <- body
	return &Sent{ID: 7}, nil
}

// A request whose body holds shared types goes through client and server;
// a copy that breaks a rule of its place is refused by both.
func TestSharedTypesThroughClientAndServer(t *testing.T) {
	h := handler{got: make(chan *SendPhoto, 1)}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	// The markup of a message is sent with a photo as it is.
	msg := SendMessage{ChatID: 1, Text: "t", ReplyMarkup: &SendMessageReplyMarkup{ForceReply: &ForceReply{Force: true}}}
	sent, err := c.SendPhoto(context.Background(), &SendPhoto{ChatID: 1, Photo: "p", ReplyMarkup: msg.ReplyMarkup,
		Entities: []SendPhotoEntitiesItem{{Offset: 0, Length: 3}}})
	if err != nil || sent.ID != 7 {
		t.Fatalf("sent = %+v, %v", sent, err)
	}
	got := <-h.got
	if got.ReplyMarkup == nil || got.ReplyMarkup.ForceReply == nil || len(got.Entities) != 1 || got.Entities[0].Length != 3 {
		t.Fatalf("server got %+v", got)
	}
	// An entity of length 0 is refused in entities, not in captionEntities:
	// by the client before it sends, and by the server.
	_, err = c.SendPhoto(context.Background(), &SendPhoto{ChatID: 1, Photo: "p", Entities: []SendMessageEntitiesItem{{Length: 0}}})
	if err == nil || !strings.Contains(err.Error(), "entities[0].length") {
		t.Fatalf("want entities[0].length refused, got %v", err)
	}
	resp, err := http.Post(srv.URL+"/photos", "application/json", strings.NewReader(`{"chatId":1,"photo":"p","entities":[{"offset":0,"length":0}]}`))
	if err != nil {
		t.Fatal(err)
	}
	refusal, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(refusal), "entities[0].length") {
		t.Fatalf("server answered %d %s", resp.StatusCode, refusal)
	}
	if _, err := c.SendPhoto(context.Background(), &SendPhoto{ChatID: 1, Photo: "p", CaptionEntities: []SendPhotoCaptionEntitiesItem{{Length: 0}}}); err != nil {
		t.Fatal(err)
	}
	<-h.got
}
