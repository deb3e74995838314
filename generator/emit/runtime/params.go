package runtime

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ---- parameters and headers as text ----

// A paramSource reads the parameters one part of a message carries: the
// query, the headers, the cookies or the values of a form. The helpers
// that read from it note in e every value that does not parse and every
// required one that is missing, naming the parameter and where it is.
type paramSource struct {
	e      *validator
	in     string // query, header, cookie or form, for the messages
	values func(name string) []string
	raw    string // the text of a query or form-urlencoded body, escaped
}

// queryParams reads the query of a request.
func queryParams(e *validator, r *http.Request) paramSource {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		// A pair that does not decode is not dropped in silence.
		e.add(&vpath{name: badQueryKey(r.URL.RawQuery)}, "type", "is not URL-encoded text (in query)")
	}
	return paramSource{e: e, in: "query", values: func(name string) []string { return q[name] }, raw: r.URL.RawQuery}
}

// rawItems returns the items of the list name, joined by sep (",", "|",
// or " " written as %20), in the URL-encoded text raw when its separators
// stand unescaped there: each value split at them, then decoded, so an
// item keeps its escaped separators (ids=a%2Cb,c is "a,b" and "c";
// words=a+b%20c is "a b" and "c"), as generated clients and the style
// examples of OpenAPI write lists. ok is false when no value of name has
// such a separator: the decoded text is split at every one then, as from
// clients that escape the whole value (ids=1%2C2, words=a+b).
func rawItems(raw, name, sep string) (items []string, ok bool) {
	sep = escapedSep(sep)
	if !strings.Contains(raw, sep) {
		return nil, false
	}
	var vals []string
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(pair, "=")
		if key, err := url.QueryUnescape(k); err == nil && key == name {
			ok = ok || strings.Contains(v, sep)
			vals = append(vals, v)
		}
	}
	if !ok {
		return nil, false
	}
	return splitEscaped(strings.Join(vals, sep), sep, url.QueryUnescape), true
}

// splitEscaped splits escaped text at sep, then decodes each item with
// unescape; an item that does not decode stays as it is.
func splitEscaped(text, sep string, unescape func(string) (string, error)) []string {
	items := splitParamBy(text, sep)
	for i, item := range items {
		if strings.IndexByte(item, '%') >= 0 || strings.IndexByte(item, '+') >= 0 {
			if u, err := unescape(item); err == nil {
				items[i] = u
			}
		}
	}
	return items
}

// badQueryKey names the first pair of a query that url.ParseQuery refuses:
// its key, decoded when it decodes.
func badQueryKey(raw string) string {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return k
		}
		if _, err := url.QueryUnescape(v); err != nil || strings.Contains(pair, ";") {
			return key
		}
	}
	return ""
}

// headerParams reads the headers of a request or a response.
func headerParams(e *validator, h http.Header) paramSource {
	return paramSource{e: e, in: "header", values: h.Values}
}

// cookieParams reads the cookies of a request.
func cookieParams(e *validator, r *http.Request) paramSource {
	return paramSource{e: e, in: "cookie", values: func(name string) []string { return cookieValues(r, name) }}
}

// propValues returns the values of the key of a property of an object
// parameter (filter[color]=red): one, or none. A key given more than once
// is noted in p.e, as for a parameter: which one would count?
func (p paramSource) propValues(key string) []string {
	vals := p.values(key)
	if len(vals) > 1 {
		p.e.add(&vpath{name: key}, "type", "must be given once (in "+p.in+")")
		return vals[:1]
	}
	return vals
}

// parseParam parses text, the value of the parameter name found in in,
// with parse; ok is false, and the violation noted in e, when it does not
// parse.
func parseParam[T any](e *validator, name, in, text string, parse func(string) (T, string)) (v T, ok bool) {
	v, bad := parse(text)
	if bad != "" {
		e.add(&vpath{name: name}, "type", bad+" (in "+in+")")
		return v, false
	}
	return v, true
}

// firstParam parses the first value of a parameter. ok is false when there
// is none (noted when required) or it does not parse.
func firstParam[T any](p paramSource, name string, required bool, parse func(string) (T, string)) (v T, ok bool) {
	vals := p.values(name)
	if len(vals) == 0 {
		if required {
			p.e.required(&vpath{name: name})
		}
		return v, false
	}
	if len(vals) > 1 && p.in != "cookie" {
		// Which one would count? (A browser may send two cookies of one
		// name, set for different paths, the closer path first.)
		p.e.add(&vpath{name: name}, "type", "must be given once (in "+p.in+")")
		return v, false
	}
	return parseParam(p.e, name, p.in, vals[0], parse)
}

// optParam reads an optional parameter: nil when it is absent or does not
// parse.
func optParam[T any](p paramSource, name string, parse func(string) (T, string)) *T {
	if v, ok := firstParam(p, name, false, parse); ok {
		return &v
	}
	return nil
}

// ptrIf returns a pointer to v when ok, else nil: a required parameter
// held by pointer is firstParam's value by ptrIf.
func ptrIf[T any](v T, ok bool) *T {
	if ok {
		return &v
	}
	return nil
}

// reqParam reads a required parameter: the zero value when it is missing
// or does not parse.
func reqParam[T any](p paramSource, name string, parse func(string) (T, string)) T {
	v, _ := firstParam(p, name, true, parse)
	return v
}

// listParam reads an array parameter: every value of it (sep ""), or its
// first value split at sep. An item that does not parse is noted, and held
// as the zero value.
func listParam[T any](p paramSource, name, sep string, required bool, parse func(string) (T, string)) []T {
	vals := p.values(name)
	if len(vals) == 0 {
		if required {
			p.e.required(&vpath{name: name})
		}
		return nil
	}
	if sep != "" && p.raw != "" {
		if items, ok := rawItems(p.raw, name, sep); ok {
			return parseList(p.e, name, p.in, items, parse)
		}
	}
	if sep != "" {
		// Several lines of a header are one list (RFC 9110, 5.3), with
		// spaces allowed around its commas; so are several query keys.
		vals = splitParamBy(strings.Join(vals, sep), sep)
		if p.in == "header" {
			for i, v := range vals {
				vals[i] = strings.Trim(v, " \t")
			}
		}
	}
	return parseList(p.e, name, p.in, vals, parse)
}

// parseList parses the items of an array parameter.
func parseList[T any](e *validator, name, in string, items []string, parse func(string) (T, string)) []T {
	var out []T
	for _, item := range items {
		v, _ := parseParam(e, name, in, item, parse)
		out = append(out, v)
	}
	return out
}

// The parsers of parameter text: each returns the value, or what the text
// must be when it is not one.

func asText[T ~string](s string) (T, string) { return T(s), "" }

func asInt[T ~int64](s string) (T, string) {
	n, err := parseInt(s, 64)
	if err != nil {
		return 0, "must be a 64-bit integer"
	}
	return T(n), ""
}

func asInt32[T ~int32](s string) (T, string) {
	n, err := parseInt(s, 32)
	if err != nil {
		return 0, "must be a 32-bit integer"
	}
	return T(n), ""
}

func asFloat[T ~float64](s string) (T, string) {
	n, err := parseFloat(s, 64)
	if err != nil {
		return 0, "must be a number"
	}
	return T(n), ""
}

func asFloat32[T ~float32](s string) (T, string) {
	n, err := parseFloat(s, 32)
	if err != nil {
		return 0, "must be a number"
	}
	return T(n), ""
}

// jsonNumber reports whether s is a number as JSON writes one (an integer
// when integer is set): strconv also takes a sign, leading zeros, "NaN",
// "Inf" and hexadecimal, which would give one resource several paths, or
// slip past a minimum (NaN compares false).
func jsonNumber(s string, integer bool) bool {
	return numberEnd(s, 0) == len(s) && (!integer || !strings.ContainsAny(s, ".eE"))
}

func asBool[T ~bool](s string) (T, string) {
	b, err := parseBool(s)
	if err != nil {
		return false, "must be true or false"
	}
	return T(b), ""
}

func asTime(s string) (time.Time, string) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, "must be an RFC 3339 date-time"
	}
	return t, ""
}

// checkRequest validates a request's body or parameters, when the caller
// passed them; a required body that is missing is a violation too. It
// returns what e holds then: every violation of the request so far.
func checkRequest(e *validator, v validatable, required bool) error {
	if isNil(v) {
		if required {
			e.add(nil, "required", "the request body is required")
		}
	} else {
		v.validate(e, nil, dirRequest)
	}
	return e.err()
}

// pathParam parses a path parameter of a type without rules.
func pathParam[T any](e *validator, name, text string, parse func(string) (T, string)) T {
	v, _ := parseParam(e, name, "path", text, parse)
	return v
}

// checkedPathParam parses a path parameter of a type with rules and, when
// it parses, validates it (with the path in e, on the heap already: one on
// the stack would escape through the method call).
func checkedPathParam[T validatable](e *validator, name, text string, parse func(string) (T, string)) T {
	v, ok := parseParam(e, name, "path", text, parse)
	if ok {
		e.param = vpath{name: name}
		v.validate(e, &e.param, dirRequest)
	}
	return v
}

// textSetter is where parameters and headers are written as text: the
// formValues of a query or a form, or an http.Header.
type textSetter interface {
	Set(key, value string)
	Add(key, value string)
}

// formValues are the pairs of a query or a form body as a client method
// writes them. A list that is not exploded is one value, its items escaped
// one by one and joined by separators that stand unescaped, so an item
// keeps its own: ids=a%2Cb,c is the items "a,b" and "c" (RFC 6570; the
// style examples of OpenAPI). Such pairs are in escaped.
type formValues struct {
	url.Values
	escaped []string // name=value, escaped
}

func newFormValues() *formValues { return &formValues{Values: url.Values{}} }

// setEscaped writes the value of name, already escaped.
func (f *formValues) setEscaped(name, value string) {
	f.Del(name)
	f.escaped = append(f.escaped, url.QueryEscape(name)+"="+value)
}

// encode is url.Values.Encode, then the escaped pairs as they are.
func (f *formValues) encode() string {
	if f == nil {
		return ""
	}
	if len(f.Values) > 0 {
		return strings.Join(append([]string{f.Values.Encode()}, f.escaped...), "&")
	}
	return strings.Join(f.escaped, "&")
}

// allowReserved escapes the value of the query parameter name, which has
// allowReserved, leaving RFC 3986's reserved characters as they are but
// for those that would change what the query says: & = + # [ ] and ;
// (which net/http's server refuses in a query). A list's items stay
// escaped.
func allowReserved(q *formValues, name string) {
	if vs := q.Values[name]; len(vs) == 1 {
		q.setEscaped(name, reservedKept.Replace(url.QueryEscape(vs[0])))
	}
}

var reservedKept = strings.NewReplacer("%21", "!", "%24", "$", "%27", "'", "%28", "(", "%29", ")", "%2A", "*", "%2C", ",", "%2F", "/", "%3A", ":", "%3F", "?", "%40", "@")

// setOpt writes an optional value, when it is set.
func setOpt[T any](dst textSetter, name string, v *T, format func(T) string) {
	if v != nil {
		dst.Set(name, format(*v))
	}
}

// paramsSendable is sendable for the headers and cookies of a call's
// parameters and a server's typed headers, which must arrive as they are:
// no spaces at a header value's ends (taken off), nor at a list item's,
// nor a comma in one (see setList); no ";" in a cookie (addCookie writes
// one a line), which starts another, nor '"', taken off a quoted value.
func paramsSendable(h http.Header) error {
	if names := h[unsendable]; len(names) > 0 {
		return fmt.Errorf("%s: an item of the list holds a comma or spaces at its ends, which would split it or be taken off", names[0])
	}
	for k, vs := range h {
		for _, v := range vs {
			if k != "Cookie" && (!headerSafe(v) || strings.Trim(v, " \t") != v) {
				return fmt.Errorf("header %s: %q cannot be sent as it is (no control bytes, no spaces at the ends)", k, v)
			}
			if name, value, _ := strings.Cut(v, "="); k == "Cookie" && !cookieSafe(value, true) {
				return fmt.Errorf("cookie %s: a cookie cannot carry its value %q (no spaces, quotes, semicolons, backslashes or bytes outside printable ASCII)", name, value)
			}
		}
	}
	return nil
}

// headerSafe reports whether net/http sends v as a header value: no
// control byte but a tab.
func headerSafe(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// cookieSafe reports whether a cookie can carry v as it is (RFC 6265,
// cookie-octet: no space, quote, comma, semicolon or backslash).
func cookieSafe(v string, commas bool) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c <= ' ' || c >= 0x7f || c == '"' || c == ',' && !commas || c == ';' || c == '\\' {
			return false
		}
	}
	return true
}

// unsendable is a key no header can have: setList and addCookieList note
// under it the lists a header cannot carry apart, for paramsSendable.
const unsendable = " unsendable"

// setList writes the items of an array, when it is set, as one value
// joined with sep; into formValues, the separators between items stand
// unescaped (a space as %20) and those in items are escaped (a space as
// +), so the server tells them apart (see rawItems).
func setList[T any](dst textSetter, name string, items []T, sep string, format func(T) string) {
	if items == nil {
		return
	}
	if h, ok := dst.(http.Header); ok {
		for _, x := range items {
			if s := format(x); strings.Contains(s, sep) || strings.Trim(s, " \t") != s {
				h[unsendable] = append(h[unsendable], "header "+name)
			}
		}
	}
	f, ok := dst.(*formValues)
	if !ok {
		dst.Set(name, joinList(items, sep, format))
		return
	}
	f.setEscaped(name, joinList(items, escapedSep(sep), func(x T) string { return url.QueryEscape(format(x)) }))
}

// escapedSep is how a list's separator stands between its items in a query
// or a form body: a space as %20 (one in an item is +), others as they are.
func escapedSep(sep string) string {
	if sep == " " {
		return "%20"
	}
	return sep
}

// addEach writes each item of an array as a value of its own (an exploded
// array).
func addEach[T any](dst textSetter, name string, items []T, format func(T) string) {
	for _, x := range items {
		dst.Add(name, format(x))
	}
}

// pathList formats the items of a path parameter's list, each escaped,
// joined with sep, which stands unescaped: an item keeps its own commas
// (/colors/a%2Cb,c), and its dots where they separate items (label).
func pathList[T any](items []T, sep string, format func(T) string) string {
	return joinList(items, sep, func(x T) string {
		s := pathSegment(format(x))
		if sep == "." {
			s = strings.ReplaceAll(s, ".", "%2E")
		}
		return s
	})
}

// joinList formats the items of an array joined with sep.
func joinList[T any](items []T, sep string, format func(T) string) string {
	parts := make([]string, len(items))
	for i, x := range items {
		parts[i] = format(x)
	}
	return strings.Join(parts, sep)
}

// The formatters of parameter text, the inverse of the parsers.

func fmtText[T ~string](v T) string { return string(v) }

func fmtInt[T ~int64 | ~int32](v T) string { return strconv.FormatInt(int64(v), 10) }

func fmtFloat[T ~float64](v T) string { return formatFloat(float64(v), 64) }

func fmtFloat32[T ~float32](v T) string { return formatFloat(float64(v), 32) }

func fmtBool[T ~bool](v T) string { return strconv.FormatBool(bool(v)) }

func fmtTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

// wholeSegment notes in e a path parameter of length n that fills a
// segment of the path alone, when it is empty: the path would lose the
// segment, and match another operation's or none.
func wholeSegment(e *validator, name string, n int) {
	if n == 0 {
		e.add(&vpath{name: name}, "required", "must not be empty: it is a whole segment of the path")
	}
}

// matrixValue writes a path value in the matrix style: ;name=text, with
// ;name alone for an empty value or an empty item of an exploded list
// (RFC 6570, 3.2.7); the items' own semicolons are escaped.
func matrixValue(name, text string) string {
	parts := strings.Split(";"+name+"="+text, ";")
	for i, p := range parts {
		if p == name+"=" {
			parts[i] = name
		}
	}
	return strings.Join(parts, ";")
}

// matrixEmpty reads the empty items of an exploded matrix list in raw,
// ;name alone (RFC 6570, 3.2.7), as ;name= for the list's split.
func matrixEmpty(raw, name string) string {
	parts := strings.Split(raw, ";")
	for i, p := range parts {
		if p == name && i > 0 {
			parts[i] = name + "="
		}
	}
	return strings.Join(parts, ";")
}

// trimStyle strips the prefix of a label or matrix path value ("." or
// ";name="; ";name" alone is the empty value); a value without it is
// noted in e, and left as it is.
func trimStyle(e *validator, name, raw, prefix string) string {
	if strings.HasSuffix(prefix, "=") && raw == prefix[:len(prefix)-1] {
		return ""
	}
	if !strings.HasPrefix(raw, prefix) {
		e.add(&vpath{name: name}, "style", "must start with "+strconv.Quote(prefix)+" (in path)")
		return raw
	}
	return raw[len(prefix):]
}

// formParams reads the values of a form body.
func formParams(e *validator, f *formData) paramSource {
	return paramSource{e: e, in: "form", values: f.fieldValues, raw: f.raw}
}
