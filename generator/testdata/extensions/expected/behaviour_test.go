package extensions

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// x-go-name renames Go identifiers only: the JSON keys and enum values on
// the wire stay those of the spec.
func TestRenamedTypesKeepWireNames(t *testing.T) {
	vm := VirtualMachine{VMID: "vm-1", CPUs: Ptr(int64(4)), State: VMStatePaused}
	b, err := json.Marshal(vm)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"id":"vm-1","cpu_count":4,"state":"paused-by-user"}` {
		t.Fatalf("got %s", b)
	}
	for name, want := range map[VMState]string{VMStateUp: "running", VMStateDown: "stopped", VMStatePaused: "paused-by-user"} {
		if string(name) != want || !name.Valid() {
			t.Errorf("constant %q, want %q", name, want)
		}
	}
	var back VirtualMachine
	if err := json.Unmarshal([]byte(`{"id":"vm-2","cpu_count":2,"state":"stopped","zone":"eu"}`), &back); err != nil {
		t.Fatal(err)
	}
	if back.VMID != "vm-2" || *back.CPUs != 2 || back.State != VMStateDown || back.Validate() != nil {
		t.Fatalf("got %+v", back)
	}
}

func TestRenamedEnumValidation(t *testing.T) {
	var vm VirtualMachine
	if err := json.Unmarshal([]byte(`{"id":"x","state":"Up"}`), &vm); err != nil {
		t.Fatal(err)
	}
	var ve *ValidationError
	if err := vm.Validate(); !errors.As(err, &ve) || len(ve.Violations) != 1 || ve.Violations[0].Path != "state" || ve.Violations[0].Rule != "enum" {
		t.Fatalf("the Go name Up was accepted as a wire value: %v", err)
	}
	if err := json.Unmarshal([]byte(`{"cpu_count":1}`), &vm); err != nil {
		t.Fatal(err)
	}
	err := vm.Validate()
	if !errors.As(err, &ve) || len(ve.Violations) != 2 ||
		ve.Violations[0].Path != "id" || ve.Violations[1].Path != "state" || ve.Violations[1].Rule != "required" {
		t.Fatalf("got %v, want id and state required (and no enum rule of the absent state)", err)
	}
}

type vms struct {
	UnimplementedHandler
	mu     sync.Mutex
	gotID  string
	called int
}

func (h *vms) GetVirtualMachine(ctx context.Context, vmid string) (*VirtualMachine, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gotID = vmid
	h.called++
	return &VirtualMachine{VMID: vmid, State: VMStateUp}, nil
}

func (h *vms) CreateVirtualMachine(ctx context.Context, body *VirtualMachine) (*VirtualMachine, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.called++
	out := *body
	out.CPUs = Ptr(int64(1))
	return &out, nil
}

func TestRenamedOperationsOverHTTP(t *testing.T) {
	h := &vms{}
	srv := httptest.NewServer(NewServer(h))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	got, err := c.GetVirtualMachine(ctx, "vm 1/a")
	if err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	if h.gotID != "vm 1/a" || got.VMID != "vm 1/a" || got.State != VMStateUp {
		t.Fatalf("server saw %q, client got %+v", h.gotID, got)
	}
	h.mu.Unlock()
	made, err := c.CreateVirtualMachine(ctx, &VirtualMachine{VMID: "n", State: VMStateDown})
	if err != nil || made.VMID != "n" || made.State != VMStateDown || made.CPUs == nil || *made.CPUs != 1 {
		t.Fatalf("got %+v, %v", made, err)
	}
	// An unknown state never leaves the client.
	_, err = c.CreateVirtualMachine(ctx, &VirtualMachine{VMID: "n", State: "exploded"})
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Violations[0].Path != "state" {
		t.Fatalf("got %v", err)
	}
	h.mu.Lock()
	if h.called != 2 {
		t.Fatalf("handler called %d times, want 2", h.called)
	}
	h.mu.Unlock()

	// The routes are those of the spec's paths.
	resp, err := http.Post(srv.URL+"/vms", "application/json", strings.NewReader(`{"id":"r","state":"hibernating"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "state") {
		t.Fatalf("status %d body %s, want 400 naming state", resp.StatusCode, b)
	}

	srv2 := httptest.NewServer(NewServer(UnimplementedHandler{}))
	defer srv2.Close()
	c2, _ := NewClient(srv2.URL, WithHTTPClient(srv2.Client()))
	_, err = c2.GetVirtualMachine(ctx, "x")
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 501 {
		t.Fatalf("got %v, want 501", err)
	}
}
