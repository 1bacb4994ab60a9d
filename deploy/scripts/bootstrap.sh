#!/usr/bin/env bash
# make bootstrap: phase 0, from an operator's workstation to a running system, rerunnable.
#   1 terraform init        2 terraform plan + apply (asks before destroying or replacing anything)
#   3 write .state/hetzner/kubeconfig.yaml (from Terraform: the cluster CA and the operator's
#     client certificate are made by Terraform, so no SSH is needed)
#   4 wait for the k3s API and the node   5 Secrets from deploy/secrets/secrets.env
#   6 Forgejo and its runner (when FORGEJO_HOST is set)   7 apply the overlay, wait for rollouts
#   8 status
# DRY_RUN=1 prints every step and command and touches nothing (no network, no tools needed).
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

K3S_WAIT_SECONDS="${K3S_WAIT_SECONDS:-900}"
# The steps below talk to the new cluster through the kubeconfig Terraform wrote.
export USE_KUBECONFIG_FILE=1
TF=(terraform -chdir="${TF_DIR#"$REPO_ROOT"/}")
KUBE=(kubectl --kubeconfig "${KUBECONFIG_FILE#"$REPO_ROOT"/}")
is_dry_run && echo "DRY RUN: nothing is created, changed or contacted; every command is printed."

step "0/8 preflight"
need_tool terraform "https://developer.hashicorp.com/terraform/install (>= 1.5)"
need_tool kubectl "https://kubernetes.io/docs/tasks/tools/ (1.31 or newer)"
need_file "$SECRETS_FILE" secrets "cp deploy/secrets/secrets.env.example deploy/secrets/secrets.env and fill it in"
need_file "$TF_DIR/terraform.tfvars" "terraform variables" "copy terraform.tfvars.example beside it and set operator_cidrs and acme_email"
TF_VAR_hcloud_token="$(env_get "$SECRETS_FILE" HCLOUD_TOKEN)"
export TF_VAR_hcloud_token
[[ -n "$TF_VAR_hcloud_token" ]] || is_dry_run || die "HCLOUD_TOKEN is empty in ${SECRETS_FILE#"$REPO_ROOT"/}"
info "the Hetzner token reaches Terraform as TF_VAR_hcloud_token (environment), never on a command line"
run mkdir -p "${STATE_DIR#"$REPO_ROOT"/}"

step "1/8 terraform init"
run "${TF[@]}" init -input=false

step "2/8 terraform plan and apply"
plan="${STATE_DIR#"$REPO_ROOT"/}/tfplan"
run "${TF[@]}" plan -input=false -out="$REPO_ROOT/$plan"
if is_dry_run; then
  info "(a real run stops here for a typed 'yes' when the plan destroys or replaces anything)"
elif "${TF[@]}" show -no-color "$REPO_ROOT/$plan" | grep -Eq 'will be destroyed|must be replaced'; then
  warn "this plan destroys or replaces resources (see above)."
  answer="${CONFIRM:-}"
  [[ -n "$answer" ]] || read -r -p "Type yes to apply it: " answer
  [[ "$answer" == "yes" ]] || die "not applied"
fi
run "${TF[@]}" apply -input=false "$REPO_ROOT/$plan"
run rm -f "$plan"

step "3/8 kubeconfig"
run_sh "umask 077 && ${TF[*]} output -raw kubeconfig > ${KUBECONFIG_FILE#"$REPO_ROOT"/}"
info "written to ${KUBECONFIG_FILE#"$REPO_ROOT"/} (client certificate of group system:masters; keep it private)"

step "4/8 wait for the k3s API (up to $K3S_WAIT_SECONDS s: first boot installs k3s) and the node"
if is_dry_run; then
  run "${KUBE[@]}" get --raw=/readyz
  info "(repeated every 10 s until it answers ok)"
else
  deadline=$((SECONDS + K3S_WAIT_SECONDS))
  until "${KUBE[@]}" get --raw=/readyz >/dev/null 2>&1; do
    (( SECONDS < deadline )) || die "the k3s API did not answer within $K3S_WAIT_SECONDS s (docs/deploy.md, 'Failure recovery')"
    info "waiting for $("${TF[@]}" output -raw kube_api_endpoint 2>/dev/null || echo the API) ..."
    sleep 10
  done
fi
run "${KUBE[@]}" wait --for=condition=Ready node --all --timeout=10m

step "5/8 Secrets"
KUBECONFIG_FILE="$KUBECONFIG_FILE" "$REPO_ROOT/deploy/scripts/create-secrets.sh"

step "6/8 Forgejo and its runner (phase 1 platform)"
if [[ -n "$(setting FORGEJO_HOST)" ]] || is_dry_run; then
  KUBECONFIG_FILE="$KUBECONFIG_FILE" "$REPO_ROOT/deploy/scripts/forgejo.sh"
else
  info "FORGEJO_HOST is empty: Forgejo not installed (set it and rerun, or run make forgejo later)"
fi

step "7/8 the trading system"
deploy_rc=0
KUBECONFIG_FILE="$KUBECONFIG_FILE" "$REPO_ROOT/deploy/scripts/deploy.sh" || deploy_rc=$?

step "8/8 status"
run "${TF[@]}" output
info "kubeconfig: export KUBECONFIG=${KUBECONFIG_FILE}"
if [[ $deploy_rc -ne 0 ]]; then
  warn "the infrastructure is up, some route groups are not (see above). Rerun make bootstrap (or make deploy) once fixed."
  exit "$deploy_rc"
fi
if is_dry_run; then echo "dry run complete: nothing was created or changed."; else echo "bootstrap complete."; fi
