// Package apidiff compares what two versions of a spec generate, at the
// level of the Go API a user touches: the exported types and their fields,
// the Client methods and the Handler interface, the enum constants, the
// validation the client and the server run, and the capabilities an
// operation requires.
//
// Each change is classified for the two kinds of users of a generated
// package:
//
//   - client code calls the Client and reads the response types. A change
//     breaks it when such code no longer compiles, or when a call it made
//     before is now refused (by the client's own validation, or by the
//     server for lack of a capability).
//   - server implementers implement the Handler interface and fill the
//     response types. A change breaks them when their Handler no longer
//     satisfies the interface, or when the spec now asks of their
//     responses what it did not before (a new required field, a tighter
//     rule), or takes away a guarantee about the requests they receive.
//
// A change that breaks both is reported once, as client-breaking, with
// BreaksServer set.
//
// Types are matched by their spec key (the JSON pointer of their schema),
// then by Go name; operations by operationId, then by method and path;
// fields by JSON name; query and header parameters by place and name.
// What each side means in Go is read from the code the emitters render
// for it (field types, signatures, method sets), and what the spec asks
// (required, readOnly/writeOnly, rules, enum values, capabilities) from
// the IR. Whether a type travels in requests, responses or both is found
// from the operations, through fields, items, map values, variants,
// additionalProperties, patternProperties and tuple positions; a type no
// operation uses travels nowhere (only changes to its Go code break), or,
// in a package without operations, both ways.
package apidiff

import (
	"fmt"
	"strings"
)

// Kind classifies a change.
type Kind string

const (
	// ClientBreaking: code that calls the client or reads response types
	// no longer compiles, or its calls are now refused.
	ClientBreaking Kind = "client-breaking"
	// ServerBreaking: code implementing the Handler interface no longer
	// compiles or no longer meets the spec; client code is unaffected.
	ServerBreaking Kind = "server-breaking"
	// Compatible: code written against the old package keeps compiling
	// and working.
	Compatible Kind = "compatible"
)

// Change is one difference between the two generated APIs.
type Change struct {
	Kind Kind `json:"kind"`
	// Where names the Go construct, e.g. "type Function, field LastCalled"
	// or "method PostFunctionsCall".
	Where string `json:"where"`
	// What says what changed and what it means, in a sentence or two.
	What string `json:"what"`
	// BreaksServer is set when the change breaks server implementers,
	// whatever its Kind: always for ServerBreaking, and for a
	// ClientBreaking change that breaks both sides (a removed field, a
	// changed method signature).
	BreaksServer bool `json:"breaksServer"`
}

// Report lists the changes from the old API to the new one: operations
// first, in the new document's order, then types by Go name.
type Report struct {
	Changes []Change `json:"changes"`
}

// Count returns how many changes are of kind k.
func (r Report) Count(k Kind) int {
	n := 0
	for _, c := range r.Changes {
		if c.Kind == k {
			n++
		}
	}
	return n
}

// BreaksClients reports whether any change breaks client code.
func (r Report) BreaksClients() bool { return r.Count(ClientBreaking) > 0 }

// BreaksServers reports whether any change breaks server implementers.
func (r Report) BreaksServers() bool {
	for _, c := range r.Changes {
		if c.BreaksServer {
			return true
		}
	}
	return false
}

// Text renders the report for people: a summary line, then the changes
// grouped by kind and, within a kind, by the Go construct they touch.
// Changes to documentation only are listed together at the end.
func (r Report) Text() string {
	if len(r.Changes) == 0 {
		return "No changes to the generated Go API.\n"
	}
	var b strings.Builder
	servers := 0
	for _, c := range r.Changes {
		if c.BreaksServer {
			servers++
		}
	}
	fmt.Fprintf(&b, "%d change(s) break client code, %d break server implementers (%d of them only those), %d compatible.\n",
		r.Count(ClientBreaking), servers, r.Count(ServerBreaking), r.Count(Compatible))
	var docs []string
	for _, g := range []struct {
		kind  Kind
		title string
	}{
		{ClientBreaking, "Breaking for client code"},
		{ServerBreaking, "Breaking for server implementers only"},
		{Compatible, "Compatible"},
	} {
		n := r.Count(g.kind)
		if n == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s (%d):\n", g.title, n)
		// Group by Where, in the order each place first appears.
		var order []string
		byWhere := map[string][]Change{}
		for _, c := range r.Changes {
			if c.Kind != g.kind {
				continue
			}
			if c.Kind == Compatible && c.What == docWhat {
				docs = append(docs, c.Where)
				continue
			}
			if _, ok := byWhere[c.Where]; !ok {
				order = append(order, c.Where)
			}
			byWhere[c.Where] = append(byWhere[c.Where], c)
		}
		for _, w := range order {
			cs := byWhere[w]
			if len(cs) == 1 {
				fmt.Fprintf(&b, "  %s: %s\n", w, line(cs[0]))
				continue
			}
			fmt.Fprintf(&b, "  %s:\n", w)
			for _, c := range cs {
				fmt.Fprintf(&b, "    - %s\n", line(c))
			}
		}
		if g.kind == Compatible && len(docs) > 0 {
			fmt.Fprintf(&b, "  documentation changed (%d):\n", len(docs))
			row := "   "
			for i, d := range docs {
				if i < len(docs)-1 {
					d += ";"
				}
				if len(row) > 3 && len(row)+1+len(d) > 100 {
					b.WriteString(row + "\n")
					row = "   "
				}
				row += " " + d
			}
			b.WriteString(row + "\n")
		}
	}
	return b.String()
}

func line(c Change) string {
	if c.Kind == ClientBreaking && c.BreaksServer {
		return c.What + " [breaks servers too]"
	}
	return c.What
}
