//go:build !linux

// Package hugeheap puts the heap of the gen process on transparent huge
// pages on Linux (see hugeheap_linux.go); elsewhere it does nothing.
package hugeheap

// Available is false: asking for transparent huge pages is Linux's.
func Available() bool { return false }

// Reserve does nothing here.
func Reserve(n int) {}

// Reserved is 0 here.
func Reserved() int { return 0 }
