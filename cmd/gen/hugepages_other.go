//go:build !linux

package main

// hugePages does nothing here: asking for transparent huge pages is Linux's
// (see hugepages_linux.go).
func hugePages(spec string) {}
