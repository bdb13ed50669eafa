// Why: the three Kubernetes control plane components, started exactly as their upstream
// cmd/<name>/main.go does (same blank imports for JSON logging and metrics registration), but
// with argv handed in by the multi-call dispatcher.
//
// Lifecycle: each function runs one component until it exits on SIGTERM/SIGINT (its own signal
// context) or on a fatal error; the return value becomes the process exit code.
package main

import (
	_ "time/tzdata" // CronJob time zones, as upstream kube-apiserver/kube-controller-manager do

	"github.com/spf13/cobra"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"          // JSON log format registration
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // client-go metrics plugins
	_ "k8s.io/component-base/metrics/prometheus/version"  // version metric registration
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func runAPIServer(args []string) int {
	return runCommand(apiserver.NewAPIServerCommand(), args)
}

func runControllerManager(args []string) int {
	return runCommand(controllermanager.NewControllerManagerCommand(), args)
}

func runScheduler(args []string) int {
	return runCommand(scheduler.NewSchedulerCommand(), args)
}

func runCommand(cmd *cobra.Command, args []string) int {
	cmd.SetArgs(args)
	return cli.Run(cmd)
}
