// Why: kwok plays kubelet for fake nodes: it keeps Node objects Ready (leases, heartbeats) and
// moves pods bound to them through their lifecycle (Pending -> Running/Ready -> deleted) with
// its built-in "fast" stages, so Deployments really reach Running pods with no container runtime.
// This mirrors sigs.k8s.io/kwok's cmd/kwok/main.go; kwok reads os.Args itself for --config.
//
// Lifecycle: `periscope-k8s kwok --kubeconfig K [--config C] ...` runs until SIGTERM/SIGINT.
package main

import (
	"os"

	"github.com/spf13/pflag"

	"sigs.k8s.io/kwok/pkg/config"
	"sigs.k8s.io/kwok/pkg/kwok/cmd"
	"sigs.k8s.io/kwok/pkg/log"
	"sigs.k8s.io/kwok/pkg/utils/signals"
)

func runKwok(_ []string) int {
	dropGlobalVersionFlag()
	// The global flags (--config, logging) are pre-parsed from os.Args by kwok itself; the
	// dispatcher already rewrote os.Args to ["kwok", flags...].
	flagset := pflag.NewFlagSet("global", pflag.ContinueOnError)
	flagset.ParseErrorsWhitelist.UnknownFlags = true
	flagset.Usage = func() {}

	ctx := signals.SetupSignalContext()
	ctx, logger := log.InitFlags(ctx, flagset)

	ctx, err := config.InitFlags(ctx, flagset)
	if err != nil {
		_, _ = os.Stderr.Write([]byte(flagset.FlagUsages()))
		logger.Error("Init config flags", err)
		return 1
	}

	command := cmd.NewCommand(ctx)
	command.PersistentFlags().AddFlagSet(flagset)
	command.SetArgs(os.Args[1:])
	if err := command.ExecuteContext(ctx); err != nil {
		logger.Error("Execute exit", err)
		return 1
	}
	return 0
}

// dropGlobalVersionFlag removes the `--version` flag that the Kubernetes packages linked into this
// binary (component-base's verflag) register on pflag.CommandLine at init. Cobra merges
// pflag.CommandLine into kwok's root command, whose own `--version` is a bool; with both present
// cobra fails with `trying to get bool value of flag of type version`. The kwok process runs no
// Kubernetes component, so their version flag is not needed here.
func dropGlobalVersionFlag() {
	fresh := pflag.NewFlagSet(pflag.CommandLine.Name(), pflag.ExitOnError)
	pflag.CommandLine.VisitAll(func(f *pflag.Flag) {
		if f.Name != "version" {
			fresh.AddFlag(f)
		}
	})
	pflag.CommandLine = fresh
}
