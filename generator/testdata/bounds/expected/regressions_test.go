package bounds

import "testing"

// Suspected generator bug (cosmetic, user-visible): the message of an
// integer bound is formatted as a float, so the maximum of "big"
// (9007199254740991) reads "must be at most 9.007199254740991e+15" in
// Violation.Message and in the server's 400 body. fmtNum in
// generator/emit/validate.go uses strconv.FormatFloat(f, 'g', -1, 64),
// which switches to exponent form from 1e6 on: any bound of a million or
// more is affected (maximum 1000000 -> "1e+06", 2147483647 ->
// "2.147483647e+09"). Smaller bounds print fine ("must be at most 100").
// Uses decode and violations from behaviour_test.go.
func TestIntegerBoundMessageIsAnInteger(t *testing.T) {
	m := decode(t, `{"count":1,"percent":1,"big":9007199254740992}`)
	vs := violations(t, m.Validate())
	if len(vs) != 1 || vs[0].Message != "must be at most 9007199254740991" {
		t.Fatalf("got %+v, want message %q", vs, "must be at most 9007199254740991")
	}
}
