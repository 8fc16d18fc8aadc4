// Command roundtable is the whole Roundtable product in one binary: the web
// interface, the JSON API and the operator's commands.
package main

import (
	"os"

	"roundtable/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
