#!/usr/bin/env bash
# Debian packages the test suite needs on a fresh machine: Chromium for the Playwright e2e tests
# (Playwright's own browser download is impossible offline). kubectl is part of the machine image
# (/usr/bin/kubectl); the conformance tests skip, saying why, where it is absent.
set -euo pipefail
if ! [ -x /usr/bin/chromium ]; then
  echo "== apt-get install chromium"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null | grep -v unexpected || true
