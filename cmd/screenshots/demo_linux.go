package main

import (
	"os/exec"
	"syscall"
)

// dieWithParent has Linux end the server if this program dies without
// stopping it (a test killed at its deadline, say).
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
