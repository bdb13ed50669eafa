#!/usr/bin/env bash
# Debian packages the test suite needs on a fresh machine: Chromium for the Playwright e2e tests
# (Playwright's own browser download is impossible offline) and the official Kubernetes Python
# client (python3-kubernetes), one of the independent clients the simulator-fidelity conformance
# tests judge the demo cluster with. kubectl is part of the machine image (/usr/bin/kubectl); the
# conformance tests skip, saying why, where kubectl or the Python client is absent.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import kubernetes' 2>/dev/null || need+=(python3-kubernetes)
if [ ${#need[@]} -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null | grep -v unexpected || true
/usr/bin/python3 -c 'import kubernetes; print("python3-kubernetes", kubernetes.__version__)' 2>/dev/null || true
