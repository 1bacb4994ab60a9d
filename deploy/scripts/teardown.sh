#!/usr/bin/env bash
# make teardown: destroys everything Terraform made (server, data volume with ALL data, network,
# firewall, primary IP) after a typed confirmation. Only when required: a broken node is rebuilt
# with make bootstrap, not torn down (docs/deploy.md, "Failure recovery").
# Non-interactive: CONFIRM="destroy <name>". DRY_RUN=1 prints the plan and touches nothing.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

TF=(terraform -chdir="${TF_DIR#"$REPO_ROOT"/}")
name="$(grep -E '^[[:space:]]*name[[:space:]]*=' "$TF_DIR/terraform.tfvars" 2>/dev/null | sed -E 's/.*=[[:space:]]*"([^"]*)".*/\1/' | head -n 1 || true)"
name="${name:-unrip}"
phrase="destroy $name"

step "Teardown of '$name': server, data volume (Redpanda log, PostgreSQL, executor state, Forgejo), network, firewall, primary IP"
need_tool terraform "to destroy what it created"
TF_VAR_hcloud_token="$(env_get "$SECRETS_FILE" HCLOUD_TOKEN)"
export TF_VAR_hcloud_token
[[ -n "$TF_VAR_hcloud_token" ]] || is_dry_run || die "HCLOUD_TOKEN is empty in ${SECRETS_FILE#"$REPO_ROOT"/}"

run "${TF[@]}" state list
if is_dry_run; then
  info "(a real run asks to type: $phrase)"
else
  answer="${CONFIRM:-}"
  [[ -n "$answer" ]] || read -r -p "This cannot be undone. Type '$phrase' to continue: " answer
  [[ "$answer" == "$phrase" ]] || die "not confirmed; nothing destroyed"
fi

step "Lift the data volume's delete protection, then destroy"
run "${TF[@]}" apply -input=false -auto-approve -target=hcloud_volume.data -var=protect_data_volume=false
run "${TF[@]}" destroy -input=false -auto-approve -var=protect_data_volume=false
run rm -f "${KUBECONFIG_FILE#"$REPO_ROOT"/}"
if is_dry_run; then echo "dry run: nothing was destroyed."; else echo "teardown complete."; fi
