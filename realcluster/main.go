// Why: one multi-call binary ("periscope-k8s") carries the whole real control plane for the
// harness: kube-apiserver, kube-controller-manager and kube-scheduler from k8s.io/kubernetes,
// an embedded etcd, and the kwok controller (kubelet for fake nodes). One binary means the
// shared k8s.io packages compile once and link once, which is what keeps a cold CI build
// affordable on 2 cores.
//
// Lifecycle: the TypeScript launcher (realcluster/launch.ts) runs `periscope-k8s <component>
// [flags...]` once per component. Every component arms the parent-death guard at init
// (parentdeath_linux.go), so a SIGKILLed launcher never leaves orphans behind.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// components maps the first argument to the entry point of one component. Each entry point gets
// the remaining arguments and returns the process exit code.
var components = map[string]func(args []string) int{
	"kube-apiserver":          runAPIServer,
	"kube-controller-manager": runControllerManager,
	"kube-scheduler":          runScheduler,
	"etcd":                    runEtcd,
	"kwok":                    runKwok,
}

func main() {
	if len(os.Args) < 2 || components[os.Args[1]] == nil {
		names := make([]string, 0, len(components))
		for n := range components {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "usage: %s <%s> [flags...]\n", os.Args[0], strings.Join(names, "|"))
		os.Exit(2)
	}
	name := os.Args[1]
	// Components that read os.Args themselves (kwok's flag pre-parse, klog) must see a normal
	// argv: program name first, then its own flags.
	os.Args = append([]string{name}, os.Args[2:]...)
	os.Exit(components[name](os.Args[1:]))
}
