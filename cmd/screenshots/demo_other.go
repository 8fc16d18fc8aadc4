//go:build !linux

package main

import "os/exec"

// dieWithParent: only Linux can end a child when its parent dies; elsewhere
// Stop ends the server.
func dieWithParent(cmd *exec.Cmd) {}
