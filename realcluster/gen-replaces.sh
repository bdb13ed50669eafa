#!/usr/bin/env bash
# Why: k8s.io/kubernetes requires its ~30 staging modules (k8s.io/api, k8s.io/client-go, ...) at
# the fake version v0.0.0 and points them at ./staging/src/... in its own go.mod. Those replaces
# do not apply to a module that depends on k8s.io/kubernetes, so ours needs one replace per staging
# module to the published v0.<minor>.<patch> (the pattern from kubernetes/kubernetes#79384).
# This script derives that list from k8s.io/kubernetes's own go.mod instead of hand-typing it.
#
# Lifecycle: run by hand after changing the k8s.io/kubernetes version in go.mod:
#   realcluster/gen-replaces.sh            # keeps the version go.mod names
#   realcluster/gen-replaces.sh v1.34.5    # moves to another 1.x patch
# then `go mod tidy` (the script runs it) and commit go.mod + go.sum.
set -euo pipefail
cd "$(dirname "$0")"

version="${1:-$(go mod edit -json | jq -r '.Require[] | select(.Path == "k8s.io/kubernetes") | .Version')}"
if [[ ! "$version" =~ ^v1\.[0-9]+\.[0-9]+$ ]]; then
  echo "gen-replaces: expected a k8s.io/kubernetes release like v1.34.4, got '$version'" >&2
  exit 1
fi
# Staging modules are published as v0.<minor>.<patch> for kubernetes v1.<minor>.<patch>.
staging="v0.${version#v1.}"

# `go mod download -json` asks the module proxy for exactly this version (no graph resolution, so
# it works even while our own go.mod still lacks the replaces).
modfile="$(go mod download -json "k8s.io/kubernetes@${version}" | jq -r .GoMod)"

# Every `k8s.io/X => ./staging/src/k8s.io/X` line of upstream's go.mod becomes `k8s.io/X => k8s.io/X <staging>`.
mapfile -t staged < <(awk '$2 == "=>" && $3 ~ /^\.\/staging\/src\// { print $1 }' "$modfile" | sort -u)
if [ "${#staged[@]}" -eq 0 ]; then
  echo "gen-replaces: found no ./staging replaces in $modfile" >&2
  exit 1
fi

# Drop every existing k8s.io replace first so a module upstream stopped staging does not linger.
drop=()
while read -r old; do drop+=("-dropreplace=$old"); done < <(go mod edit -json | jq -r '(.Replace // [])[] | .Old.Path | select(startswith("k8s.io/"))')
add=()
for m in "${staged[@]}"; do add+=("-replace=${m}=${m}@${staging}"); done

go mod edit -require="k8s.io/kubernetes@${version}" "${drop[@]}" "${add[@]}"
echo "gen-replaces: ${#staged[@]} staging modules of k8s.io/kubernetes ${version} -> ${staging}"
go mod tidy
