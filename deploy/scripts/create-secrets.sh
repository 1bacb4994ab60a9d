#!/usr/bin/env bash
# Creates or refreshes the Kubernetes Secrets of the namespace from the operator's git-ignored
# secrets file (deploy/secrets/secrets.env). Rerunnable: each Secret is rendered client-side and
# applied. Values travel through a private temporary file, never on a command line.
#
# The Secrets, "name:KEY,KEY" (the manifest checker reads this table: a secretKeyRef in a manifest
# must name one of these Secrets and keys):
SECRET_TABLE=(
  "postgres-credentials:POSTGRES_USER,POSTGRES_PASSWORD"
  "near-relay:NEAR_RELAY_JWT"
  "near-signer:NEAR_SIGNER_KEY"
)
# postgres-credentials is required; the others are optional (their references are optional: true)
# and are created only when the file holds a value. registry-pull (kubernetes.io/dockerconfigjson)
# is created when REGISTRY, REGISTRY_USER and REGISTRY_PASSWORD are set.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

kubectl_command

step "Secrets in namespace $NAMESPACE from ${SECRETS_FILE#"$REPO_ROOT"/}"
need_file "$SECRETS_FILE" secrets "cp deploy/secrets/secrets.env.example deploy/secrets/secrets.env and fill it in"
need_tool kubectl "to create the Secrets"

work="$(mktemp -d)"
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT

run_sh "${KUBE[*]} create namespace $NAMESPACE --dry-run=client -o yaml | ${KUBE[*]} apply -f -"

for entry in "${SECRET_TABLE[@]}"; do
  name="${entry%%:*}"
  IFS=',' read -r -a keys <<<"${entry#*:}"
  envfile="$work/$name.env"
  : >"$envfile"
  missing=()
  for key in "${keys[@]}"; do
    value="$(env_get "$SECRETS_FILE" "$key")"
    if [[ -z "$value" ]]; then missing+=("$key"); fi
    is_dry_run || printf '%s=%s\n' "$key" "$value" >>"$envfile"
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ "$name" == "postgres-credentials" ]] && ! is_dry_run; then
      die "$name: ${missing[*]} empty in ${SECRETS_FILE#"$REPO_ROOT"/}"
    fi
    if [[ "$name" != "postgres-credentials" ]]; then
      info "$name: ${missing[*]} empty, Secret not created (optional)"
      continue
    fi
  fi
  info "$name: keys ${keys[*]}"
  run_sh "${KUBE[*]} -n $NAMESPACE create secret generic $name --from-env-file=$envfile --dry-run=client -o yaml | ${KUBE[*]} apply -f -"
done

registry="$(setting REGISTRY)"
registry_user="$(env_get "$SECRETS_FILE" REGISTRY_USER)"
if [[ -n "$registry" && -n "$registry_user" && -n "$(env_get "$SECRETS_FILE" REGISTRY_PASSWORD)" ]]; then
  info "registry-pull: pull credentials for $registry"
  # The password goes through a file: kubectl reads --docker-password only from the command line,
  # so the dockerconfigjson is built here instead.
  auth="$(printf '%s:%s' "$registry_user" "$(env_get "$SECRETS_FILE" REGISTRY_PASSWORD)" | base64 -w0)"
  is_dry_run || printf '{"auths":{"%s":{"auth":"%s"}}}' "$registry" "$auth" >"$work/dockerconfig.json"
  run_sh "${KUBE[*]} -n $NAMESPACE create secret generic registry-pull --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=$work/dockerconfig.json --dry-run=client -o yaml | ${KUBE[*]} apply -f -"
else
  info "registry-pull: REGISTRY, REGISTRY_USER or REGISTRY_PASSWORD empty, not created (public images)"
fi
