package functions_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	fn "github.com/specgen/specgen/generated/functions"
)

// callList is a FunctionCallList page of n calls, as the API sends it.
func callList(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"functionId":42,"status":"Completed","startTime":1714086400000,"endTime":1714086401234,"scheduleId":7,"scheduledTime":1714086400000,"error":"ZeroDivisionError: division by zero"}`, i+1)
	}
	b.WriteString(`],"nextCursor":"abc"}`)
	return []byte(b.String())
}

// BenchmarkDecodeValidateCalls decodes and validates a page of 1000 calls,
// what a client does with every list response.
func BenchmarkDecodeValidateCalls(b *testing.B) {
	data := callList(1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var l fn.FunctionCallList
		if err := json.Unmarshal(data, &l); err != nil {
			b.Fatal(err)
		}
		if err := l.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeCalls encodes the same page.
func BenchmarkEncodeCalls(b *testing.B) {
	var l fn.FunctionCallList
	if err := json.Unmarshal(callList(1000), &l); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(l); err != nil {
			b.Fatal(err)
		}
	}
}
