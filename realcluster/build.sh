#!/usr/bin/env bash
# Why: builds the multi-call control plane binary (periscope-k8s: kube-apiserver,
# kube-controller-manager, kube-scheduler, embedded etcd, kwok) from the Go module proxy into a
# cache folder OUTSIDE the repo, keyed by a hash of everything that affects the binary. A second
# run with the same inputs is a stamp check that takes milliseconds.
#
# Lifecycle: called by realcluster/build.ts (tests, `npm run real-cluster`) and by
# realcluster/ci-build.sh (CI, in the background). Concurrent callers serialize on a lock in the
# cache folder, so the second one waits and then finds the stamp.
#
# Output: on success the binary's absolute path is the LAST line on stdout, exit 0.
# On failure ONE line on stderr, "real-cluster: <what failed>: <first error line>", and the full
# log stays at <cache>/<key>/build.log. Exit codes:
#   0 built (or already cached)     3 Go is not installed
#   4 module fetch failed (proxy unreachable, checksum mismatch, ...)
#   1 anything else (compile error, link error, bad environment)
# Key folders unused for 14 days are pruned after each successful build.
set -uo pipefail

# No `dirname`: this must reach the "Go is not installed" line even with a bare PATH.
src="${BASH_SOURCE[0]}"
[[ "$src" == */* ]] || src="./$src"
here="$(cd "${src%/*}" && pwd)"
cache_root="${PERISCOPE_REALCLUSTER_CACHE:-${HOME:-/tmp}/.cache/periscope-realcluster}"

say() { echo "real-cluster: $*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  say "Go is not installed (need Go >= 1.26 on PATH)"
  exit 3
fi

cd "$here" || exit 1
# Run every go command from the module dir: `go env GOVERSION` then reports the toolchain that
# go.mod selects, which is the one that compiles.
if ! goversion="$(go env GOVERSION GOOS GOARCH 2>&1 | tr '\n' ' ')"; then
  say "go env failed: ${goversion%% *}"
  exit 1
fi

# The cache key covers the module graph (go.mod, go.sum), our Go sources, this script (flags,
# kwok patch) and the toolchain/platform. Anything else cannot change the binary.
key="$(
  {
    for f in go.mod go.sum build.sh $(ls ./*.go | sort); do
      printf '%s\n' "$f"
      cat "$f"
    done
    printf '%s\n' "$goversion"
  } | sha256sum | cut -c1-16
)"
out="$cache_root/$key"
bin="$out/bin/periscope-k8s"
stamp="$out/built.ok"
log="$out/build.log"

if [ -f "$stamp" ] && [ -x "$bin" ]; then
  touch "$stamp" # last use, for pruning (below)
  echo "$bin"
  exit 0
fi

mkdir -p "$out/bin" || { say "cannot create cache folder $out"; exit 1; }
exec 9>"$out/.lock"
flock 9
# Another caller may have finished the build while we waited for the lock.
if [ -f "$stamp" ] && [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

: >"$log"
started=$SECONDS
say "building control plane binary (first time for this go.mod/go.sum; a cold build takes minutes); log: $log"

# first_error LOGFILE: the first line of a go command's output that states an error, skipping
# progress noise ("go: downloading ...", "# package" headers).
first_error() {
  grep -v -E '^(go: downloading|go: finding|go: extracting|# |\s*$)' "$1" | head -n 1
}

# Step 1: fetch exactly the modules the binary's packages need (not every test dependency of
# every module in the graph). `go list -deps` resolves and downloads them, and nothing else.
echo "== go list -deps (module fetch) $(date -u +%FT%TZ)" >>"$log"
if ! go list -mod=readonly -deps -f '{{.ImportPath}}' . >"$out/deps.txt" 2>"$out/fetch.log"; then
  cat "$out/fetch.log" >>"$log"
  say "module fetch failed: $(first_error "$out/fetch.log") (full log: $log)"
  exit 4
fi
cat "$out/fetch.log" >>"$log"

# Step 2: kwok v0.7.0 (the newest kwok release whose k8s.io APIs match 1.34) reads one constant,
# metav1.InitialEventsListBlueprintAnnotationKey, that k8s.io/apimachinery 0.34 removed. Upstream
# kwok's "Bump k8s to 1.34" commit fixed that by deleting the 4-line check that reads it; we make
# the same deletion in a copy of the kwok module inside the cache folder and build with a derived
# go.mod (-modfile) that replaces sigs.k8s.io/kwok with that copy. The committed go.mod/go.sum
# and the read-only module cache stay untouched (`go build -overlay` refuses module-cache files).
# If a future kwok no longer has the line, the plain go.mod is used.
modfile_flag=()
kwok_dir="$(go list -mod=readonly -m -f '{{.Dir}}' sigs.k8s.io/kwok 2>>"$log")"
informer_rel="pkg/utils/informer/informer.go"
if [ -n "$kwok_dir" ] && grep -q 'InitialEventsListBlueprintAnnotationKey' "$kwok_dir/$informer_rel"; then
  kwok_copy="$out/kwok"
  rm -rf "$kwok_copy" && cp -R "$kwok_dir" "$kwok_copy" && chmod -R u+w "$kwok_copy" || {
    say "kwok patch failed: cannot copy $kwok_dir (full log: $log)"
    exit 1
  }
  # Delete from the line that reads the blueprint annotation through the closing brace of the
  # `if len(...) == 0 { return ... }` that follows it.
  sed -i '/:= meta\.GetAnnotations()\[metav1\.InitialEventsListBlueprintAnnotationKey\]/,/^[[:space:]]*}$/d' \
    "$kwok_copy/$informer_rel"
  if grep -q 'InitialEventsListBlueprintAnnotationKey' "$kwok_copy/$informer_rel"; then
    say "kwok patch failed: $kwok_dir/$informer_rel no longer has the expected shape (full log: $log)"
    exit 1
  fi
  cp go.mod "$out/go.mod" && cp go.sum "$out/go.sum"
  go mod edit -replace="sigs.k8s.io/kwok=$kwok_copy" "$out/go.mod"
  modfile_flag=(-modfile "$out/go.mod")
  echo "== kwok patched copy: $kwok_copy (modfile $out/go.mod)" >>"$log"
fi

# Step 3: one compile + one link. CGO off (static binary, no C toolchain needed), -trimpath
# (reproducible, cache-friendly), -s -w (no symbol/DWARF tables: smaller binary, faster link).
# The -X flags stamp the Kubernetes release, as upstream's hack/lib/version.sh does: without them
# /version reports v0.0.0-master and clients print version-skew warnings.
k8s_version="$(go list -mod=readonly -m -f '{{.Version}}' k8s.io/kubernetes 2>>"$log")"
k8s_minor="$(echo "$k8s_version" | cut -d. -f2)"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$k8s_minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.gitCommit="
done
echo "== go build $(date -u +%FT%TZ) ldflags: $ldflags" >>"$log"
if ! CGO_ENABLED=0 go build -mod=readonly -buildvcs=false -trimpath -p "${PERISCOPE_REALCLUSTER_GO_P:-$(nproc)}" \
  -ldflags "$ldflags" "${modfile_flag[@]}" -o "$bin.tmp" . >"$out/compile.log" 2>&1; then
  cat "$out/compile.log" >>"$log"
  what="go build of periscope-k8s (kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kwok)"
  if grep -q -E 'dial tcp|GOPROXY|verifying .*: |reading .*/@v/' "$out/compile.log"; then
    say "module fetch failed during $what: $(first_error "$out/compile.log") (full log: $log)"
    exit 4
  fi
  say "$what failed: $(first_error "$out/compile.log") (full log: $log)"
  exit 1
fi
cat "$out/compile.log" >>"$log"
mv -f "$bin.tmp" "$bin"
date -u +%FT%TZ >"$stamp"
say "built $bin in $((SECONDS - started))s"
# Each change of go.mod/go.sum/sources makes a new ~140 MB key folder; drop the ones no build or
# run has used for this many days (other worktrees' current keys are touched on every use).
prune_days=14
find "$cache_root" -mindepth 2 -maxdepth 2 -name built.ok -mtime +"$prune_days" 2>/dev/null | while read -r old; do
  rm -rf "$(dirname "$old")"
done
echo "$bin"
