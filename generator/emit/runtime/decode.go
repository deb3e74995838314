package runtime

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonDecoder reads JSON from a byte slice in one pass, for the decoders
// generated per type: they read each property straight into its field and
// note which required ones were there, instead of decoding the document
// once per nesting level as UnmarshalJSON wrappers would. It checks the
// syntax as strictly as encoding/json.
type jsonDecoder struct {
	data []byte
	pos  int
	// scratch holds the last string that had escapes, decoded; reused so
	// that such a string costs one allocation (its conversion), not two.
	scratch []byte
	pool    decodeSlabs
	depth   int // objects and arrays open at pos
	// keys holds the keys of maps read so far, which repeat from object
	// to object: each is allocated once per document.
	keys map[string]string
	// text holds the short strings read so far, copied one after another
	// into blocks (64 bytes, doubling to 4 kB, and at least the string that
	// opens one), so that a document of many short strings costs one
	// allocation per block instead of one per string. A string keeps its
	// block alive: at most 4 kB. Never copy a jsonDecoder by value to
	// restore it later (to backtrack, save pos and depth, as mark does): the
	// copy's builder would write over strings handed out since.
	text strings.Builder
	// unnamed collects, when noteUnnamed is set (a server's requests), the
	// paths of the properties that closed objects do not name.
	unnamed     []string
	noteUnnamed bool
	// mapVals holds where the values of the last eight map keys read
	// start, so that an error's path writes a map's key as a map's
	// (metadata["a"], as validation does) rather than a property's.
	mapVals  [8]int
	nMapVals uint8
	// valueAt is where the value of the last key read starts: next skips
	// it when the decoder is still there.
	valueAt int
}

// maxDepth bounds the nesting of objects and arrays, as encoding/json
// does, so that a hostile document cannot exhaust the stack.
const maxDepth = 10000

func (d *jsonDecoder) enter() error {
	d.depth++
	if d.depth > maxDepth {
		return d.fail("exceeded max depth")
	}
	return nil
}

// slab hands out the values that optional properties point to, from
// blocks that double in size (1, 2, 4, ... 256 values), so that a document
// with many of them costs a few allocations instead of one per value, and
// one with a single value no more than before. A block lives as long as any
// value in it.
type slab[T any] struct {
	free []T
	size int
}

func (s *slab[T]) next() *T {
	if len(s.free) == 0 {
		s.size = min(max(2*s.size, 1), 256)
		s.free = make([]T, s.size)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// slabs returns the slabs of the document being decoded; decodeSlabs is
// generated with one slab per type that optional properties point to.
func (d *jsonDecoder) slabs() *decodeSlabs { return &d.pool }

// syntaxError says where the input stopped being JSON.
type syntaxError struct {
	msg    string
	at     string // the path of the value it is in, when known
	Offset int
}

func (e *syntaxError) Error() string {
	if e.at != "" {
		return fmt.Sprintf("%s: %s at byte %d", e.at, e.msg, e.Offset)
	}
	return fmt.Sprintf("%s at byte %d", e.msg, e.Offset)
}

//go:noinline
func (d *jsonDecoder) fail(msg string) error { return &syntaxError{msg: msg, Offset: d.pos} }

// decodeError says that a property holds a value of the wrong kind.
type decodeError struct {
	Field, Want, Got string
	Offset           int
}

func (e *decodeError) Error() string {
	where := e.Field
	if where == "" {
		where = "value"
	}
	return fmt.Sprintf("%s: expected %s, got %s at byte %d", where, e.Want, e.Got, e.Offset)
}

// typeError reports that the next value is not a want.
func (d *jsonDecoder) typeError(field, want string) error {
	c := d.peek()
	got := kindOf(c)
	switch {
	case c == 0:
		return d.fail("unexpected end of input")
	case got == "a number" && c != '-' && (c < '0' || c > '9'):
		what := fmt.Sprintf("invalid byte 0x%02x", c)
		if c > ' ' && c < utf8.RuneSelf {
			what = "invalid character " + strconv.QuoteRune(rune(c))
		}
		return d.fail(what + " looking for " + want)
	}
	return &decodeError{Field: field, Want: want, Got: got, Offset: d.pos}
}

// kindOf names the kind of JSON value that starts with c; anything else
// counts as a number.
func kindOf(c byte) string {
	switch c {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func (d *jsonDecoder) ws() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// peek returns the next significant byte, or 0 at the end.
func (d *jsonDecoder) peek() byte {
	d.ws()
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

// end checks that nothing but white space follows the value.
func (d *jsonDecoder) end() error {
	if d.ws(); d.pos < len(d.data) {
		return d.fail("invalid character after top-level value")
	}
	return nil
}

// null consumes a null and reports whether there was one.
func (d *jsonDecoder) null() (bool, error) {
	if d.peek() != 'n' {
		return false, nil
	}
	if err := d.literal("null"); err != nil {
		return false, err
	}
	return true, nil
}

func (d *jsonDecoder) literal(lit string) error {
	if len(d.data)-d.pos < len(lit) || string(d.data[d.pos:d.pos+len(lit)]) != lit {
		return d.fail("invalid literal")
	}
	d.pos += len(lit)
	return nil
}

// objectStart consumes '{'.
func (d *jsonDecoder) objectStart(field string) error {
	if d.peek() != '{' {
		return d.typeError(field, "an object")
	}
	d.pos++
	return d.enter()
}

// key reads the next key of an object, or reports false at its end. The
// key's bytes are valid until the next call; first says whether this is
// the first key (no comma before it).
func (d *jsonDecoder) key(first bool) ([]byte, bool, error) {
	c := d.peek()
	if c == '}' {
		d.pos++
		d.depth--
		return nil, false, nil
	}
	if !first {
		if c != ',' {
			return nil, false, d.fail("expected , or } in object")
		}
		d.pos++
		c = d.peek()
	}
	if c != '"' {
		return nil, false, d.fail("expected a string key in object")
	}
	k, err := d.rawString()
	if err != nil {
		return nil, false, err
	}
	if d.peek() != ':' {
		return nil, false, d.fail("expected : after object key")
	}
	d.pos++
	d.valueAt = d.pos
	return k, true, nil
}

// first starts a generated decoder's loop over an object's keys: the
// first key, or false at the end, on null (the target left as it is) or on
// an error, put in *err. *missing (if not nil) starts as required, a bit
// per required property, which the readers clear. next skips a value the
// loop did not read and returns the next key, or false once *err is set.
func (d *jsonDecoder) first(err *error, missing *uint64, required uint64) ([]byte, bool) {
	null, e := d.null()
	if e == nil && !null {
		e = d.objectStart("")
	}
	if e != nil || null {
		*err = e
		return nil, false
	}
	if missing != nil {
		*missing = required
	}
	k, ok, e := d.key(true)
	*err = e
	return k, ok
}

func (d *jsonDecoder) next(err *error) ([]byte, bool) {
	if *err == nil && d.pos == d.valueAt {
		*err = d.skip() // no case read it
	}
	if *err != nil {
		return nil, false
	}
	k, ok, e := d.key(false)
	*err = e
	return k, ok
}

// mapKey returns the key k of a map as a string, the same string as an
// earlier key with the same bytes in this document.
func (d *jsonDecoder) mapKey(k []byte) string {
	d.mapVals[d.nMapVals&7] = d.valueAt
	d.nMapVals++
	if s, ok := d.keys[string(k)]; ok {
		return s
	}
	s := string(k)
	if d.keys == nil {
		d.keys = make(map[string]string, 16)
	}
	if len(d.keys) < 1024 {
		d.keys[s] = s
	}
	return s
}

// seen notes that the property with this bit of *missing was read (bit
// 0, or a nil missing: an optional property).
func seen(missing *uint64, bit uint64) {
	if missing != nil {
		*missing &^= bit
	}
}

// arrayStart consumes '['.
func (d *jsonDecoder) arrayStart(field string) error {
	if d.peek() != '[' {
		return d.typeError(field, "an array")
	}
	d.pos++
	return d.enter()
}

// more reports whether another array element follows, consuming the
// comma before it or the closing bracket.
func (d *jsonDecoder) more(first bool) (bool, error) {
	c := d.peek()
	if c == ']' {
		d.pos++
		d.depth--
		return false, nil
	}
	if !first {
		if c != ',' {
			return false, d.fail("expected , or ] in array")
		}
		d.pos++
	} else if c == 0 {
		return false, d.fail("unexpected end of input in array")
	}
	return true, nil
}

// rawString reads a string and returns its decoded bytes; when it holds no
// escape they alias the input.
func (d *jsonDecoder) rawString() ([]byte, error) {
	data := d.data
	start := d.pos + 1 // past the opening quote
	i := start
	for {
		// Eight bytes at a time while none of them needs a look.
		for i+8 <= len(data) && !special8(binary.LittleEndian.Uint64(data[i:])) {
			i += 8
		}
		for ; i < len(data); i++ {
			c := data[i]
			if c < utf8.RuneSelf && c >= 0x20 && c != '"' && c != '\\' {
				continue
			}
			switch {
			case c == '"':
				d.pos = i + 1
				return data[start:i], nil
			case c == '\\':
				d.pos = i
				return d.escapedString(start)
			case c < 0x20:
				d.pos = i
				return nil, d.fail("invalid control character in string")
			}
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				// encoding/json replaces invalid UTF-8; so do we, by
				// decoding the rest with escapes handling.
				d.pos = i
				return d.escapedString(start)
			}
			i += size
			break
		}
		if i >= len(data) {
			d.pos = len(data)
			return nil, d.fail("unexpected end of input in string")
		}
	}
}

// special8 reports whether one of the eight bytes of x is a quote, a
// backslash, a control character or part of a multi-byte character.
func special8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := x ^ (ones * '"')
	b := x ^ (ones * '\\')
	return ((q-ones)&^q|(b-ones)&^b|(x-ones*0x20)&^x|x)&highs != 0
}

func (d *jsonDecoder) escapedString(start int) ([]byte, error) {
	out := append(d.scratch[:0], d.data[start:d.pos]...)
	defer func() { d.scratch = out[:0] }()
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return out, nil
		case c == '\\':
			if d.pos+1 >= len(d.data) {
				return nil, d.fail("unexpected end of input in string")
			}
			e := d.data[d.pos+1]
			d.pos += 2
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := d.hex4()
				if !ok {
					return nil, d.fail("invalid \\u escape in string")
				}
				if utf16.IsSurrogate(r) {
					// As encoding/json: a valid pair is one rune; a lone
					// half is U+FFFD, and an escape after it is read on
					// its own.
					save := d.pos
					if dec := utf16.DecodeRune(r, unicode16Pair(d)); dec != utf8.RuneError {
						r = dec
					} else {
						d.pos, r = save, utf8.RuneError
					}
				}
				out = utf8.AppendRune(out, r)
			default:
				return nil, d.fail("invalid escape in string")
			}
		case c < 0x20:
			return nil, d.fail("invalid control character in string")
		case c < utf8.RuneSelf:
			out = append(out, c)
			d.pos++
		default:
			r, size := utf8.DecodeRune(d.data[d.pos:])
			out = utf8.AppendRune(out, r) // invalid bytes become U+FFFD
			d.pos += size
		}
	}
	return nil, d.fail("unexpected end of input in string")
}

// unicode16Pair reads the low half of a surrogate pair if one follows.
func unicode16Pair(d *jsonDecoder) rune {
	if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
		save := d.pos
		d.pos += 2
		if r, ok := d.hex4(); ok {
			return r
		}
		d.pos = save
	}
	return utf8.RuneError
}

func (d *jsonDecoder) hex4() (rune, bool) {
	if len(d.data)-d.pos < 4 {
		return 0, false
	}
	var r rune
	for _, c := range d.data[d.pos : d.pos+4] {
		v := strings.IndexByte("0123456789abcdef", c|0x20) // A-F as a-f
		if v < 0 || c < '0' {
			return 0, false
		}
		r = r*16 + rune(v)
	}
	d.pos += 4
	return r, true
}

// str reads a string value.
func (d *jsonDecoder) str(field string) (string, error) {
	if d.peek() != '"' {
		return "", d.typeError(field, "a string")
	}
	b, err := d.rawString()
	return d.text1(b), err
}

// Strings longer than maxShared get an allocation of their own.
const maxShared, maxTextBlock = 256, 4096

// text1 returns b as a string; a short one is written to the current block
// of d.text (a new one when it does not fit) and sliced from it.
func (d *jsonDecoder) text1(b []byte) string {
	if len(b) == 0 || len(b) > maxShared {
		return string(b)
	}
	if d.text.Cap()-d.text.Len() < len(b) {
		size := min(max(2*d.text.Cap(), 64, len(b)), maxTextBlock)
		d.text = strings.Builder{}
		d.text.Grow(size)
	}
	start := d.text.Len()
	d.text.Write(b)
	return d.text.String()[start:]
}

// strBytes reads a string value and returns its bytes, valid until the
// next read: for matching against known values without allocating.
func (d *jsonDecoder) strBytes(field string) ([]byte, error) {
	if d.peek() != '"' {
		return nil, d.typeError(field, "a string")
	}
	return d.rawString()
}

// mark and reset let a union try its variants one after another.
type position struct{ pos, depth, unnamed int }

func (d *jsonDecoder) mark() position {
	d.ws()
	return position{d.pos, d.depth, len(d.unnamed)}
}

func (d *jsonDecoder) reset(at position) {
	d.pos, d.depth = at.pos, at.depth
	d.unnamed = d.unnamed[:at.unnamed] // what a variant tried saw
}

// endVariants moves past a union's value, which every variant tried read
// from start to end, and forgets the unnamed properties the variants noted
// (a closed variant's unknown property only says it is not the match).
func (d *jsonDecoder) endVariants(start, end position) {
	d.pos, d.depth = end.pos, end.depth
	d.unnamed = d.unnamed[:start.unnamed]
}

// readOnly is where a readOnly property is read to: its field, or, in a
// request a server received (where unnamed properties are noted), a value
// thrown away, so that a handler never sees what a client may not set.
func readOnly[T any](d *jsonDecoder, p *T) *T {
	if d.noteUnnamed {
		return new(T)
	}
	return p
}

// skipUnnamed skips the value of a property that an object with
// additionalProperties: false does not name, noting where it is when the
// decoder collects them.
func (d *jsonDecoder) skipUnnamed() error {
	if d.noteUnnamed {
		d.unnamed = append(d.unnamed, pathAt(d.data, d.pos, &d.mapVals))
	}
	return d.skip()
}

// number reads a JSON number and returns its text.
func (d *jsonDecoder) number(field string) ([]byte, error) {
	if c := d.peek(); c != '-' && c-'0' >= 10 {
		return nil, d.typeError(field, "a number")
	}
	start, end := d.pos, numberEnd(d.data, d.pos)
	if end < 0 {
		d.pos = -end - 1 // where it stops being one
		return nil, d.fail("invalid number")
	}
	d.pos = end
	return d.data[start:end], nil
}

// numberEnd returns where the JSON number that starts at s[i] ends (a
// leading zero ends it: "01" is 0, then 1), or -1-j when it stops being
// one at s[j].
func numberEnd[T string | []byte](s T, i int) int {
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(s) && s[i]-'0' < 10 {
			i++
		}
		return i > j
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if !digits() {
		return -1 - i
	}
	if i < len(s) && s[i] == '.' {
		if i++; !digits() {
			return -1 - i
		}
	}
	if i < len(s) && s[i]|0x20 == 'e' {
		if i++; i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return -1 - i
		}
	}
	return i
}

// int reads an integer of the given bit size.
func (d *jsonDecoder) int(field string, bits int) (int64, error) {
	if n, ok := d.plainInt(bits); ok {
		return n, nil
	}
	start := d.pos
	b, err := d.number(field)
	if err != nil {
		return 0, err
	}
	// JSON Schema counts 1.0 and 1e2 as integers: a number with no
	// fraction is one, however it is written.
	digits, whole := integral(b)
	n, err := strconv.ParseInt(digits, 10, bits)
	if !whole || err != nil {
		got := "an integer out of range" // never the number itself: it may be long
		if !whole {
			got = "a number with a fraction"
		}
		return 0, &decodeError{Field: field, Want: fmt.Sprintf("an integer of %d bits", bits), Got: got, Offset: start}
	}
	return n, nil
}

// plainInt reads at once an integer of at most 18 digits that fits in
// bits, with no fraction, exponent or leading zero (ids, times in
// milliseconds); anything else it leaves to int. d.pos is at its start.
func (d *jsonDecoder) plainInt(bits int) (n int64, ok bool) {
	i, j := d.pos, d.pos
	if j < len(d.data) && d.data[j] == '-' {
		i, j = i+1, j+1
	}
	for ; j < len(d.data) && j-i < 19 && d.data[j]-'0' < 10; j++ {
		n = n*10 + int64(d.data[j]-'0')
	}
	if j == i || j-i > 18 || d.data[i] == '0' && j > i+1 || j < len(d.data) && (d.data[j] == '.' || d.data[j]|0x20 == 'e') {
		return 0, false
	}
	if i > d.pos {
		n = -n
	}
	if x := n >> (bits - 1); x != 0 && x != -1 {
		return 0, false // out of range
	}
	d.pos = j
	return n, true
}

// integral writes a JSON number, however it is written (12.50e1), as the
// digits of the integer it is ("125"); false when it has a fraction. Past
// 20 digits it gives up as out of range.
func integral(b []byte) (string, bool) {
	num, exp, _ := strings.Cut(strings.ToLower(string(b)), "e")
	sign := ""
	if strings.HasPrefix(num, "-") {
		sign, num = "-", num[1:]
	}
	whole, frac, _ := strings.Cut(num, ".")
	digits := strings.TrimLeft(whole+frac, "0")
	e := 0
	if x, err := strconv.Atoi(exp); exp != "" && digits != "" {
		if err != nil || x > 40 || x < -400 {
			// A huge exponent is out of range, a tiny one a fraction.
			return "", !strings.HasPrefix(exp, "-")
		}
		e = x
	}
	e -= len(frac)
	for digits != "" && digits[len(digits)-1] == '0' && e < 0 {
		digits, e = digits[:len(digits)-1], e+1
	}
	switch {
	case digits == "":
		return "0", true
	case e < 0:
		return "", false
	case len(digits)+e > 20:
		return "99999999999999999999", true // out of range for ParseInt
	}
	return sign + digits + strings.Repeat("0", e), true
}

// float reads a number of the given bit size.
func (d *jsonDecoder) float(field string, bits int) (float64, error) {
	start := d.pos
	b, err := d.number(field)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(string(b), bits)
	if err != nil {
		return 0, &decodeError{Field: field, Want: fmt.Sprintf("a number of %d bits", bits), Got: "a number out of range", Offset: start}
	}
	return f, nil
}

// bool reads true or false.
func (d *jsonDecoder) bool(field string) (bool, error) {
	switch d.peek() {
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	}
	return false, d.typeError(field, "a boolean")
}

// skip consumes one value of any kind.
func (d *jsonDecoder) skip() error {
	switch d.peek() {
	case '"':
		_, err := d.rawString()
		return err
	case '{':
		if err := d.objectStart(""); err != nil {
			return err
		}
		for first := true; ; first = false {
			_, ok, err := d.key(first)
			if err != nil || !ok {
				return err
			}
			if err := d.skip(); err != nil {
				return err
			}
		}
	case '[':
		if err := d.arrayStart(""); err != nil {
			return err
		}
		for first := true; ; first = false {
			ok, err := d.more(first)
			if err != nil || !ok {
				return err
			}
			if err := d.skip(); err != nil {
				return err
			}
		}
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	case 0:
		return d.fail("unexpected end of input")
	}
	_, err := d.number("")
	return err
}

// raw consumes one value and returns its bytes, for types that decode
// themselves (unions, raw JSON, time, user types).
func (d *jsonDecoder) raw() ([]byte, error) {
	d.ws()
	start := d.pos
	if err := d.skip(); err != nil {
		return nil, err
	}
	return d.data[start:d.pos], nil
}

// decodeWith reads one value into v: free-form values itself, other types
// (time, user types) with encoding/json.
func (d *jsonDecoder) decodeWith(v any) error {
	switch v := v.(type) {
	case *map[string]any:
		if d.peek() == 'n' {
			*v = nil
			return d.literal("null")
		}
		if d.peek() != '{' {
			return d.typeError("", "an object")
		}
		x, err := d.value()
		if err == nil {
			*v = x.(map[string]any)
		}
		return err
	case *any:
		x, err := d.value()
		if err == nil {
			*v = x
		}
		return err
	}
	at := d.pos
	b, err := d.raw()
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		// Not the type's error text: it quotes the value, which may be
		// a secret, and does not say where it is.
		want := "a value of its type"
		switch v.(type) {
		case *time.Time:
			want = "an RFC 3339 date-time"
		case *[]byte:
			want = "base64 text"
		}
		return &decodeError{Want: want, Got: kindOf(b[0]) + " that is not one", Offset: at}
	}
	return nil
}

// value reads any JSON value the way encoding/json fills an interface:
// objects as map[string]any, arrays as []any, numbers as float64.
func (d *jsonDecoder) value() (any, error) {
	switch d.peek() {
	case '{':
		if err := d.objectStart(""); err != nil {
			return nil, err
		}
		m := map[string]any{}
		for first := true; ; first = false {
			k, ok, err := d.key(first)
			if err != nil || !ok {
				return m, err
			}
			name := d.text1(k)
			x, err := d.value()
			if err != nil {
				return nil, err
			}
			m[name] = x
		}
	case '[':
		if err := d.arrayStart(""); err != nil {
			return nil, err
		}
		// The first items are gathered on the stack, so that a short array
		// costs one allocation rather than one per doubling.
		var head [8]any
		var l []any // the items, once they outgrow head
		n := 0
		for first := true; ; first = false {
			ok, err := d.more(first)
			if err != nil {
				return nil, err
			}
			if !ok {
				if l == nil {
					l = make([]any, n)
					copy(l, head[:n])
				}
				return l, nil
			}
			x, err := d.value()
			if err != nil {
				return nil, err
			}
			switch {
			case l != nil:
				l = append(l, x)
			case n < len(head):
				head[n] = x
				n++
			default:
				l = append(append(make([]any, 0, 2*len(head)), head[:]...), x)
			}
		}
	case '"':
		return d.str("")
	case 't', 'f':
		return d.bool("")
	case 'n':
		return nil, d.literal("null")
	case 0:
		return nil, d.fail("unexpected end of input")
	}
	return d.float("", 64)
}

// jsonDecodable is a type with a generated decoder.
type jsonDecodable interface {
	decodeJSON(d *jsonDecoder) error
}

// decodeJSON decodes data into v with its generated decoder when it has
// one, checking that nothing follows, and with encoding/json otherwise.
func decodeJSON(data []byte, v any) error {
	_, err := decodeNoting(data, v, false)
	return err
}

// decodeNoting is decodeJSON; with note, it returns the paths of the
// properties closed objects do not name.
func decodeNoting(data []byte, v any, note bool) (unnamed []string, err error) {
	if dv, ok := v.(jsonDecodable); ok {
		d := &jsonDecoder{data: data, noteUnnamed: note}
		err := dv.decodeJSON(d)
		if err == nil {
			err = d.end()
		}
		if err != nil {
			err = placed(data, err, &d.mapVals)
		}
		return d.unnamed, err
	}
	return nil, json.Unmarshal(data, v)
}

// placed names, in an error of the generated decoders, the whole path of
// the value it is about (items[0].fileId, where the decoder knew fileId),
// found by scanning data again up to the error's offset.
func placed(data []byte, err error, maps *[8]int) error {
	switch e := err.(type) {
	case *decodeError:
		if p := pathAt(data, e.Offset, maps); p != "" {
			e.Field = p
		}
	case *syntaxError:
		if p := pathAt(data, e.Offset, maps); p != "" && e.at == "" {
			e.at = p
		}
	}
	return err
}

// pathAt is the JSON path of the value at byte off of data: keys and
// indexes of the objects and arrays open there, "" at the top.
//
// A key whose value starts at one of the offsets of maps (nil for none) is
// written as a map's.
func pathAt(data []byte, off int, maps *[8]int) string {
	type level struct {
		key   []byte // the last key read, quotes included
		idx   int
		array bool
		inMap bool // the key is a map's
	}
	var stack []level
	for i := 0; i < off && i < len(data); i++ {
		switch c := data[i]; c {
		case '{', '[':
			stack = append(stack, level{array: c == '['})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if n := len(stack); n > 0 && stack[n-1].array {
				stack[n-1].idx++
			} else if n > 0 {
				stack[n-1].key = nil // between properties
			}
		case '"':
			j := i + 1
			for j < len(data) && data[j] != '"' {
				if data[j] == '\\' {
					j++
				}
				j++
			}
			k := j + 1
			for k < len(data) && (data[k] == ' ' || data[k] == '\t' || data[k] == '\n' || data[k] == '\r') {
				k++
			}
			if n := len(stack); n > 0 && !stack[n-1].array && k < len(data) && data[k] == ':' {
				stack[n-1].key = data[i:min(j+1, len(data))]
				stack[n-1].inMap = maps != nil && slices.Contains(maps[:], k+1)
			}
			i = j
		}
	}
	var b []byte
	for _, l := range stack {
		switch {
		case l.array:
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(l.idx), 10)
			b = append(b, ']')
		case l.key != nil:
			var k string
			if json.Unmarshal(l.key, &k) != nil {
				k = string(l.key)
			}
			if k = clip(k); plainKey(k) && !l.inMap {
				if len(b) > 0 {
					b = append(b, '.')
				}
				b = append(b, k...)
			} else {
				b = append(b, '[')
				b = strconv.AppendQuote(b, k)
				b = append(b, ']')
			}
		}
	}
	return string(b)
}

// plainKey reports whether a key reads well after a dot: a letter or _,
// then letters, digits, _ or -.
func plainKey(k string) bool {
	for i, c := range k {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c == '-' || c >= '0' && c <= '9')) {
			return false
		}
	}
	return k != ""
}

// variantTag returns the string value of the property name of the object
// at the decoder's position (a union's discriminator), leaving the
// position as it was; ok is false when the value is no object, or the
// property is missing or not a string.
func (d *jsonDecoder) variantTag(name string) (tag string, ok bool) {
	start := d.mark()
	defer d.reset(start)
	if d.peek() != '{' {
		return "", false
	}
	var err error
	for k, more := d.first(&err, nil, 0); more; k, more = d.next(&err) {
		if string(k) == name && d.peek() == '"' {
			b, err := d.rawString()
			return string(b), err == nil
		}
		err = d.skip()
	}
	return "", false
}

// otherVariant is a value of a union that fits none of its variants (one
// newer than the package, say), kept as it came: Validate reports it, and
// encoding writes it back compacted, as a json.RawMessage.
type otherVariant struct {
	raw       []byte
	prop, tag string      // the discriminator and the value, naming no variant, it had
	near      validatable // the variant nearest to it, for Validate to say what it lacks
}

// keepOther keeps the value at start, of no variant of a union, in *other;
// near is the variant nearest to it, or nil.
func (d *jsonDecoder) keepOther(start position, other **otherVariant, near validatable) error {
	d.reset(start)
	raw, err := d.raw()
	if err == nil {
		*other = &otherVariant{raw: append([]byte(nil), raw...), near: near}
	}
	return err
}

// nearest is the variant of vs whose bit is set in bit, when Validate can
// check it, else nil.
func nearest(bit uint64, vs ...any) validatable {
	for i, v := range vs {
		if bit == 1<<i {
			x, _ := v.(validatable)
			return x
		}
	}
	return nil
}

// unknownTag keeps the object at start, whose discriminator prop names no
// variant of a union, in *other.
func (d *jsonDecoder) unknownTag(start position, other **otherVariant, prop, tag string) error {
	err := d.keepOther(start, other, nil)
	if err == nil {
		(*other).prop, (*other).tag = prop, tag
	}
	return err
}

// The readers below decode one property of a common shape in a single
// call, to keep the generated decoders short. A null leaves a value field
// as it was and sets a pointer field to nil. A required property's value
// (not null) clears its bit of *missing; an optional one passes nil, 0.

// readRaw keeps a property's value as it came, null included, as
// encoding/json keeps it in a json.RawMessage.
func readRaw[T ~[]byte](d *jsonDecoder, dst *T, missing *uint64, bit uint64) error {
	raw, err := d.raw()
	if err == nil {
		*dst = append(T(nil), raw...)
		seen(missing, bit)
	}
	return err
}

type integer interface{ ~int32 | ~int64 }
type number interface{ ~float32 | ~float64 }
type text interface{ ~string }

func readInt[T integer](d *jsonDecoder, dst *T, field string, bits int, missing *uint64, bit uint64) error {
	if null, err := d.null(); err != nil || null {
		return err
	}
	n, err := d.int(field, bits)
	if err != nil {
		return err
	}
	*dst = T(n)
	seen(missing, bit)
	return nil
}

func readIntPtr[T integer](d *jsonDecoder, dst **T, s *slab[T], field string, bits int) error {
	if null, err := d.null(); err != nil || null {
		*dst = nil
		return err
	}
	n, err := d.int(field, bits)
	if err != nil {
		return err
	}
	x := s.next()
	*x = T(n)
	*dst = x
	return nil
}

func readFloat[T number](d *jsonDecoder, dst *T, field string, bits int, missing *uint64, bit uint64) error {
	if null, err := d.null(); err != nil || null {
		return err
	}
	f, err := d.float(field, bits)
	if err != nil {
		return err
	}
	*dst = T(f)
	seen(missing, bit)
	return nil
}

func readFloatPtr[T number](d *jsonDecoder, dst **T, s *slab[T], field string, bits int) error {
	if null, err := d.null(); err != nil || null {
		*dst = nil
		return err
	}
	f, err := d.float(field, bits)
	if err != nil {
		return err
	}
	x := s.next()
	*x = T(f)
	*dst = x
	return nil
}

func readString[T text](d *jsonDecoder, dst *T, field string, missing *uint64, bit uint64) error {
	if null, err := d.null(); err != nil || null {
		return err
	}
	s, err := d.str(field)
	if err != nil {
		return err
	}
	*dst = T(s)
	seen(missing, bit)
	return nil
}

func readStringPtr[T text](d *jsonDecoder, dst **T, s *slab[T], field string) error {
	if null, err := d.null(); err != nil || null {
		*dst = nil
		return err
	}
	v, err := d.str(field)
	if err != nil {
		return err
	}
	x := s.next()
	*x = T(v)
	*dst = x
	return nil
}

func readBool(d *jsonDecoder, dst *bool, field string, missing *uint64, bit uint64) error {
	if null, err := d.null(); err != nil || null {
		return err
	}
	b, err := d.bool(field)
	if err != nil {
		return err
	}
	*dst = b
	seen(missing, bit)
	return nil
}

func readBoolPtr(d *jsonDecoder, dst **bool, s *slab[bool], field string) error {
	if null, err := d.null(); err != nil || null {
		*dst = nil
		return err
	}
	b, err := d.bool(field)
	if err != nil {
		return err
	}
	x := s.next()
	*x = b
	*dst = x
	return nil
}

// readObject decodes a value with a generated decoder; null leaves it.
func readObject[P jsonDecodable](d *jsonDecoder, dst P, missing *uint64, bit uint64) error {
	if null, err := d.null(); err != nil || null {
		return err
	}
	if err := dst.decodeJSON(d); err != nil {
		return err
	}
	seen(missing, bit)
	return nil
}

// enum is a string enum type with a generated parse method, which returns
// the constant spelled b without allocating, or a new value.
type enum[T any] interface {
	~string
	parse(b []byte) T
}

func readEnum[T enum[T]](d *jsonDecoder, dst *T, field string, missing *uint64, bit uint64) error {
	if null, err := d.null(); err != nil || null {
		return err
	}
	b, err := d.strBytes(field)
	if err != nil {
		return err
	}
	*dst = (*dst).parse(b)
	seen(missing, bit)
	return nil
}

func readEnumPtr[T enum[T]](d *jsonDecoder, dst **T, s *slab[T], field string) error {
	if null, err := d.null(); err != nil || null {
		*dst = nil
		return err
	}
	b, err := d.strBytes(field)
	if err != nil {
		return err
	}
	x := s.next()
	*x = (*x).parse(b)
	*dst = x
	return nil
}

func readNullableEnum[T enum[T]](d *jsonDecoder, dst *Nullable[T], field string) error {
	if null, err := d.null(); err != nil || null {
		*dst = Nullable[T]{Set: err == nil, Null: err == nil}
		return err
	}
	*dst = Nullable[T]{Set: true}
	return readEnum(d, &dst.Value, field, nil, 0)
}

// The readers of optional properties that may be null, held as a
// Nullable: null sets it present and null.

func readNullableInt[T integer](d *jsonDecoder, dst *Nullable[T], field string, bits int) error {
	if null, err := d.null(); err != nil || null {
		*dst = Nullable[T]{Set: err == nil, Null: err == nil}
		return err
	}
	*dst = Nullable[T]{Set: true}
	return readInt(d, &dst.Value, field, bits, nil, 0)
}

func readNullableFloat[T number](d *jsonDecoder, dst *Nullable[T], field string, bits int) error {
	if null, err := d.null(); err != nil || null {
		*dst = Nullable[T]{Set: err == nil, Null: err == nil}
		return err
	}
	*dst = Nullable[T]{Set: true}
	return readFloat(d, &dst.Value, field, bits, nil, 0)
}

func readNullableString[T text](d *jsonDecoder, dst *Nullable[T], field string) error {
	if null, err := d.null(); err != nil || null {
		*dst = Nullable[T]{Set: err == nil, Null: err == nil}
		return err
	}
	*dst = Nullable[T]{Set: true}
	return readString(d, &dst.Value, field, nil, 0)
}

func readNullableBool(d *jsonDecoder, dst *Nullable[bool], field string) error {
	if null, err := d.null(); err != nil || null {
		*dst = Nullable[bool]{Set: err == nil, Null: err == nil}
		return err
	}
	*dst = Nullable[bool]{Set: true}
	return readBool(d, &dst.Value, field, nil, 0)
}

func readNullableObject[T any, P interface {
	*T
	jsonDecodable
}](d *jsonDecoder, dst *Nullable[T]) error {
	if null, err := d.null(); err != nil || null {
		*dst = Nullable[T]{Set: err == nil, Null: err == nil}
		return err
	}
	*dst = Nullable[T]{Set: true}
	return P(&dst.Value).decodeJSON(d)
}

// readObjectPtr decodes into x, a new value, with a generated decoder, and
// points *dst to it; null sets the pointer to nil (and x, made by the caller
// before the null was seen, is dropped).
func readObjectPtr[P jsonDecodable](d *jsonDecoder, dst *P, x P) error {
	if null, err := d.null(); err != nil || null {
		var none P
		*dst = none
		return err
	}
	if err := x.decodeJSON(d); err != nil {
		return err
	}
	*dst = x
	return nil
}

// readObjectPtrIn is readObjectPtr with the value taken from a slab.
func readObjectPtrIn[T any, P interface {
	*T
	jsonDecodable
}](d *jsonDecoder, dst **T, s *slab[T]) error {
	if null, err := d.null(); err != nil || null {
		*dst = nil
		return err
	}
	x := s.next()
	if err := P(x).decodeJSON(d); err != nil {
		return err
	}
	*dst = x
	return nil
}

// readList decodes an array of values with generated decoders, and
// readStringList one of strings; see readItems.
func readList[T any, P interface {
	*T
	jsonDecodable
}](d *jsonDecoder, dst *[]T, field string, missing *uint64, bit uint64) error {
	return readItems(d, dst, field, missing, bit, func(x *T) error { return readObject(d, P(x), nil, 0) })
}

func readStringList[T text](d *jsonDecoder, dst *[]T, field string, missing *uint64, bit uint64) error {
	return readItems(d, dst, field, missing, bit, func(x *T) error { return readString(d, x, field, nil, 0) })
}

func readEnumList[T enum[T]](d *jsonDecoder, dst *[]T, field string, missing *uint64, bit uint64) error {
	return readItems(d, dst, field, missing, bit, func(x *T) error { return readEnum(d, x, field, nil, 0) })
}

// readStringMap decodes an object of strings: null sets the map to nil, a
// required one present clears its bit of missing, and each key is
// allocated once per document (mapKey). It reads each value itself, not
// through a function as readItems does: a value handed to one by pointer
// would escape, one allocation per entry.
func readStringMap[M ~map[string]T, T text](d *jsonDecoder, dst *M, field string, missing *uint64, bit uint64) error {
	if null, err := d.null(); err != nil || null {
		*dst = nil
		return err
	}
	if err := d.objectStart(field); err != nil {
		return err
	}
	m := M{}
	for first := true; ; first = false {
		k, ok, err := d.key(first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		var x T
		key := d.mapKey(k)
		if err := d.nullItem(field); err != nil {
			return err
		}
		if err := readString(d, &x, field, nil, 0); err != nil {
			return err
		}
		m[key] = x
	}
	*dst = m
	seen(missing, bit)
	return nil
}

// nullItem refuses, in a request a server reads, a null item of a list or
// value of a map whose schema does not allow null. Elsewhere null reads as
// the zero value, as encoding/json reads it.
func (d *jsonDecoder) nullItem(field string) error {
	if d.noteUnnamed && d.peek() == 'n' {
		return &decodeError{Field: field, Want: "a value", Got: "null", Offset: d.pos}
	}
	return nil
}

// marshalAnyOf writes the variants of an anyOf that are set: one as
// itself; several objects merged into one, where a property the first
// variant writes wins; several of other kinds as the first (they stand for
// the same JSON value). None is null.
func marshalAnyOf(parts []any) ([]byte, error) {
	if len(parts) == 0 {
		return []byte("null"), nil
	}
	first, err := json.Marshal(parts[0])
	if err != nil || len(parts) == 1 || len(first) == 0 || first[0] != '{' {
		return first, err
	}
	out := append([]byte(nil), first[:len(first)-1]...)
	written := len(first) > 2
	seen := map[string]bool{}
	d := &jsonDecoder{data: first}
	if err := collectKeys(d, seen); err != nil {
		return nil, err
	}
	for _, p := range parts[1:] {
		b, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		d := &jsonDecoder{data: b}
		if err := d.objectStart(""); err != nil {
			return first, nil // not an object: the first variant stands for the value
		}
		for f := true; ; f = false {
			k, ok, err := d.key(f)
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			name := string(k)
			d.ws()
			start := d.pos
			if err := d.skip(); err != nil {
				return nil, err
			}
			if seen[name] {
				continue
			}
			seen[name] = true
			if written {
				out = append(out, ',')
			}
			written = true
			key, _ := json.Marshal(name)
			out = append(append(append(out, key...), ':'), d.data[start:d.pos]...)
		}
	}
	return append(out, '}'), nil
}

// collectKeys notes the property names of the object d holds.
func collectKeys(d *jsonDecoder, seen map[string]bool) error {
	if err := d.objectStart(""); err != nil {
		return err
	}
	for first := true; ; first = false {
		k, ok, err := d.key(first)
		if err != nil || !ok {
			return err
		}
		seen[string(k)] = true
		if err := d.skip(); err != nil {
			return err
		}
	}
}

// appendProps adds the entries of m, in key order, to the JSON object b,
// leaving out the names in taken and noting there the ones it writes: how
// the maps of patternProperties and additionalProperties are written after
// the named properties.
func appendProps[T any](b []byte, m map[string]T, taken map[string]bool) ([]byte, error) {
	if len(m) == 0 {
		return b, nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if !taken[k] {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return b, nil
	}
	sort.Strings(keys)
	empty := len(b) == 2 // {}
	b = b[:len(b)-1]
	for _, k := range keys {
		taken[k] = true
		name, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		val, err := json.Marshal(m[k])
		if err != nil {
			return nil, err
		}
		if !empty {
			b = append(b, ',')
		}
		empty = false
		b = append(append(append(b, name...), ':'), val...)
	}
	return append(b, '}'), nil
}

// onlyKeys reports whether the JSON object data has no property but the
// named ones: whether it can be valid for an object schema with
// additionalProperties: false.
func onlyKeys(data []byte, names ...string) bool {
	d := &jsonDecoder{data: data}
	if d.objectStart("") != nil {
		return false
	}
	for first := true; ; first = false {
		k, ok, err := d.key(first)
		if err != nil {
			return false
		}
		if !ok {
			return true
		}
		if !slices.Contains(names, string(k)) || d.skip() != nil {
			return false
		}
	}
}

// variantPart is a variant of an anyOf for marshalVariants: nil when it is
// not set (x is a pointer).
func variantPart(x any) any {
	if isNil(x) {
		return nil
	}
	return x
}

// marshalVariants is marshalAnyOf of the variants that are set (the parts
// that are not nil), or the value that fit none of them, as it came.
func marshalVariants(other *otherVariant, parts ...any) ([]byte, error) {
	if other != nil {
		return json.Marshal(json.RawMessage(other.raw))
	}
	set := parts[:0:0]
	for _, p := range parts {
		if p != nil {
			set = append(set, p)
		}
	}
	return marshalAnyOf(set)
}

// bitsOf sets bit i for each set[i] that is true.
func bitsOf(set ...bool) uint64 {
	var bits uint64
	for i, s := range set {
		if s {
			bits |= 1 << i
		}
	}
	return bits
}

// firstOf returns the lowest bit of the first mask that has any.
func firstOf(masks ...uint64) uint64 {
	for _, m := range masks {
		if m != 0 {
			return m & -m
		}
	}
	return 0
}

// tryVariant decodes the value at start into x, a new value of one of a
// union's variants, with its generated decoder. When it decodes, end moves
// past the value and tryVariant returns true; matched gets bit (unless bit
// is 0) when check is false or when x also breaks no rule.
func tryVariant(d *jsonDecoder, start position, end *position, matched *uint64, bit uint64, check bool, x jsonDecodable) bool {
	d.reset(start)
	if x.decodeJSON(d) != nil {
		return false
	}
	*end = d.mark()
	if bit != 0 && (!check || isValid(x.(validatable))) {
		*matched |= bit
	}
	return true
}

// keepVariant is x when bit i of keep is set, else nil: the variants a
// union decoder keeps of those it tried.
func keepVariant[P any](x P, keep uint64, i int) P {
	if keep&(1<<i) == 0 {
		var none P
		return none
	}
	return x
}

// readIntList, readFloatList and readBoolList decode an array of
// integers, numbers or booleans, and readValueList one of values that
// decodeWith reads: null sets the list to nil, and a null item decodes as
// zero.
func readIntList[T integer](d *jsonDecoder, dst *[]T, field string, bits int, missing *uint64, bit uint64) error {
	return readItems(d, dst, field, missing, bit, func(x *T) error { return readInt(d, x, field, bits, nil, 0) })
}

func readFloatList[T number](d *jsonDecoder, dst *[]T, field string, bits int, missing *uint64, bit uint64) error {
	return readItems(d, dst, field, missing, bit, func(x *T) error { return readFloat(d, x, field, bits, nil, 0) })
}

func readBoolList(d *jsonDecoder, dst *[]bool, field string, missing *uint64, bit uint64) error {
	return readItems(d, dst, field, missing, bit, func(x *bool) error { return readBool(d, x, field, nil, 0) })
}

func readValueList[T any](d *jsonDecoder, dst *[]T, field string, missing *uint64, bit uint64) error {
	return readItems(d, dst, field, missing, bit, func(x *T) error {
		if null, err := d.null(); err != nil || null {
			return err
		}
		return d.decodeWith(x)
	})
}

// readItems decodes an array with read, item by item, each in its place
// (a variable would escape): null sets the list to nil, and a required one
// present clears its bit of missing.
func readItems[T any](d *jsonDecoder, dst *[]T, field string, missing *uint64, bit uint64, read func(*T) error) error {
	if null, err := d.null(); err != nil || null {
		*dst = nil
		return err
	}
	if err := d.arrayStart(field); err != nil {
		return err
	}
	list := []T{}
	for first := true; ; first = false {
		more, err := d.more(first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if err := d.nullItem(field); err != nil {
			return err
		}
		var zero T
		list = append(list, zero)
		if err := read(&list[len(list)-1]); err != nil {
			return err
		}
	}
	*dst = list
	seen(missing, bit)
	return nil
}
