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

# Installs the Prometheus server unless it is there; returns 1 (after saying why) when it cannot be installed.
install_prometheus() {
  install_from_prometheus_package prometheus
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  install_prometheus
fi
