// Why: the apiserver needs an etcd; embedding etcd's server package (the same go.etcd.io/etcd
// release line that k8s.io/kubernetes already depends on) avoids building a second binary.
// It listens on 127.0.0.1 only, keeps its data in the per-start temp dir and skips fsync:
// the harness' data is thrown away at stop, and fsync latency would dominate test runtime.
//
// Lifecycle: `periscope-k8s etcd --data-dir D --client-url http://127.0.0.1:P --peer-url
// http://127.0.0.1:Q` serves until SIGTERM/SIGINT, then closes cleanly and exits 0.
package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

const (
	// etcdReadyTimeout bounds the wait for the single member to elect itself leader; on a
	// healthy machine it takes well under a second.
	etcdReadyTimeout = 60 * time.Second
	// etcdQuotaBytes is etcd's backend quota; the harness stores a few thousand objects at most,
	// but a benchmark may churn many revisions between compactions.
	etcdQuotaBytes = 4 << 30
	// etcdSnapshotCount is how many raft entries stay in memory before a snapshot. etcd's
	// default (10000 in 3.6) is sized for production write rates; a smaller value keeps RSS low.
	etcdSnapshotCount = 5000
)

func runEtcd(args []string) int {
	fs := flag.NewFlagSet("etcd", flag.ContinueOnError)
	dataDir := fs.String("data-dir", "", "directory for etcd data (required)")
	clientURL := fs.String("client-url", "", "client URL to listen on and advertise, e.g. http://127.0.0.1:2379 (required)")
	peerURL := fs.String("peer-url", "", "peer URL to listen on and advertise, e.g. http://127.0.0.1:2380 (required)")
	logLevel := fs.String("log-level", "warn", "etcd log level (debug, info, warn, error)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dataDir == "" || *clientURL == "" || *peerURL == "" {
		fmt.Fprintln(os.Stderr, "etcd: --data-dir, --client-url and --peer-url are required")
		return 2
	}
	cu, err := url.Parse(*clientURL)
	if err != nil {
		fmt.Fprintf(os.Stderr, "etcd: bad --client-url: %v\n", err)
		return 2
	}
	pu, err := url.Parse(*peerURL)
	if err != nil {
		fmt.Fprintf(os.Stderr, "etcd: bad --peer-url: %v\n", err)
		return 2
	}

	cfg := embed.NewConfig()
	cfg.Name = "periscope"
	cfg.Dir = *dataDir
	cfg.ListenClientUrls = []url.URL{*cu}
	cfg.AdvertiseClientUrls = []url.URL{*cu}
	cfg.ListenPeerUrls = []url.URL{*pu}
	cfg.AdvertisePeerUrls = []url.URL{*pu}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.LogLevel = *logLevel
	cfg.LogOutputs = []string{"stderr"}
	cfg.UnsafeNoFsync = true
	cfg.QuotaBackendBytes = etcdQuotaBytes
	cfg.SnapshotCount = etcdSnapshotCount
	// NewConfig leaves this 0, which makes etcd log every request as "expensive" at warn level.
	cfg.WarningUnaryRequestDuration = embed.DefaultWarningUnaryRequestDuration

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		fmt.Fprintf(os.Stderr, "etcd: start failed: %v\n", err)
		return 1
	}
	defer e.Close()
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(etcdReadyTimeout):
		fmt.Fprintf(os.Stderr, "etcd: not ready after %s\n", etcdReadyTimeout)
		return 1
	}
	fmt.Fprintf(os.Stderr, "etcd: ready on %s\n", cu.String())

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	select {
	case s := <-sigs:
		fmt.Fprintf(os.Stderr, "etcd: %s, stopping\n", s)
		return 0
	case err := <-e.Err():
		fmt.Fprintf(os.Stderr, "etcd: server error: %v\n", err)
		return 1
	}
}
