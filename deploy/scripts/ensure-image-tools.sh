#!/usr/bin/env bash
# Installs the named image tools from Debian's packages when missing: debootstrap, umoci, skopeo,
# podman (with runc: crun fails on these machines' cgroup layout) and docker-registry (the local
# registry, /usr/bin/docker-registry). Needs root, or the tools already there.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

missing=()
for tool in "$@"; do
  case "$tool" in
    podman) have podman && have runc || missing+=(podman runc) ;;
    *) have "$tool" || missing+=("$tool") ;;
  esac
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
[[ "$(id -u)" == "0" ]] || die "missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]}) or run as root"
info "installing ${missing[*]} from Debian's packages ..."
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "could not install ${missing[*]} from Debian's packages"
fi
for tool in "$@"; do have "$tool" || die "$tool is still missing after installing ${missing[*]}"; done
