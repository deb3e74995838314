package emit

import (
	"testing"

	"github.com/dave/jennifer/jen"
)

func TestSrcRendersPlainly(t *testing.T) {
	for _, c := range []struct {
		code jen.Code
		want string
	}{
		{jen.String(), "string"},
		{jen.Qual("time", "Time"), "time.Time"},
		{jen.Id("x"), "x"},
		{jen.Op("*").Id("T"), "*T"},
		{jen.Index().Qual("encoding/json", "RawMessage"), "[]json.RawMessage"},
	} {
		if got := src(c.code); got != c.want {
			t.Errorf("src = %q, want %q", got, c.want)
		}
	}
}
