#!/usr/bin/env bash
# Installs promtool, which checks and unit-tests the alert rules (deploy/prometheus/), from
# Debian's packages: `apt-get install prometheus` puts it in /usr/bin/promtool. Idempotent: when a
# promtool is on the PATH it does nothing. As root it runs apt-get itself; otherwise through
# `sudo -n` when that works without a password; else it says why not and exits 1. It prints what
# it does. Sourced by ensure-tools.sh (make validate) or run on its own:
#   deploy/scripts/install-promtool.sh
# The package's own Prometheus service is not used: if installing it started one that was not
# running before, it is stopped again (make monitor and MonitoringIT run the binary with their own
# configuration; deploy/scripts/install-prometheus.sh installs the same package for them).
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROMTOOL_PACKAGE="prometheus"
# Why promtool could not be installed (for make validate's SKIPPED line); set by install_promtool.
PROMTOOL_WHY_NOT=""

# Runs a command as root: directly, or through sudo without a password; returns 1 when neither works.
_promtool_as_root() {
  if [[ "$(id -u)" == "0" ]]; then "$@"
  elif have sudo && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

# Prints a binary's path and version on one line ($1: promtool or prometheus).
_prometheus_binary_found() {
  local path version
  path="$(command -v "$1")"
  version="$("$path" --version 2>&1 | head -n 1 || true)"
  info "$1: $path (${version:-version unknown})"
}

# Installs Debian's prometheus package (promtool and the Prometheus server); $1 names what it is
# for in the messages (promtool, prometheus). Returns 1, with PROMETHEUS_PACKAGE_WHY_NOT set, when
# it cannot be installed here. Shared with install-prometheus.sh (make monitor, MonitoringIT).
PROMETHEUS_PACKAGE_WHY_NOT=""
install_prometheus_package() {
  local what="$1"
  if ! have apt-get; then
    PROMETHEUS_PACKAGE_WHY_NOT="not installed, and there is no apt-get here to install Debian's $PROMTOOL_PACKAGE package"
    info "$what: $PROMETHEUS_PACKAGE_WHY_NOT"
    return 1
  fi
  local how="as root"
  if [[ "$(id -u)" != "0" ]]; then
    if have sudo && sudo -n true 2>/dev/null; then how="with sudo"
    else
      PROMETHEUS_PACKAGE_WHY_NOT="not installed; installing Debian's $PROMTOOL_PACKAGE package needs root, and sudo is not available without a password here"
      info "$what: $PROMETHEUS_PACKAGE_WHY_NOT"
      return 1
    fi
  fi
  local log="$REPO_ROOT/.state/tools/apt-promtool.log"
  mkdir -p "$(dirname "$log")"
  local server_before
  server_before="$( (have pgrep && pgrep -x prometheus) || true)"
  info "$what: installing Debian's $PROMTOOL_PACKAGE package $how: apt-get update, apt-get install -y --no-install-recommends $PROMTOOL_PACKAGE (log: ${log#"$REPO_ROOT"/})"
  if ! _promtool_as_root apt-get -o DPkg::Lock::Timeout=300 update -qq >"$log" 2>&1 \
    || ! _promtool_as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
      --no-install-recommends "$PROMTOOL_PACKAGE" >>"$log" 2>&1; then
    PROMETHEUS_PACKAGE_WHY_NOT="apt-get install $PROMTOOL_PACKAGE failed: $(tail -n 2 "$log" | tr '\n' ' ')"
    info "$what: $PROMETHEUS_PACKAGE_WHY_NOT"
    return 1
  fi
  if [[ -z "$server_before" ]] && have pgrep && pgrep -x prometheus >/dev/null 2>&1; then
    info "$what: the package started its own Prometheus service; the project runs Prometheus with its own configuration only (make monitor), so it is stopped again (service prometheus stop)"
    _promtool_as_root service prometheus stop >>"$log" 2>&1 || true
  fi
  hash -r
}

# Installs one binary of the package ($1: promtool or prometheus) unless it is on the PATH;
# returns 1, with PROMETHEUS_PACKAGE_WHY_NOT set (after saying why), when it cannot be installed.
install_from_prometheus_package() {
  local binary="$1"
  if have "$binary"; then
    _prometheus_binary_found "$binary"
    return 0
  fi
  install_prometheus_package "$binary" || return 1
  if ! have "$binary"; then
    PROMETHEUS_PACKAGE_WHY_NOT="the $PROMTOOL_PACKAGE package is installed but no $binary is on the PATH (expected /usr/bin/$binary)"
    info "$binary: $PROMETHEUS_PACKAGE_WHY_NOT"
    return 1
  fi
  _prometheus_binary_found "$binary"
}

# Installs promtool unless it is there; returns 1 (after saying why) when it cannot be installed.
install_promtool() {
  # shellcheck disable=SC2034 # read by ensure-tools.sh, which sources this file
  install_from_prometheus_package promtool || { PROMTOOL_WHY_NOT="$PROMETHEUS_PACKAGE_WHY_NOT"; return 1; }
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  install_promtool
fi
