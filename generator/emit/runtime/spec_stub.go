package runtime

// This file stands in for what the generator writes per spec, so that the
// runtime compiles and can be tested on its own. It is not copied into
// generated packages.

import (
	"context"
	"encoding/json"
)

type Handler interface {
	Ping(ctx context.Context) (*struct{}, error)
}

var securitySchemes = []securityScheme{{name: "token", kind: "bearer"}}

func decodeErrorBody(data []byte, e *APIError) bool {
	var w struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(data, &w) != nil {
		return false
	}
	e.Code, e.Message = w.Code, w.Message
	return true
}

var errorContentType = []string{"application/json"}

func encodeErrorBody(e *APIError) ([]byte, error) {
	return json.Marshal(map[string]any{"code": e.Code, "message": e.Message})
}

type decodeSlabs struct {
	ofInt64 slab[int64]
}
