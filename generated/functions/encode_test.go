package functions_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	fn "github.com/specgen/specgen/generated/functions"
)

// The generated encoders must write what encoding/json writes for the same
// struct and tags. Each struct is compared with a copy of its type that has
// the same fields and tags but no methods (reflect.StructOf), filled with
// random values: pointers nil or set, slices and maps nil, empty or not,
// Nullable absent, null or set, strings with characters JSON escapes.
func TestEncodersMatchEncodingJSON(t *testing.T) {
	types := []any{
		fn.EpochTimestampRange{}, fn.Error{}, fn.ErrorResponse{}, fn.Function{}, fn.FunctionBuildError{},
		fn.FunctionByIdsRequest{}, fn.FunctionCall{}, fn.FunctionCallByIdsRequest{}, fn.FunctionCallErrorDetail{},
		fn.FunctionCallFilter{}, fn.FunctionCallFilterRequest{}, fn.FunctionCallList{}, fn.FunctionCallLogEntry{},
		fn.FunctionCallLogList{}, fn.FunctionCallRequest{}, fn.FunctionCallResponse{}, fn.FunctionCreateRequest{},
		fn.FunctionExternalIdentifier{}, fn.FunctionFilter{}, fn.FunctionFilterRequest{}, fn.FunctionInternalIdentifier{},
		fn.FunctionList{}, fn.FunctionSchedule{}, fn.FunctionsActivation{}, fn.FunctionsLimits{},
		fn.FunctionsResourceRange{}, fn.InternalIdentifier{}, fn.ScheduleByIdsRequest{}, fn.ScheduleCreateRequest{},
		fn.ScheduleDeleteRequest{}, fn.ScheduleFilter{}, fn.ScheduleFilterRequest{}, fn.ScheduleInputData{}, fn.ScheduleList{},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, proto := range types {
		typ := reflect.TypeOf(proto)
		shadow := tagsOnly(typ)
		for i := range 200 {
			v := reflect.New(typ).Elem()
			fill(r, v, 0)
			// MarshalJSON itself: json.Marshal would re-escape its output.
			got, err := v.Interface().(json.Marshaler).MarshalJSON()
			if err != nil {
				t.Fatalf("%s: %v", typ.Name(), err)
			}
			want, err := json.Marshal(copyFields(v, shadow).Interface())
			if err != nil {
				t.Fatalf("%s (encoding/json): %v", typ.Name(), err)
			}
			if string(got) != string(want) {
				t.Fatalf("%s, value %d:\n got %s\nwant %s", typ.Name(), i, got, want)
			}
		}
	}
}

// copyFields copies the exported fields of v into a new value of shadow,
// with the one intended difference: a required array or map (no omit
// option in its tag) that is nil is written as empty, never as null.
func copyFields(v reflect.Value, shadow reflect.Type) reflect.Value {
	out := reflect.New(shadow).Elem()
	for i := range shadow.NumField() {
		f := shadow.Field(i)
		x := v.FieldByName(f.Name)
		out.Field(i).Set(x)
		if strings.Contains(f.Tag.Get("json"), ",omit") || x.Kind() != reflect.Slice && x.Kind() != reflect.Map || !x.IsNil() {
			continue
		}
		switch {
		case x.Kind() == reflect.Slice && x.Type().Elem().Kind() != reflect.Uint8:
			out.Field(i).Set(reflect.MakeSlice(x.Type(), 0, 0))
		case x.Kind() == reflect.Map:
			out.Field(i).Set(reflect.MakeMap(x.Type()))
		}
	}
	return out
}

// tagsOnly returns an unnamed struct type with the exported fields and
// tags of t, so that encoding/json encodes it by reflection.
func tagsOnly(t reflect.Type) reflect.Type {
	var fields []reflect.StructField
	for i := range t.NumField() {
		f := t.Field(i)
		if f.IsExported() {
			fields = append(fields, f)
		}
	}
	return reflect.StructOf(fields)
}

var awkward = []string{"", "plain", `quote " and \ backslash`, "<html> & co", "line\nbreak\ttab\x01", "\u2028\u2029", "caf\xe9 bad utf-8", "日本語", "emoji 😀"}

var awkwardFloats = []float64{0, 1, -1, 0.1, 1e20, 1e21, 1e-6, 1e-7, 123456789.125, math.MaxFloat32, math.SmallestNonzeroFloat64, -0.0000001}

func fill(r *rand.Rand, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer:
		if depth > 3 || r.IntN(3) == 0 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(r, v.Elem(), depth+1)
	case reflect.Struct:
		if strings.HasPrefix(v.Type().Name(), "Nullable[") {
			switch r.IntN(3) {
			case 1:
				v.FieldByName("Set").SetBool(true)
				v.FieldByName("Null").SetBool(true)
			case 2:
				v.FieldByName("Set").SetBool(true)
				fill(r, v.FieldByName("Value"), depth+1)
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 { // raw JSON or bytes
			if r.IntN(2) == 0 {
				v.SetBytes([]byte(`{"k":[1,"<x>"]}`))
			}
			return
		}
		switch n := r.IntN(4); {
		case n == 0 || depth > 4:
		case n == 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			v.Set(reflect.MakeSlice(v.Type(), n, n))
			for i := range n {
				fill(r, v.Index(i), depth+1)
			}
		}
	case reflect.Map:
		switch n := r.IntN(4); {
		case n == 0 || depth > 4:
		case n == 1:
			v.Set(reflect.MakeMap(v.Type()))
		default:
			v.Set(reflect.MakeMap(v.Type()))
			for range n {
				k := reflect.New(v.Type().Key()).Elem()
				k.SetString(awkward[r.IntN(len(awkward))] + string(rune('a'+r.IntN(26))))
				e := reflect.New(v.Type().Elem()).Elem()
				if e.Kind() == reflect.Interface {
					e.Set(reflect.ValueOf(awkward[r.IntN(len(awkward))]))
				} else {
					fill(r, e, depth+1)
				}
				v.SetMapIndex(k, e)
			}
		}
	case reflect.String:
		v.SetString(awkward[r.IntN(len(awkward))])
	case reflect.Int32, reflect.Int64:
		n := r.Int64N(1 << 53)
		if v.Kind() == reflect.Int32 {
			n = int64(r.Int32())
		}
		if r.IntN(2) == 0 {
			n = -n
		}
		v.SetInt(n)
	case reflect.Float32, reflect.Float64:
		f := awkwardFloats[r.IntN(len(awkwardFloats))]
		if r.IntN(2) == 0 {
			f = r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20))
		}
		v.SetFloat(f)
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	}
}
