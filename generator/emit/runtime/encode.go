package runtime

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The generated encoders write a value's JSON straight into a buffer, the
// same bytes encoding/json would write, without reflection and without
// encoding/json's second pass over what a MarshalJSON method returns.

// jsonEncoder is the buffer the generated encodeJSON methods append to.
type jsonEncoder struct {
	b    []byte
	html bool         // escape <, > and & in strings, as json.Marshal does
	err  error        // the first value that could not be encoded
	dir  direction    // a request leaves readOnly properties out, a response writeOnly ones
	sink *jsonEncoder // where they are written, to be dropped (see readOnly)
}

// jsonEncodable is a type with a generated encoder.
type jsonEncodable interface {
	encodeJSON(e *jsonEncoder)
}

// appendJSON appends the JSON of v, sent in the direction dir, to dst:
// with its generated encoder when it has one, with encoding/json otherwise.
func appendJSON(dst []byte, v any, html bool, dir direction) ([]byte, error) {
	var pair [2]jsonEncoder // the encoder and its sink, in one allocation
	e := &pair[0]
	*e = jsonEncoder{b: dst, html: html, dir: dir, sink: &pair[1]}
	e.value(v)
	return e.b, e.err
}

// marshalJSON is MarshalJSON for a type with a generated encoder.
func marshalJSON(v jsonEncodable) ([]byte, error) { return encodeCopy(v, true, dirAny) }

// encodeBuffers hold the buffers encodeCopy writes into before it copies
// out the result: one allocation of the final size per encoding, instead
// of a buffer that grows from nothing.
var encodeBuffers = sync.Pool{New: func() any { return new([]byte) }}

// encodeCopy encodes v into a pooled buffer and returns a copy of the bytes.
func encodeCopy(v any, html bool, dir direction) ([]byte, error) {
	buf := encodeBuffers.Get().(*[]byte)
	b, err := appendJSON((*buf)[:0], v, html, dir)
	var out []byte
	if err == nil {
		out = append(make([]byte, 0, len(b)), b...)
	}
	if cap(b) <= 4<<20 { // keep buffers of everyday sizes only
		*buf = b
		encodeBuffers.Put(buf)
	}
	return out, err
}

// object starts an object; its properties each write a comma first, and
// end turns the first comma into the opening brace. end and key are not
// inlined, as the property writers below are not (the writers here use
// keyInline, which is).
func (e *jsonEncoder) object() int { return len(e.b) }

//go:noinline
func (e *jsonEncoder) end(start int) {
	if len(e.b) == start {
		e.b = append(e.b, '{')
	} else {
		e.b[start] = '{'
	}
	e.b = append(e.b, '}')
}

// key writes a comma and a property name, given quoted with its colon.
//
//go:noinline
func (e *jsonEncoder) key(quoted string) { e.keyInline(quoted) }

// keyInline is key for the writers of this file, inlined into each once.
func (e *jsonEncoder) keyInline(quoted string) {
	e.b = append(e.b, ',')
	e.b = append(e.b, quoted...)
}

// name writes a comma and a property name that is only known at run time.
func (e *jsonEncoder) name(k string) {
	e.b = append(e.b, ',')
	e.str(k)
	e.b = append(e.b, ':')
}

func (e *jsonEncoder) null() { e.b = append(e.b, "null"...) }

// writeOther writes a union's value that fit none of its variants as it came
// (compacted, as a json.RawMessage), or null when there is none.
func (e *jsonEncoder) writeOther(o *otherVariant) {
	if o == nil {
		e.null()
	} else {
		e.value(json.RawMessage(o.raw))
	}
}

func (e *jsonEncoder) bool(v bool) { e.b = strconv.AppendBool(e.b, v) }

func (e *jsonEncoder) int(v int64) { e.b = strconv.AppendInt(e.b, v, 10) }

// float writes a number as encoding/json does: like ES6, with an exponent
// only for very large or small magnitudes. NaN and infinities have no JSON
// form and fail the encoding.
func (e *jsonEncoder) float(f float64, bits int) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if e.err == nil {
			e.err = &json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, bits)}
		}
		e.null()
		return
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	e.b = strconv.AppendFloat(e.b, f, format, -1, bits)
	if format == 'e' {
		// e-09 becomes e-9
		n := len(e.b)
		if n >= 4 && e.b[n-4] == 'e' && e.b[n-3] == '-' && e.b[n-2] == '0' {
			e.b[n-2] = e.b[n-1]
			e.b = e.b[:n-1]
		}
	}
}

// str writes a string with encoding/json's escaping: quotes, backslashes
// and control characters; <, > and & when html is set; U+2028 and U+2029
// always; invalid UTF-8 as U+FFFD.
func (e *jsonEncoder) str(s string) {
	const hex = "0123456789abcdef"
	dst := append(e.b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!e.html || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	e.b = append(dst, '"')
}

// readOnly is the encoder of a readOnly property: e, or in a request the
// sink, whose bytes are dropped.
func (e *jsonEncoder) readOnly() *jsonEncoder { return e.unless(dirRequest) }

// writeOnly is the encoder of a writeOnly property: e, or in a response
// the sink.
func (e *jsonEncoder) writeOnly() *jsonEncoder { return e.unless(dirResponse) }

func (e *jsonEncoder) unless(dir direction) *jsonEncoder {
	if e.dir != dir {
		return e
	}
	// The sink writes after the end of e's bytes, where e writes next.
	e.sink.b = e.b[len(e.b):]
	return e.sink
}

// value writes any other value with encoding/json.
func (e *jsonEncoder) value(v any) {
	if ev, ok := v.(jsonEncodable); ok {
		ev.encodeJSON(e)
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(e.html)
	if err := enc.Encode(v); err != nil {
		if e.err == nil {
			e.err = err
		}
		e.null()
		return
	}
	e.b = append(e.b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// walk writes v, a list or a map (or a pointer to one) of values with
// generated encoders, at any depth, as encoding/json would, but each of
// those values with its encoder: encoding/json would call its MarshalJSON,
// which writes every property, whatever e leaves out.
func (e *jsonEncoder) walk(v any) { e.walkValue(reflect.ValueOf(v)) }

func (e *jsonEncoder) walkValue(rv reflect.Value) {
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	m := reflect.TypeFor[json.Marshaler]()
	switch k := rv.Kind(); {
	case k == reflect.Invalid || (k == reflect.Pointer || k == reflect.Slice || k == reflect.Map) && rv.IsNil():
		e.null()
	case rv.Type().Implements(m) || reflect.PointerTo(rv.Type()).Implements(m):
		e.walkItem(rv)
	case k == reflect.Map && rv.Type().Key().Kind() == reflect.String:
		start := e.object()
		keys := rv.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			e.name(k.String())
			e.walkValue(rv.MapIndex(k))
		}
		e.end(start)
	case k == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8 || k == reflect.Array:
		e.b = append(e.b, '[')
		for i := range rv.Len() {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.walkValue(rv.Index(i))
		}
		e.b = append(e.b, ']')
	default:
		e.walkItem(rv)
	}
}

// walkItem writes a value walk does not go into, given by pointer: its
// generated encoder, or a MarshalJSON, may have a pointer receiver.
func (e *jsonEncoder) walkItem(rv reflect.Value) {
	if !rv.CanAddr() { // a map's value
		p := reflect.New(rv.Type())
		p.Elem().Set(rv)
		rv = p.Elem()
	}
	e.value(rv.Addr().Interface())
}

// walked has walk write p, a request or response body; it is nil when p
// is. The generated code passes the lists and maps of values that leave
// properties out of a request or a response through it.
func walked(p any) any {
	if isNil(p) {
		return nil
	}
	return walker{p}
}

type walker struct{ v any }

func (w walker) encodeJSON(e *jsonEncoder) { e.walk(w.v) }

// The list and map writers below keep the generated encoders short. A nil
// slice or map is null, as encoding/json writes it; map keys are sorted.

func encodeObjects[S ~[]T, T any, P interface {
	*T
	jsonEncodable
}](e *jsonEncoder, l S) {
	if l == nil {
		e.null()
		return
	}
	e.b = append(e.b, '[')
	for i := range l {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		P(&l[i]).encodeJSON(e)
	}
	e.b = append(e.b, ']')
}

func encodeStrings[S ~[]T, T ~string](e *jsonEncoder, l S) {
	if l == nil {
		e.null()
		return
	}
	e.b = append(e.b, '[')
	for i, x := range l {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.str(string(x))
	}
	e.b = append(e.b, ']')
}

func encodeInts[S ~[]T, T ~int32 | ~int64](e *jsonEncoder, l S) {
	if l == nil {
		e.null()
		return
	}
	e.b = append(e.b, '[')
	for i, x := range l {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.int(int64(x))
	}
	e.b = append(e.b, ']')
}

func encodeBools[S ~[]T, T ~bool](e *jsonEncoder, l S) {
	if l == nil {
		e.null()
		return
	}
	e.b = append(e.b, '[')
	for i, x := range l {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.bool(bool(x))
	}
	e.b = append(e.b, ']')
}

// sortedKeys returns the keys of m in order, as encoding/json writes them,
// in buf when they fit (callers pass an array on their stack).
func sortedKeys[M ~map[string]V, V any](m M, buf []string) []string {
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// The writers of optional lists and maps: nothing when nil.

func optObjects[S ~[]T, T any, P interface {
	*T
	jsonEncodable
}](e *jsonEncoder, key string, l S) {
	if l != nil {
		e.keyInline(key)
		encodeObjects[S, T, P](e, l)
	}
}

func optStrings[S ~[]T, T ~string](e *jsonEncoder, key string, l S) {
	if l != nil {
		e.keyInline(key)
		encodeStrings(e, l)
	}
}

func optInts[S ~[]T, T ~int32 | ~int64](e *jsonEncoder, key string, l S) {
	if l != nil {
		e.keyInline(key)
		encodeInts(e, l)
	}
}

func optBools[S ~[]T, T ~bool](e *jsonEncoder, key string, l S) {
	if l != nil {
		e.keyInline(key)
		encodeBools(e, l)
	}
}

func optObjectsMap[M ~map[string]T, T any, P interface {
	*T
	jsonEncodable
}](e *jsonEncoder, key string, m M) {
	if m != nil {
		e.keyInline(key)
		encodeObjectsMap[M, T, P](e, m)
	}
}

func optStringsMap[M ~map[string]T, T ~string](e *jsonEncoder, key string, m M) {
	if m != nil {
		e.keyInline(key)
		encodeStringsMap(e, m)
	}
}

func optIntsMap[M ~map[string]T, T ~int32 | ~int64](e *jsonEncoder, key string, m M) {
	if m != nil {
		e.keyInline(key)
		encodeIntsMap(e, m)
	}
}

func optBoolsMap[M ~map[string]T, T ~bool](e *jsonEncoder, key string, m M) {
	if m != nil {
		e.keyInline(key)
		encodeBoolsMap(e, m)
	}
}

func encodeObjectsMap[M ~map[string]T, T any, P interface {
	*T
	jsonEncodable
}](e *jsonEncoder, m M) {
	if m == nil {
		e.null()
		return
	}
	start := e.object()
	var buf [16]string
	for _, k := range sortedKeys(m, buf[:]) {
		e.name(k)
		x := m[k]
		P(&x).encodeJSON(e)
	}
	e.end(start)
}

func encodeStringsMap[M ~map[string]T, T ~string](e *jsonEncoder, m M) {
	if m == nil {
		e.null()
		return
	}
	start := e.object()
	var buf [16]string
	for _, k := range sortedKeys(m, buf[:]) {
		e.name(k)
		e.str(string(m[k]))
	}
	e.end(start)
}

func encodeIntsMap[M ~map[string]T, T ~int32 | ~int64](e *jsonEncoder, m M) {
	if m == nil {
		e.null()
		return
	}
	start := e.object()
	var buf [16]string
	for _, k := range sortedKeys(m, buf[:]) {
		e.name(k)
		e.int(int64(m[k]))
	}
	e.end(start)
}

func encodeBoolsMap[M ~map[string]T, T ~bool](e *jsonEncoder, m M) {
	if m == nil {
		e.null()
		return
	}
	start := e.object()
	var buf [16]string
	for _, k := range sortedKeys(m, buf[:]) {
		e.name(k)
		e.bool(bool(m[k]))
	}
	e.end(start)
}

// The property writers below write one property (a key and its value, or
// nothing for a nil opt) in one call, not inlined: inlined copies made the
// generated encoders most of a package's machine code and build time.

//go:noinline
func (e *jsonEncoder) strField(key, v string) {
	e.keyInline(key)
	e.str(v)
}

//go:noinline
func (e *jsonEncoder) intField(key string, v int64) {
	e.keyInline(key)
	e.int(v)
}

//go:noinline
func (e *jsonEncoder) floatField(key string, v float64, bits int) {
	e.keyInline(key)
	e.float(v, bits)
}

//go:noinline
func (e *jsonEncoder) boolField(key string, v bool) {
	e.keyInline(key)
	e.bool(v)
}

//go:noinline
func optStr[T ~string](e *jsonEncoder, key string, p *T) {
	if p != nil {
		e.keyInline(key)
		e.str(string(*p))
	}
}

//go:noinline
func optInt[T ~int32 | ~int64](e *jsonEncoder, key string, p *T) {
	if p != nil {
		e.keyInline(key)
		e.int(int64(*p))
	}
}

//go:noinline
func optFloat[T ~float32 | ~float64](e *jsonEncoder, key string, p *T, bits int) {
	if p != nil {
		e.keyInline(key)
		e.float(float64(*p), bits)
	}
}

//go:noinline
func optBool[T ~bool](e *jsonEncoder, key string, p *T) {
	if p != nil {
		e.keyInline(key)
		e.bool(bool(*p))
	}
}

// The writers of optional properties that may be null, held as a
// Nullable: nothing when it is absent, null when it is null.

//go:noinline
func optNullableStr[T ~string](e *jsonEncoder, key string, n *Nullable[T]) {
	if n.Set {
		e.keyInline(key)
		if n.Null {
			e.null()
		} else {
			e.str(string(n.Value))
		}
	}
}

//go:noinline
func optNullableInt[T ~int32 | ~int64](e *jsonEncoder, key string, n *Nullable[T]) {
	if n.Set {
		e.keyInline(key)
		if n.Null {
			e.null()
		} else {
			e.int(int64(n.Value))
		}
	}
}

//go:noinline
func optNullableFloat[T ~float32 | ~float64](e *jsonEncoder, key string, n *Nullable[T], bits int) {
	if n.Set {
		e.keyInline(key)
		if n.Null {
			e.null()
		} else {
			e.float(float64(n.Value), bits)
		}
	}
}

//go:noinline
func optNullableBool[T ~bool](e *jsonEncoder, key string, n *Nullable[T]) {
	if n.Set {
		e.keyInline(key)
		if n.Null {
			e.null()
		} else {
			e.bool(bool(n.Value))
		}
	}
}

//go:noinline
func optNullableObject[T any, P interface {
	*T
	jsonEncodable
}](e *jsonEncoder, key string, n *Nullable[T]) {
	if n.Set {
		e.keyInline(key)
		if n.Null {
			e.null()
		} else {
			P(&n.Value).encodeJSON(e)
		}
	}
}

// optObj writes an optional object property, when its pointer is set (as
// isNil tells: an interface holding a nil pointer is not nil).
//
//go:noinline
func optObj(e *jsonEncoder, key string, p jsonEncodable) {
	if !isNil(p) {
		e.keyInline(key)
		p.encodeJSON(e)
	}
}
