#!/usr/bin/env bash
# Installs the Prometheus server that `make monitor` and the monitoring integration test
# (integration-tests MonitoringIT) run, each with its own configuration, data folder and port:
# Debian's `prometheus` package, /usr/bin/prometheus (the package that also gives promtool, see
# install-promtool.sh). Idempotent: when a prometheus is on the PATH it only says which. As root it
# runs apt-get itself; otherwise through `sudo -n` when that works without a password; else it says
# why not and exits 1. The package's own service is stopped again if installing it started one.
# Run by .ci/run before `make test`, by `make monitor` and by MonitoringIT when no prometheus is
# found, or on its own:
#   deploy/scripts/install-prometheus.sh
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/scripts/install-promtool.sh
source "$(dirname "${BASH_SOURCE[0]}")/install-promtool.sh"

# Why the server could not be installed (empty when it is there).
PROMETHEUS_WHY_NOT=""

_prometheus_found() {
  local path version
  path="$(command -v prometheus)"
  version="$("$path" --version 2>&1 | head -n 1 || true)"
  info "prometheus: $path (${version:-version unknown})"
}

# Installs the Prometheus server unless it is there; returns 1 (after saying why) when it cannot be installed.
install_prometheus() {
  if have prometheus; then
    _prometheus_found
    return 0
  fi
  if ! install_prometheus_package prometheus; then
    PROMETHEUS_WHY_NOT="$PROMETHEUS_PACKAGE_WHY_NOT"
    return 1
  fi
  if ! have prometheus; then
    PROMETHEUS_WHY_NOT="the $PROMTOOL_PACKAGE package is installed but no prometheus is on the PATH (expected /usr/bin/prometheus)"
    info "prometheus: $PROMETHEUS_WHY_NOT"
    return 1
  fi
  _prometheus_found
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  install_prometheus
fi
