package runtime

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ---- validation ----

// Violation is one rule a value breaks: where (a JSON path such as
// items[2].status), which rule (required, minimum, maxLength, enum, ...)
// and a message that never repeats the offending value.
type Violation struct {
	Path    string
	Rule    string
	Message string
}

func (v Violation) String() string {
	if v.Path == "" {
		return v.Message + " (" + v.Rule + ")"
	}
	return v.Path + ": " + v.Message + " (" + v.Rule + ")"
}

// ValidationError lists every rule a value breaks.
type ValidationError struct {
	Violations []Violation
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		parts[i] = v.String()
	}
	return "invalid: " + strings.Join(parts, "; ")
}

// direction says which side of the wire a value is validated (or encoded)
// for: a readOnly property is required only in responses, a writeOnly one
// only in requests, and neither when the direction is unknown.
type direction uint8

const (
	dirAny direction = iota
	dirRequest
	dirResponse
	dirResult // a handler's result: a response once its writeOnly values are left out
)

type validator struct {
	violations []Violation
	// newer accepts values newer than the spec, as a client reading answers
	// does (a server may add them): enum values the spec does not list, and
	// union values of no variant.
	newer  bool
	absent map[string]bool // paths reported as required
	param  vpath           // the path of the parameter checkedPathParam checks
	uses   []int           // where each open scope of a use's checks began
}

// useStart and useEnd enclose the checks of a use of a named type whose
// rules are tighter than the type's own (maximum 5 where the type allows
// 10): useEnd drops what the type then reports again at the same path
// for the same rule, so the use's message stands alone.
func (e *validator) useStart() { e.uses = append(e.uses, len(e.violations)) }

func (e *validator) useEnd() {
	from := e.uses[len(e.uses)-1]
	e.uses = e.uses[:len(e.uses)-1]
	kept := e.violations[:from]
	for i, v := range e.violations[from:] {
		repeat := false
		for _, w := range e.violations[from : from+i] {
			if w.Path == v.Path && w.Rule == v.Rule {
				repeat = true
				break
			}
		}
		if !repeat {
			kept = append(kept, v)
		}
	}
	e.violations = kept
}

// enum notes that a value is not one of an enum's (unless newer values
// are accepted here); msg says what the spec allows.
func (e *validator) enum(ok bool, path *vpath, msg string) {
	if !ok && !e.newer {
		e.add(path, "enum", msg)
	}
}

// vpath is the JSON path of a value under validation, kept as a chain on
// the stack and written out only when a violation needs it.
type vpath struct {
	up   *vpath
	name string // a property name, or a map key
	idx  int    // an array index
	kind uint8  // 0 property, 1 index, 2 map key
}

// String writes the path out, root first: items[2].status. It neither
// recurses nor keeps any part of the chain, so the chain can live on the
// stacks of the validate methods that build it.
func (p *vpath) String() string {
	depth := 0
	for q := p; q != nil; q = q.up {
		depth++
	}
	var b []byte
	for i := depth - 1; i >= 0; i-- {
		q := p
		for range i {
			q = q.up
		}
		switch q.kind {
		case 1:
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(q.idx), 10)
			b = append(b, ']')
		case 2:
			b = append(b, '[')
			b = strconv.AppendQuote(b, clip(q.name))
			b = append(b, ']')
		default:
			if len(b) > 0 {
				b = append(b, '.')
			}
			b = append(b, q.name...)
		}
	}
	return string(b)
}

// add is not inlined: it runs only for invalid values.
//
//go:noinline
func (e *validator) add(path *vpath, rule, msg string) {
	p := path.String()
	// A value reported absent breaks no other rule: the zero value a
	// decoder left there says nothing ("id: is required" alone, not also
	// "id: must be at least 1"), nor do the values inside it.
	if len(e.absent) > 0 {
		for i := len(p); i > 0; i-- {
			if (i == len(p) || p[i] == '.' || p[i] == '[') && e.absent[p[:i]] {
				return
			}
		}
	}
	if rule == "required" && p != "" {
		if e.absent == nil {
			e.absent = map[string]bool{}
		}
		e.absent[p] = true
	}
	e.violations = append(e.violations, Violation{Path: p, Rule: rule, Message: msg})
}

func (e *validator) required(path *vpath) { e.add(path, "required", "is required") }

// addIf adds a violation when broken is true: one line per rule in the
// generated validate methods.
func (e *validator) addIf(broken bool, path *vpath, rule, msg string) {
	if broken {
		e.add(path, rule, msg)
	}
}

// requiredBits reports as required the property names[i] of the object at
// path for each bit i set in missing.
func (e *validator) requiredBits(path *vpath, missing uint64, names ...string) {
	if missing == 0 {
		return
	}
	for i, name := range names {
		if missing&(1<<i) != 0 {
			e.required(&vpath{up: path, name: name})
		}
	}
}

// validateAll checks v from the root, for Validate and its directional
// forms.
func validateAll(v validatable, dir direction) error {
	var e validator
	v.validate(&e, nil, dir)
	return e.err()
}

// isNil reports whether v is nil or holds a nil pointer, map or slice: a
// value that was not given. It takes an interface, not a type parameter,
// as helpers over any generated type do: a generic function gets a wrapper
// compiled for every type argument.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice:
		return rv.IsNil()
	}
	return false
}

// sortFrom puts the violations added since the i-th in path order; those
// of one path keep the order they were found in.
func (e *validator) sortFrom(i int) {
	if len(e.violations)-i > 1 {
		// sort, not slices: its generic sort would be compiled into every
		// package for what only runs on invalid values.
		v := e.violations[i:]
		sort.SliceStable(v, func(a, b int) bool { return v[a].Path < v[b].Path })
	}
}

func (e *validator) err() error {
	if len(e.violations) == 0 {
		return nil
	}
	return &ValidationError{Violations: e.violations}
}

// clip shortens text from a request that a message shows, such as a map
// key or a path, to its first 64 bytes (on a character boundary) and "…".
func clip(s string) string {
	if len(s) <= 64 {
		return s
	}
	n := 64
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func checkLength(e *validator, path *vpath, s string, min, max int) {
	// A string has no more characters than bytes: most need no count.
	if (max < 0 || len(s) <= max) && min <= 1 && (min < 1 || len(s) > 0) {
		return
	}
	n := utf8.RuneCountInString(s)
	if min >= 0 && n < min {
		e.add(path, "minLength", fmt.Sprintf("has %d characters, fewer than %d", n, min))
	}
	if max >= 0 && n > max {
		e.add(path, "maxLength", fmt.Sprintf("has %d characters, more than %d", n, max))
	}
}

// checkLengthPtr, checkPatternPtr and checkFormatPtr check an optional
// string, when it is set.
func checkLengthPtr[S ~string](e *validator, path *vpath, s *S, min, max int) {
	if s != nil {
		checkLength(e, path, string(*s), min, max)
	}
}

func checkPatternPtr[S ~string](e *validator, path *vpath, s *S, re *pattern) {
	if s != nil {
		checkPattern(e, path, string(*s), re)
	}
}

func checkFormatPtr[S ~string](e *validator, path *vpath, s *S, format string) {
	if s != nil {
		checkFormat(e, path, string(*s), format)
	}
}

func checkPattern(e *validator, path *vpath, s string, re *pattern) {
	if !re.MatchString(s) {
		e.add(path, "pattern", "does not match "+re.src)
	}
}

// pattern is a pattern of the spec: a run of characters from one set
// ("^[a-z0-9-]{1,15}$") matched by a loop over the runes, several times
// faster than the compiled regular expression of any other pattern.
type pattern struct {
	src      string
	re       regex     // nil for a run
	ascii    [2]uint64 // a run's characters below 128, one bit each
	ranges   []rune    // and its others, as lo, hi pairs
	min, max int       // the run's length in runes; max -1: no limit
}

// regex is what a *regexp.Regexp does for a pattern. Only the patterns
// that are not runs name package regexp, so a package whose patterns are
// all runs does not import it.
type regex interface {
	MatchString(s string) bool
	FindStringSubmatch(s string) []string
}

// newPattern compiles a pattern that is not a run.
func newPattern(src string) *pattern {
	return &pattern{src: src, re: regexp.MustCompile(src)}
}

// lookPattern is a pattern with lookarounds, which Go's regexp does not
// have: lookaheads at its start, lookbehinds before its final $. The
// generator split src into re, src without them, and the expressions that
// stand for them: s matches when re and each of must match it, and none of
// mustNot does.
func lookPattern(src, re string, must, mustNot []string) *pattern {
	l := lookaround{re: regexp.MustCompile(re)}
	for _, m := range must {
		l.must = append(l.must, regexp.MustCompile(m))
	}
	for _, m := range mustNot {
		l.mustNot = append(l.mustNot, regexp.MustCompile(m))
	}
	return &pattern{src: src, re: l}
}

type lookaround struct {
	re            *regexp.Regexp
	must, mustNot []*regexp.Regexp
}

func (l lookaround) MatchString(s string) bool {
	if !l.re.MatchString(s) {
		return false
	}
	for _, m := range l.must {
		if !m.MatchString(s) {
			return false
		}
	}
	for _, m := range l.mustNot {
		if m.MatchString(s) {
			return false
		}
	}
	return true
}

func (l lookaround) FindStringSubmatch(s string) []string {
	if !l.MatchString(s) {
		return nil
	}
	return l.re.FindStringSubmatch(s)
}

// runPattern is a run the generator recognised in src: min to max (-1: no
// limit) characters from the set whose characters below 128 are the bits of
// ascii0 (0-63) and ascii1 (64-127), and whose others are the lo, hi pairs
// of ranges.
func runPattern(src string, min, max int, ascii0, ascii1 uint64, ranges ...rune) *pattern {
	return &pattern{src: src, ascii: [2]uint64{ascii0, ascii1}, ranges: ranges, min: min, max: max}
}

// MatchString reports whether s matches the pattern.
func (p *pattern) MatchString(s string) bool {
	if p.re != nil {
		return p.re.MatchString(s)
	}
	n := 0
	for _, r := range s {
		if r < 128 {
			if p.ascii[r>>6]&(1<<(r&63)) == 0 {
				return false
			}
		} else if !p.inRanges(r) {
			return false
		}
		n++
	}
	return n >= p.min && (p.max < 0 || n <= p.max)
}

func (p *pattern) inRanges(r rune) bool {
	for i := 0; i < len(p.ranges); i += 2 {
		if p.ranges[i] <= r && r <= p.ranges[i+1] {
			return true
		}
	}
	return false
}

func checkCount(e *validator, path *vpath, n, min, max int, what, minRule, maxRule string) {
	if min >= 0 && n < min {
		e.add(path, minRule, fmt.Sprintf("has %d %s, fewer than %d", n, what, min))
	}
	if max >= 0 && n > max {
		e.add(path, maxRule, fmt.Sprintf("has %d %s, more than %d", n, what, max))
	}
}

// checkUnique reports the items that repeat an earlier one, as JSON values.
func checkUnique[T any](e *validator, path *vpath, items []T) {
	seen := make(map[string]int, len(items))
	for i, it := range items {
		b, err := json.Marshal(it)
		if err != nil {
			continue
		}
		if j, ok := seen[string(b)]; ok {
			e.add(&vpath{up: path, idx: i, kind: 1}, "uniqueItems", "repeats item "+strconv.Itoa(j))
			continue
		}
		seen[string(b)] = i
	}
}

// checkUniqueJSON is checkUnique for values kept as written, where 1 and
// 1.0, or {"a":1,"b":2} and {"b":2,"a":1}, are the same JSON value.
func checkUniqueJSON[T ~[]byte](e *validator, path *vpath, items []T) {
	seen := make(map[string]int, len(items))
	for i, it := range items {
		c, ok := canonicalJSON(json.RawMessage(it))
		if j, dup := seen[c]; ok && dup {
			e.add(&vpath{up: path, idx: i, kind: 1}, "uniqueItems", "repeats item "+strconv.Itoa(j))
		} else if ok {
			seen[c] = i
		}
	}
}

// checkFormat checks the string formats this package validates: date
// (RFC 3339 full-date, 2006-01-02) and uuid (RFC 4122 text form, any
// version, either case).
func checkFormat(e *validator, path *vpath, s, format string) {
	switch format {
	case "date":
		if len(s) != 10 {
			e.add(path, "format", "must be a date (YYYY-MM-DD)")
			return
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			e.add(path, "format", "must be a date (YYYY-MM-DD)")
		}
	case "uuid":
		if !isUUID(s) {
			e.add(path, "format", "must be a UUID (8-4-4-4-12 hexadecimal digits)")
		}
	}
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// checkJSONEnum reports a value that is none of the allowed ones, each
// given as JSON text; values are compared as JSON values (1 equals 1.0,
// object keys in any order). rule is "enum" or "const".
func checkJSONEnum(e *validator, path *vpath, v any, rule string, allowed ...string) {
	if rule == "enum" && e.newer {
		return
	}
	got, ok := canonicalJSON(v)
	if ok {
		for _, a := range allowed {
			if want, ok := canonicalJSON(json.RawMessage(a)); ok && want == got {
				return
			}
		}
	}
	if len(allowed) == 1 {
		e.add(path, rule, "must be "+allowed[0])
		return
	}
	e.add(path, rule, "must be one of "+strings.Join(allowed, ", "))
}

// canonicalJSON writes v as JSON in one form: numbers as float64, object
// keys sorted.
func canonicalJSON(v any) (string, bool) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	var x any
	if json.Unmarshal(b, &x) != nil {
		return "", false
	}
	b, err = json.Marshal(x)
	return string(b), err == nil
}

// validatable is a generated type with rules to check.
type validatable interface {
	validate(e *validator, path *vpath, dir direction)
}

// isValid reports whether v breaks no rule (in no particular direction):
// whether a value decoded as a variant of a union matches it.
func isValid(v validatable) bool {
	var e validator
	v.validate(&e, nil, dirAny)
	return len(e.violations) == 0
}

// checkEnum reports a string enum value the spec does not list. msg says
// what the spec allows; it never repeats the value, which may be a secret.
func checkEnum[E interface {
	~string
	Valid() bool
}](e *validator, path *vpath, v E, msg string) {
	e.enum(v.Valid(), path, msg)
}

// checkEnumPtr checks an optional enum value, when it is set. (Calling
// the value's validate method instead would save repeating msg, but the
// path would then escape: an allocation per value.)
func checkEnumPtr[E interface {
	~string
	Valid() bool
}](e *validator, path *vpath, v *E, msg string) {
	if v != nil {
		checkEnum(e, path, *v, msg)
	}
}

// countSet counts the variants of a union that are set.
func countSet(set ...bool) int {
	n := 0
	for _, s := range set {
		if s {
			n++
		}
	}
	return n
}

// checkOneOf reports a oneOf with other than exactly one variant set, or
// with a value that fit none of them (named by variants).
func checkOneOf(e *validator, path *vpath, dir direction, n int, other *otherVariant, variants string) {
	switch {
	case other != nil:
		other.report(e, path, dir, "oneOf", variants)
	case n != 1:
		e.add(path, "oneOf", fmt.Sprintf("has %d variants set, want exactly one", n))
	}
}

// checkAnyOf reports an anyOf with no variant set, or with a value that fit
// none of them (named by variants).
func checkAnyOf(e *validator, path *vpath, dir direction, n int, other *otherVariant, variants string) {
	switch {
	case other != nil:
		other.report(e, path, dir, "anyOf", variants)
	case n == 0:
		e.add(path, "anyOf", "has no variant set, want at least one")
	}
}

// report says why o fit none of a union's variants (unless newer values
// are accepted here): what its nearest variant lacks, when one decoded it.
func (o *otherVariant) report(e *validator, path *vpath, dir direction, rule, variants string) {
	switch {
	case e.newer:
	case o.prop != "":
		e.add(path, "discriminator", o.prop+" "+strconv.Quote(o.tag)+" names none of "+variants)
	case o.near != nil:
		e.add(path, rule, "is valid for none of "+variants)
		// What the nearest variant lacks, under the union's path. (Handed
		// to a method through an interface, path would escape, and every
		// validation of a union would allocate it.)
		near := &validator{newer: e.newer}
		o.near.validate(near, nil, dir)
		at := path.String()
		for _, v := range near.violations {
			switch {
			case v.Path == "":
				v.Path = at
			case at != "" && v.Path[0] != '[':
				v.Path = at + "." + v.Path
			default:
				v.Path = at + v.Path
			}
			e.violations = append(e.violations, v)
		}
	default:
		e.add(path, rule, "is "+kindOf(o.raw[0])+" that fits none of "+variants)
	}
}

// checkMatched reports a oneOf whose decoded JSON was valid for several of
// its variants (their bits set in matched; names in bit order).
func checkMatched(e *validator, path *vpath, matched uint64, names ...string) {
	if matched != 0 {
		e.add(path, "oneOf", "is valid for "+variantNames(matched, names...)+", want exactly one")
	}
}

// variantNames lists the names of the variants whose bits are set in mask:
// "Card and BankTransfer", "A, B and C".
func variantNames(mask uint64, names ...string) string {
	var set []string
	for i, n := range names {
		if mask&(1<<i) != 0 {
			set = append(set, n)
		}
	}
	if len(set) < 2 {
		return strings.Join(set, "")
	}
	return strings.Join(set[:len(set)-1], ", ") + " and " + set[len(set)-1]
}

// ---- optional, nullable and required on the wire ----

// Nullable is an optional property that may also be null: absent (the zero
// value, omitted when encoding with omitzero), null, or a value.
type Nullable[T any] struct {
	Value T
	Set   bool // present on the wire
	Null  bool // present and null
}

// NewNullable returns a Nullable holding v.
func NewNullable[T any](v T) Nullable[T] { return Nullable[T]{Value: v, Set: true} }

// Null returns a Nullable that is present and null.
func Null[T any]() Nullable[T] { return Nullable[T]{Set: true, Null: true} }

// IsZero reports whether the value is absent, for omitzero.
func (n Nullable[T]) IsZero() bool { return !n.Set }

// Get returns the value and whether there is one (present and not null).
func (n Nullable[T]) Get() (T, bool) { return n.Value, n.Set && !n.Null }

func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.Set || n.Null {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Null[T]()
		return nil
	}
	n.Set, n.Null = true, false
	return json.Unmarshal(b, &n.Value)
}

// Ptr returns a pointer to v, for filling optional fields:
// Limit: Ptr(int32(10)).
func Ptr[T any](v T) *T { return &v }

// RawBody is a request body in a media type other than JSON, passed
// through as bytes. An empty ContentType means the one the spec names.
type RawBody struct {
	ContentType string
	Body        io.Reader
}

// RawResponse is a response in a media type other than JSON (a file, a
// stream of events). Whoever receives it reads and closes Body.
type RawResponse struct {
	StatusCode  int
	ContentType string
	Body        io.ReadCloser
}

// ---- errors from the server ----

// APIError is a non-2xx answer: the HTTP status, the error envelope's code,
// message and the ids it names as missing or duplicated, and the request id
// the server gave.
type APIError struct {
	StatusCode int
	Code       int
	Message    string
	Missing    []map[string]any
	Duplicated []map[string]any
	RequestID  string
	// Header holds response headers: on the client, those of the answer
	// (Retry-After, say); on the server, headers to send with the error.
	Header http.Header
	// Body is the raw response body, kept when it could not be read as
	// the error envelope.
	Body []byte
	// Request is, on the client, the call that failed, its path as sent:
	// "GET /api/v1/projects/p/functions/1".
	Request string
}

func (e *APIError) Error() string {
	var b strings.Builder
	if e.Request != "" {
		b.WriteString(e.Request + ": ")
	}
	fmt.Fprintf(&b, "%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if len(e.Missing) > 0 {
		fmt.Fprintf(&b, " (%d missing)", len(e.Missing))
	}
	if len(e.Duplicated) > 0 {
		fmt.Fprintf(&b, " (%d duplicated)", len(e.Duplicated))
	}
	if e.RequestID != "" {
		b.WriteString(" [request " + e.RequestID + "]")
	}
	return b.String()
}

// ---- parameters ----

// parseInt, parseFloat and parseBool read a value of a parameter or form
// field only as JSON writes it (jsonNumber): not +12, 0012, NaN or 1.
func parseInt(s string, bits int) (int64, error) {
	if !jsonNumber(s, true) {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseInt(s, 10, bits)
}

func parseFloat(s string, bits int) (float64, error) {
	if !jsonNumber(s, false) {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseFloat(s, bits)
}

func parseBool(s string) (bool, error) {
	if s != "true" && s != "false" {
		return false, strconv.ErrSyntax
	}
	return s == "true", nil
}

// formatFloat writes a number as encoding/json does: without an exponent
// from 1e-6 up to 1e21 (1000000, not 1e+06), which more servers read.
func formatFloat(f float64, bits int) string {
	if a := math.Abs(f); a == 0 || a >= 1e-6 && a < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, bits)
	}
	return strconv.FormatFloat(f, 'g', -1, bits)
}

// splitParam splits a non-exploded array parameter.
func splitParam(s string) []string { return splitParamBy(s, ",") }

// splitParamBy splits a non-exploded array parameter at sep: " " for
// spaceDelimited, "|" for pipeDelimited.
func splitParamBy(s, sep string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}

// cookieValues returns the values of the cookies called name.
func cookieValues(r *http.Request, name string) []string {
	var out []string
	for _, c := range r.CookiesNamed(name) {
		out = append(out, c.Value)
	}
	return out
}

// pathSegment escapes one path parameter value; "." and "..", which a
// URL's resolution would remove (RFC 3986, 5.2.4), are escaped too.
func pathSegment(s string) string {
	switch s {
	case ".":
		return "%2E"
	case "..":
		return "%2E%2E"
	}
	return url.PathEscape(s)
}

// jsonKind tells what JSON value data holds by its first byte: '"' string,
// 'n' number (or no JSON at all, which no variant decodes), 'b' boolean,
// '[' array, '{' object, '0' null; 0 when data holds nothing.
func jsonKind(data []byte) byte {
	for i, c := range data {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '"', '[', '{':
			return c
		case 't', 'f':
			return 'b'
		case 'n':
			if string(data[i:]) == "null" || strings.TrimRight(string(data[i:]), " \t\r\n") == "null" {
				return '0'
			}
		}
		return 'n'
	}
	return 0
}

// keepRaw keeps in v a copy of data, which must be one JSON value.
func keepRaw[T ~[]byte](v *T, data []byte) error {
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*v = T(raw)
	return nil
}

// isMultiple reports whether v is a multiple of m, allowing for the
// rounding of binary fractions: relative to the quotient, as a float64's
// error is to its size (112608.18 is a multiple of 0.01; 1e-12 is not).
func isMultiple(v, m float64) bool {
	q := v / m
	return math.Abs(q-math.Round(q)) <= math.Abs(q)*1e-14
}

// isMultiple32 is isMultiple for a value held in a float32, which holds
// 19.99 as 19.9899997...
func isMultiple32(v, m float64) bool {
	q := v / m
	return math.Abs(q-math.Round(q)) <= math.Abs(q)*1e-6
}
