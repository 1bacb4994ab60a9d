#!/usr/bin/env bash
# Shared helpers of the deploy scripts: logging, the DRY_RUN switch, reading the secrets file.
# Sourced, never run. Every script that sources it has `set -euo pipefail`.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT
STATE_DIR="${STATE_DIR:-$REPO_ROOT/.state/hetzner}"
KUBECONFIG_FILE="${KUBECONFIG_FILE:-$STATE_DIR/kubeconfig.yaml}"
SECRETS_FILE="${SECRETS_FILE:-$REPO_ROOT/deploy/secrets/secrets.env}"
TF_DIR="${TF_DIR:-$REPO_ROOT/infra/terraform/hetzner}"
NAMESPACE="${NAMESPACE:-unrip}"
# Used by the scripts that source this file.
# shellcheck disable=SC2034
ROUTE_GROUPS=(near-intents-ingest near-intents-normalize reactor near-intents-execute trade-results replay
  binance-ingest binance-normalize)
# The staging overlay's stand-ins for the venues (deploy/k8s/components/*-simulator).
# shellcheck disable=SC2034
SIMULATORS=(relay-simulator market-simulator)

step() { printf '\n==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

is_dry_run() { [[ "${DRY_RUN:-0}" == "1" ]]; }

# Shell-quotes the arguments that need it, for printing a command as one would type it.
quote_args() {
  local out="" arg plain='^[A-Za-z0-9_./:=,@%+<>-]+$'
  for arg in "$@"; do
    if [[ "$arg" =~ $plain ]]; then out+="$arg "; else out+="'${arg//\'/\'\\\'\'}' "; fi
  done
  printf '%s' "${out% }"
}

# Runs a command, or under DRY_RUN=1 prints it and does nothing.
run() {
  if is_dry_run; then
    printf '    [dry-run] %s\n' "$(quote_args "$@")"
  else
    "$@"
  fi
}

# Like run, for a pipeline or redirection written as one bash string. The string is printed as
# written under DRY_RUN=1, so it must never contain a secret value (use variables it expands).
run_sh() {
  if is_dry_run; then
    printf '    [dry-run] %s\n' "$1"
  else
    bash -c "set -euo pipefail; $1"
  fi
}

have() { command -v "$1" >/dev/null 2>&1; }

# Sets the array KUBE: kubectl with the kubeconfig `make bootstrap` wrote, when bootstrap runs
# or when no KUBECONFIG is set and that file exists; else kubectl with its own default.
kubectl_command() {
  KUBE=(kubectl)
  if [[ "${USE_KUBECONFIG_FILE:-0}" == "1" ]] || [[ -z "${KUBECONFIG:-}" && -f "$KUBECONFIG_FILE" ]]; then
    KUBE+=(--kubeconfig "${KUBECONFIG_FILE#"$REPO_ROOT"/}")
  fi
}

# Requires a tool; under DRY_RUN=1 only notes its absence (the plan is printed all the same).
need_tool() {
  if have "$1"; then return 0; fi
  if is_dry_run; then
    info "(dry run: '$1' is not installed here; a real run needs it: $2)"
  else
    die "'$1' is needed: $2"
  fi
}

# Requires an operator's file: need_file FILE WHAT HOW (how to make it). Names the file when it is
# there; under DRY_RUN=1 only notes its absence (the plan is printed all the same).
need_file() {
  local shown="${1#"$REPO_ROOT"/}"
  if [[ -f "$1" ]]; then
    info "$2: $shown"
  elif is_dry_run; then
    info "(dry run: $shown missing; a real run needs it: $3)"
  else
    die "$shown not found: $3"
  fi
}

# Prints the value of KEY in an env file (KEY=VALUE lines, # comments, optional quotes), or
# nothing. The file is read, never sourced.
env_get() {
  local file="$1" key="$2" line value
  [[ -f "$file" ]] || return 0
  line="$(grep -E "^[[:space:]]*${key}=" "$file" | tail -n 1 || true)"
  [[ -n "$line" ]] || return 0
  value="${line#*=}"
  value="${value%$'\r'}"
  if [[ "$value" =~ ^\"(.*)\"$ ]] || [[ "$value" =~ ^\'(.*)\'$ ]]; then
    value="${BASH_REMATCH[1]}"
  fi
  printf '%s' "$value"
}

# A setting from the environment first, then from the secrets file, then a default.
setting() {
  local key="$1" default="${2:-}" value
  value="${!key:-}"
  if [[ -z "$value" ]]; then value="$(env_get "$SECRETS_FILE" "$key")"; fi
  printf '%s' "${value:-$default}"
}

# The registry host of the images (REGISTRY, from setting). A real run stops without it; under
# DRY_RUN=1 it prints <REGISTRY> in its place.
image_registry() {
  local registry
  registry="$(setting REGISTRY)"
  if [[ -n "$registry" ]]; then
    printf '%s' "$registry"
  elif is_dry_run; then
    printf '<REGISTRY>'
  else
    die "REGISTRY is not set (environment or deploy/secrets/secrets.env): the registry host of the images"
  fi
}

# The image tag: IMAGE_TAG, else the current commit (what `make images` tags with).
image_tag() {
  local tag="${IMAGE_TAG:-}"
  if [[ -z "$tag" ]]; then
    tag="$(git -C "$REPO_ROOT" rev-parse --short=12 HEAD 2>/dev/null || true)"
  fi
  printf '%s' "${tag:-unknown}"
}
