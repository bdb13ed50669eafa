// Why: the launcher is a Node process; if it is SIGKILLed it cannot run any cleanup, and its
// children would live on as orphans holding ports and memory. PR_SET_PDEATHSIG makes the kernel
// send SIGKILL to this process the moment its parent dies.
//
// Lifecycle: armed in init(), while the Go runtime still keeps the main goroutine on the main
// thread (the death signal is a per-thread attribute and the main thread lives as long as the
// process), only when the launcher asks for it by setting PERISCOPE_PARENT_PID to its own pid.
// That variable also closes the race where the parent died between fork and prctl: then
// getppid() is no longer the launcher and we exit.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

// parentPIDEnv names the variable the launcher sets to its own pid.
const parentPIDEnv = "PERISCOPE_PARENT_PID"

func init() {
	want := os.Getenv(parentPIDEnv)
	if want == "" {
		return
	}
	ppid, err := strconv.Atoi(want)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s=%q is not a pid\n", parentPIDEnv, want)
		os.Exit(2)
	}
	runtime.LockOSThread() // already locked during init; made explicit because it matters
	if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(unix.SIGKILL), 0, 0, 0); err != nil {
		fmt.Fprintf(os.Stderr, "prctl(PR_SET_PDEATHSIG): %v\n", err)
		os.Exit(2)
	}
	runtime.UnlockOSThread()
	if os.Getppid() != ppid {
		fmt.Fprintln(os.Stderr, "parent already gone; exiting")
		os.Exit(1)
	}
	// Children of this process (none today) should not inherit the launcher's instruction.
	_ = os.Unsetenv(parentPIDEnv)
}
