package runtime

import (
	"encoding/json"
	"errors"
	"github.com/specgen/specgen/generator/emit/runpattern"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// inner and outer decode as the generated decoders do: a loop over the
// keys, with the readers clearing the bits of required properties.
type inner struct {
	A, B    int64
	missing uint64
}

func (v *inner) decodeJSON(d *jsonDecoder) (err error) {
	for k, ok := d.first(&err, &v.missing, 0x3); ok; k, ok = d.next(&err) {
		switch string(k) {
		case "a":
			err = readInt(d, &v.A, "a", 64, &v.missing, 1<<0)
		case "b":
			err = readInt(d, &v.B, "b", 64, &v.missing, 1<<1)
		default:
			err = d.skip()
		}
	}
	return err
}

type outer struct {
	In      *inner
	Skipped bool
	ID      int64
	Name    string
	missing uint64
}

// decodeJSON tries "in" as an inner, as a union tries a variant, and skips
// it when that fails part way.
func (v *outer) decodeJSON(d *jsonDecoder) (err error) {
	for k, ok := d.first(&err, &v.missing, 0x3); ok; k, ok = d.next(&err) {
		switch string(k) {
		case "in":
			at := d.mark()
			x := new(inner)
			if x.decodeJSON(d) == nil {
				v.In = x
			} else {
				d.reset(at)
				v.Skipped = true
				err = d.skip()
			}
		case "id":
			err = readInt(d, &v.ID, "id", 64, &v.missing, 1<<0)
		case "name":
			err = readString(d, &v.Name, "name", &v.missing, 1<<1)
		default:
			err = d.skip()
		}
	}
	return err
}

func TestRequiredPropertiesAcrossNestedObjects(t *testing.T) {
	for _, c := range []struct {
		doc     string
		missing uint64
		skipped bool
	}{
		{`{"id": 1, "in": {"a": 1, "b": 2}, "name": "n"}`, 0, false},
		{`{"in": {"a": 1}, "id": 1}`, 0x2, false},
		// The variant fails after reading a: what follows still counts
		// for the outer object.
		{`{"in": {"a": 1, "b": "text", "c": {"d": [1]}}, "id": 1, "name": "n"}`, 0, true},
		{`{"in": {"b": [], "a": 1}, "name": "n"}`, 0x1, true},
		{`{"in": null, "id": 2}`, 0x2, false},
		{`[{"id": 1, "name": "n"}]`, 0, false},
	} {
		if c.doc[0] == '[' {
			var list []outer
			if err := readList(&jsonDecoder{data: []byte(c.doc)}, &list, "", nil, 0); err != nil || len(list) != 1 || list[0].missing != 0 {
				t.Errorf("%s: %v, %+v", c.doc, err, list)
			}
			continue
		}
		var v outer
		d := &jsonDecoder{data: []byte(c.doc)}
		if err := v.decodeJSON(d); err != nil {
			t.Fatalf("%s: %v", c.doc, err)
		}
		if v.missing != c.missing || v.Skipped != c.skipped {
			t.Errorf("%s: missing %#x, skipped %v; want %#x, %v", c.doc, v.missing, v.Skipped, c.missing, c.skipped)
		}
	}
	var in inner
	if err := decodeJSON([]byte(`{"b": 2}`), &in); err != nil || in.missing != 0x1 {
		t.Errorf("inner alone: %v, missing %#x", err, in.missing)
	}
}

// TestPatternsMatchLikeRegexp checks the run matcher against the regular
// expression it stands for, on every string of up to three characters
// from an alphabet that straddles the sets, and on longer ones.
func TestPatternsMatchLikeRegexp(t *testing.T) {
	runs := 0
	for _, src := range []string{
		`^[a-z0-9-]{1,15}$`, `^[A-Za-z0-9_]+$`, `^[a-z]*$`, `^[a-z]?$`, `^[a-z]$`, `^\d{2,}$`,
		`^[^a-z]+$`, `^[α-ω_]{0,2}$`, `^\w+$`, `^(?i)[a-c]+$`, `^.+$`, `^[\s\S]{2}$`,
		// Not runs: compiled as regular expressions.
		`^[a-z]+[0-9]$`, `[a-z]+`, `^[a-z]+`, `^(a|b)+$`, `^a{2}$`,
	} {
		p, re := newPattern(src), regexp.MustCompile(src)
		if r, ok := runpattern.Parse(src); ok {
			p = runPattern(src, r.Min, r.Max, r.ASCII[0], r.ASCII[1], r.Ranges...)
			runs++
		}
		alphabet := []string{"", "a", "z", "A", "0", "9", "-", "_", " ", "\n", "α", "ω", "é", "\xff", "{"}
		var inputs []string
		for _, a := range alphabet {
			for _, b := range alphabet {
				for _, c := range alphabet {
					inputs = append(inputs, a+b+c)
				}
			}
		}
		inputs = append(inputs, strings.Repeat("a", 15), strings.Repeat("a", 16), strings.Repeat("a9", 40))
		for _, s := range inputs {
			if got, want := p.MatchString(s), re.MatchString(s); got != want {
				t.Errorf("%s on %q: %v, regexp says %v", src, s, got, want)
			}
		}
	}
	if runs != 12 {
		t.Errorf("%d patterns matched as runs, want 12", runs)
	}
}

// TestStringsDecodeLikeEncodingJSON puts each kind of byte that needs a
// look (quote, backslash escape, control character, multi-byte and invalid
// UTF-8) at every offset of strings around the eight-byte stride.
func TestStringsDecodeLikeEncodingJSON(t *testing.T) {
	specials := []string{`\"`, `\\`, `\n`, `\u00e9`, `\ud83d\ude00`, "é", "😀", "\xff", "\xe2\x82", "\x01", "\x7f", "/",
		// Surrogates: lone halves, a high half before an escape that is
		// not a low half (which stands on its own), halves reversed.
		`\ud800`, `\udc00`, `\ud800\u0041`, `\ud800\ud800\udc00`, `\udc00\ud800`, `\ud800\n`, `\ud800\u00`, `\ud83d\ude00\ud83d`}
	for n := 0; n <= 20; n++ {
		for at := 0; at <= n; at++ {
			for _, sp := range specials {
				body := strings.Repeat("a", at) + sp + strings.Repeat("b", n-at)
				for _, doc := range []string{`"` + body + `"`, `"` + body, `"` + body + `" `} {
					var want string
					wantErr := json.Unmarshal([]byte(doc), &want)
					d := &jsonDecoder{data: []byte(doc)}
					got, err := d.str("")
					if err == nil {
						err = d.end()
					}
					if (err != nil) != (wantErr != nil) || err == nil && got != want {
						t.Fatalf("%q: got %q, %v; encoding/json: %q, %v", doc, got, err, want, wantErr)
					}
				}
			}
		}
	}
}

// TestFreeFormValuesDecodeLikeEncodingJSON reads arrays of every length
// around the eight items gathered on the stack, nested in objects and in
// each other, and broken after each item, as encoding/json reads them into
// an interface.
func TestFreeFormValuesDecodeLikeEncodingJSON(t *testing.T) {
	items := []string{`1`, `"a"`, `true`, `null`, `{"k":[2,3]}`, `[]`, `[4,"b",[5]]`, `-0.5e3`, `{}`, `"\u00e9"`}
	for n := 0; n <= 20; n++ {
		var l []string
		for i := range n {
			l = append(l, items[i%len(items)])
		}
		arr := "[" + strings.Join(l, ",") + "]"
		docs := []string{arr, `{"x":` + arr + `,"y":[` + arr + `,` + arr + `]}`, "[" + arr + "]", arr[:len(arr)-1], "[" + strings.Join(l, ",,") + "]"}
		for _, doc := range docs {
			var want any
			wantErr := json.Unmarshal([]byte(doc), &want)
			d := &jsonDecoder{data: []byte(doc)}
			got, err := d.value()
			if err == nil {
				err = d.end()
			}
			if (err != nil) != (wantErr != nil) || err == nil && !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: got %#v, %v; encoding/json: %#v, %v", doc, got, err, want, wantErr)
			}
		}
	}
}

// TestCheckLengthCountsCharacters compares checkLength with a plain count
// of characters, for strings of one- and multi-byte characters around the
// bounds.
func TestCheckLengthCountsCharacters(t *testing.T) {
	for _, unit := range []string{"a", "é", "😀"} {
		for n := 0; n <= 5; n++ {
			s := strings.Repeat(unit, n)
			for min := -1; min <= 5; min++ {
				for max := -1; max <= 5; max++ {
					var e validator
					checkLength(&e, nil, s, min, max)
					want := min >= 0 && n < min || max >= 0 && n > max
					if got := e.err() != nil; got != want {
						t.Errorf("%q in [%d, %d]: violation %v, want %v", s, min, max, got, want)
					}
				}
			}
		}
	}
}

// TestMapKeysShared checks that map keys with the same bytes share one
// string within a document, and that the cache stops growing at its bound.
func TestMapKeysShared(t *testing.T) {
	d := &jsonDecoder{}
	a, b := d.mapKey([]byte("team")), d.mapKey([]byte("team"))
	if a != "team" || unsafe.StringData(a) != unsafe.StringData(b) {
		t.Errorf("keys %q and %q are not one string", a, b)
	}
	for i := 0; i < 3000; i++ {
		if k := d.mapKey([]byte(strconv.Itoa(i))); k != strconv.Itoa(i) {
			t.Fatalf("key %d read as %q", i, k)
		}
	}
	if len(d.keys) != 1024 {
		t.Errorf("the cache holds %d keys, want 1024", len(d.keys))
	}
}

// TestStringsShareBlocks decodes an array of strings of every length from
// 0 to 300, escaped and not, and checks that each string still reads as
// written once the whole array is decoded (later strings must not
// overwrite earlier ones in a block), that short strings share blocks of
// at most 4 kB, and that long ones do not.
func TestStringsShareBlocks(t *testing.T) {
	var want []string
	for n := 0; n <= 300; n++ {
		s := strings.Repeat(string(rune('a'+n%26)), n)
		if n%3 == 0 && n > 0 {
			s = s[:n-1] + "\n" // written escaped
		}
		want = append(want, s)
	}
	doc, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	d := &jsonDecoder{data: doc}
	if err := d.arrayStart(""); err != nil {
		t.Fatal(err)
	}
	var got []string
	for first := true; ; first = false {
		more, err := d.more(first)
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			break
		}
		s, err := d.str("")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("strings changed after decoding:\n got %q\nwant %q", got, want)
	}
	// Strings of one block follow each other in memory; count the breaks.
	blocks := 1
	for i := 2; i <= maxShared; i++ {
		prev := unsafe.Pointer(unsafe.StringData(got[i-1]))
		if unsafe.Pointer(unsafe.StringData(got[i])) != unsafe.Add(prev, len(got[i-1])) {
			blocks++
		}
	}
	total := maxShared * (maxShared + 1) / 2
	if least := total / maxTextBlock; blocks < least || blocks > least+8 {
		t.Errorf("%d short strings (%d bytes) in %d blocks, want about %d", maxShared, total, blocks, least)
	}
	if d.text.Cap() > maxTextBlock {
		t.Errorf("a block of %d bytes, want at most %d", d.text.Cap(), maxTextBlock)
	}
	long := got[maxShared+1]
	if d2 := (&jsonDecoder{}); d2.text1([]byte(long)) == long && d2.text.Cap() != 0 {
		t.Errorf("a string of %d bytes went into a block", len(long))
	}
}

// TestStringOpensBlockOnce checks that a string longer than the next block
// size opens a block of its own size in one allocation, not a block of the
// usual size thrown away when the string does not fit it.
func TestStringOpensBlockOnce(t *testing.T) {
	for _, n := range []int{1, 64, 65, 200, maxShared} {
		b := []byte(strings.Repeat("x", n))
		allocs := testing.AllocsPerRun(100, func() {
			var d jsonDecoder
			if d.text1(b) != string(b) {
				t.Fatal("string changed")
			}
		})
		if allocs != 1 {
			t.Errorf("a first string of %d bytes: %v allocations, want 1", n, allocs)
		}
	}
}

// TestNumberErrorsNeverRepeatTheValue checks that a number that does not
// fit says why without repeating it (it may be megabytes of digits), and
// that a byte that starts no JSON value is named as such.
func TestNumberErrorsNeverRepeatTheValue(t *testing.T) {
	long := strings.Repeat("9", 5000)
	for _, c := range []struct{ doc, want string }{
		{long, "limit: expected an integer of 32 bits, got an integer out of range at byte 0"},
		{"2147483648", "limit: expected an integer of 32 bits, got an integer out of range at byte 0"},
		{"1.5", "limit: expected an integer of 32 bits, got a number with a fraction at byte 0"},
		{"1e-3", "limit: expected an integer of 32 bits, got a number with a fraction at byte 0"},
		{"0." + long, "limit: expected an integer of 32 bits, got a number with a fraction at byte 0"},
		{long + ".0", "limit: expected an integer of 32 bits, got an integer out of range at byte 0"},
	} {
		_, err := (&jsonDecoder{data: []byte(c.doc)}).int("limit", 32)
		if err == nil || err.Error() != c.want {
			t.Errorf("%.20s: got %v, want %s", c.doc, err, c.want)
		}
	}
	_, err := (&jsonDecoder{data: []byte("1" + long + "e999")}).float("cpu", 64)
	if err == nil || err.Error() != "cpu: expected a number of 64 bits, got a number out of range at byte 0" {
		t.Errorf("got %v", err)
	}
	_, err = (&jsonDecoder{data: []byte("\ufeff{}")}).str("name")
	if err == nil || !strings.Contains(err.Error(), `invalid byte 0xef looking for a string`) {
		t.Errorf("a BOM: got %v", err)
	}
	_, err = (&jsonDecoder{data: []byte("NaN")}).float("cpu", 64)
	if err == nil || !strings.Contains(err.Error(), `invalid character 'N' looking for a number`) {
		t.Errorf("NaN: got %v", err)
	}
}

// TestPathAt finds the path of the value at an offset, through strings
// that hold brackets, quotes and commas, and keys that need quoting.
func TestPathAt(t *testing.T) {
	doc := `{"a":[1,{"b\"[":"x,]}","c":[[0,1],[2,{"d e":true}]]}],"f":{"g":null},"h":3}`
	for _, c := range []struct{ at, want string }{
		{`1,{`, "a[0]"},
		{`"x,]}"`, `a[1]["b\"["]`},
		{`2,{`, "a[1].c[1][0]"},
		{`true`, `a[1].c[1][1]["d e"]`},
		{`null`, "f.g"},
		{`3}`, "h"},
	} {
		off := strings.Index(doc, c.at)
		if got := pathAt([]byte(doc), off, nil); got != c.want {
			t.Errorf("at %s: got %s, want %s", c.at, got, c.want)
		}
	}
	if got := pathAt([]byte(doc), 0, nil); got != "" {
		t.Errorf("at the top: %q", got)
	}
	// Between properties, in no value: the object's own path.
	if got := pathAt([]byte(`{"a":{"b":1, `), 12, nil); got != "a" {
		t.Errorf("between properties: %q", got)
	}
	// A key as long as a request can make is clipped.
	long := `{"` + strings.Repeat("k", 1000) + `":x}`
	if got := pathAt([]byte(long), strings.Index(long, "x"), nil); got != `["`+strings.Repeat("k", 64)+`…"]` {
		t.Errorf("long key: %.80s", got)
	}
}

// A time or bytes value that does not parse is reported with its path and
// what it must be, never with the value (which may be a secret), nor with
// encoding/json's text, which quotes it.
func TestDecodeWithSaysWhereNotWhat(t *testing.T) {
	for _, c := range []struct {
		doc  string
		into func() any
		want string
	}{
		{`{"items":[{},{"when":"hunter2-SECRET"}]}`, func() any { return new(time.Time) }, `items[1].when: expected an RFC 3339 date-time, got a string that is not one at byte 21`},
		{`{"items":[{"data":"!!hunter2"}]}`, func() any { return new([]byte) }, `items[0].data: expected base64 text, got a string that is not one at byte 18`},
		{`{"when":12}`, func() any { return new(time.Time) }, `when: expected an RFC 3339 date-time, got a number that is not one at byte 8`},
	} {
		data := []byte(c.doc)
		at := strings.LastIndex(c.doc, ":") + 1
		d := &jsonDecoder{data: data, pos: at}
		err := d.decodeWith(c.into())
		if err == nil {
			t.Fatalf("%s: no error", c.doc)
		}
		err = placed(data, err, nil)
		if err.Error() != c.want || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s:\n got %v\nwant %s", c.doc, err, c.want)
		}
	}
}

// JSON Schema counts a number with no fraction as an integer however it
// is written: 1.0, 1e2 and 12.50e1 decode into integer fields; 1.5 and
// 1e-1 do not, nor does 1e30 fit.
func TestIntegralNumbersDecodeAsIntegers(t *testing.T) {
	for doc, want := range map[string]int64{
		"1.0": 1, "1e2": 100, "12.50e1": 125, "-3.000": -3, "0.0": 0, "-0.0e5": 0, "1E+2": 100, "100e-2": 1,
		"9223372036854775807.0": 9223372036854775807,
		// Zero is zero, however large or small its exponent.
		"0e-401": 0, "0.0e-500": 0, "-0e999999": 0, "0e99999999999999999999": 0,
	} {
		d := &jsonDecoder{data: []byte(doc)}
		if n, err := d.int("n", 64); err != nil || n != want {
			t.Errorf("%s: %d, %v; want %d", doc, n, err, want)
		}
	}
	for doc, got := range map[string]string{
		"1.5": "a number with a fraction", "1e-1": "a number with a fraction", "10.01e1": "a number with a fraction",
		"1e30": "an integer out of range", "9223372036854775808.0": "an integer out of range", "1e999999": "an integer out of range",
		"1e-401": "a number with a fraction", "1e99999999999999999999": "an integer out of range", "1e-99999999999999999999": "a number with a fraction",
	} {
		d := &jsonDecoder{data: []byte(doc)}
		_, err := d.int("n", 64)
		var de *decodeError
		if !errors.As(err, &de) || de.Got != got {
			t.Errorf("%s: %v; want %q", doc, err, got)
		}
	}
	if _, err := (&jsonDecoder{data: []byte("3e9")}).int("n", 32); err == nil {
		t.Error("3e9 fits no int32")
	}
}

// TestIntegersDecodeLikeStrconv checks int, whose plain integers of up to
// 18 digits skip strconv, against strconv.ParseInt at every length of
// digits around the bounds of 32 and 64 bits, signed, with what may
// follow a number, and against the errors of what is not a plain integer.
func TestIntegersDecodeLikeStrconv(t *testing.T) {
	var docs []string
	for digits := 1; digits <= 21; digits++ {
		for _, first := range "0129" {
			docs = append(docs, string(first)+strings.Repeat("9", digits-1), string(first)+strings.Repeat("0", digits-1))
		}
	}
	docs = append(docs, "2147483647", "2147483648", "9223372036854775807", "9223372036854775808",
		"999999999999999999", "1000000000000000000", "00", "01", "1.5", "1e2", "1E2", "-", "--1", "+1", "1a", "")
	for _, doc := range docs {
		for _, sign := range []string{"", "-"} {
			for _, after := range []string{"", ",", "}", " ", "]"} {
				text := sign + doc
				for _, bits := range []int{32, 64} {
					d := &jsonDecoder{data: []byte(text + after)}
					got, err := d.int("n", bits)
					want, werr := strconv.ParseInt(text, 10, bits)
					if digits := strings.TrimPrefix(text, "-"); werr == nil && (digits[0] == '+' || digits[0] == '0' && len(digits) > 1) {
						werr = errors.New("not JSON") // no plus, no leading zero; the rest is left unread
					}
					switch {
					case werr == nil && (err != nil || got != want || d.pos != len(text)):
						t.Errorf("%q (%d bits): %d, %v at %d; want %d at %d", text+after, bits, got, err, d.pos, want, len(text))
					case werr != nil && err == nil && d.pos == len(text) && !strings.ContainsAny(text, ".eE"):
						t.Errorf("%q (%d bits): read %d whole; strconv says %v", text+after, bits, got, werr)
					}
				}
			}
		}
	}
}

// TestUnicodeEscapesDecodeLikeEncodingJSON tries every byte in each place
// of a \u escape against encoding/json.
func TestUnicodeEscapesDecodeLikeEncodingJSON(t *testing.T) {
	for pos := 0; pos < 4; pos++ {
		for b := 0; b < 256; b++ {
			hex := []byte("00e9")
			hex[pos] = byte(b)
			doc := `"\u` + string(hex) + `"`
			var want string
			werr := json.Unmarshal([]byte(doc), &want)
			got, err := (&jsonDecoder{data: []byte(doc)}).str("s")
			if (err == nil) != (werr == nil) || err == nil && got != want {
				t.Errorf("%q: got %q, %v; encoding/json %q, %v", doc, got, err, want, werr)
			}
		}
	}
}

// jsonKind, which picks the variants a union tries, tells null only when
// data is null: nothing, or text that starts like null, is no value.
func TestJSONKind(t *testing.T) {
	for data, want := range map[string]byte{
		"null": '0', " null\n": '0', "nullx": 'n', "nope": 'n', "": 0, " \t": 0,
		`"x"`: '"', "[1]": '[', "{}": '{', "true": 'b', "false": 'b', "-1": 'n', "A": 'n',
	} {
		if got := jsonKind([]byte(data)); got != want {
			t.Errorf("%q: %q, want %q", data, got, want)
		}
	}
	var raw json.RawMessage
	if err := keepRaw(&raw, []byte("A")); err == nil {
		t.Error("keepRaw kept a value that is not JSON")
	}
	if err := keepRaw(&raw, []byte(` {"a":1} `)); err != nil || string(raw) != `{"a":1}` {
		t.Errorf("%q, %v", raw, err)
	}
}
