package generator

import (
	"strings"
	"testing"
)

// A body read from a reader (a RawBody, a multipart stream) is sent once,
// so the method's doc does not promise a retry on 429.
func TestReadOnceBodyDocNoRetry(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /blobs:
    post:
      operationId: postBlob
      requestBody:
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
      responses:
        "204": {description: ok}
    put:
      operationId: putBlob
      requestBody:
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
      responses:
        "204": {description: ok}
  /files:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
      responses:
        "204": {description: ok}
`
	src := generatedFile(t, generateText(t, spec), "client_gen.go")
	for _, name := range []string{"PostBlob", "PutBlob", "Upload"} {
		i := strings.Index(src, "// "+name+" calls")
		j := strings.Index(src, "func (c *Client) "+name+"(")
		if i < 0 || j < i {
			t.Fatalf("no doc for %s:\n%s", name, src)
		}
		if doc := src[i:j]; !strings.Contains(doc, "never retried") {
			t.Errorf("%s: its body is sent once, but the doc says otherwise:\n%s", name, doc)
		}
	}
}
