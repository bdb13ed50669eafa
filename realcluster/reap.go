// Why: a SIGKILLed launcher cannot delete its per-start temp dir (certs, tokens, etcd data,
// logs). The reaper is a tiny sibling process whose only job is that cleanup: the launcher
// starts it with PERISCOPE_PARENT_DEATH_SIGNAL=TERM, so the kernel sends it SIGTERM when the
// launcher dies, and it then removes the dir. A clean stop removes the dir itself and then
// SIGTERMs the reaper, which finds nothing left to do.
//
// Lifecycle: `periscope-k8s reap --dir D` blocks until SIGTERM/SIGINT, removes D, exits 0.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

const (
	// reapSettle lets sibling components, killed by the same parent death, finish dying before
	// the first removal attempt (a dying etcd could otherwise recreate a file).
	reapSettle = 300 * time.Millisecond
	// reapAttempts x reapInterval bounds the cleanup to a few seconds.
	reapAttempts = 20
	reapInterval = 250 * time.Millisecond
)

func runReap(args []string) int {
	fs := flag.NewFlagSet("reap", flag.ContinueOnError)
	dir := fs.String("dir", "", "directory to remove when the launcher goes away (required)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "reap: --dir is required")
		return 2
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	<-sigs
	time.Sleep(reapSettle)
	for i := 0; i < reapAttempts; i++ {
		err := os.RemoveAll(*dir)
		if _, statErr := os.Stat(*dir); err == nil && os.IsNotExist(statErr) {
			return 0
		}
		time.Sleep(reapInterval)
	}
	fmt.Fprintf(os.Stderr, "reap: could not remove %s\n", *dir)
	return 1
}
