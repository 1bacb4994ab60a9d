#!/usr/bin/env bash
# make validate: everything about the deployment that can be checked offline, on a workstation or
# in CI. Each check prints PASS, FAIL or SKIPPED (with the reason); the run fails on any FAIL.
#   1. the deploy tree's copies of schemas/topics.yaml and kamelets/ are current
#   2. kubectl kustomize renders base, both overlays, Camel K and Forgejo (kept in .state/validate/)
#   3. the manifest checker (check_manifests.py) on the rendered objects
#   4. terraform fmt -check; terraform validate where the providers can be had
#   5. cloud-init schema on the rendered cloud-init template
#   6. shellcheck on the deploy scripts
#   7. the Forgejo workflow parses and has its jobs
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=deploy/scripts/ensure-tools.sh
source "$(dirname "$0")/ensure-tools.sh"

OUT="$REPO_ROOT/.state/validate"
mkdir -p "$OUT"
passed=0 failed=0 skipped=0
results=()
pass() { passed=$((passed + 1)); results+=("PASS     $*"); echo "    PASS: $*"; }
fail() { failed=$((failed + 1)); results+=("FAIL     $*"); echo "    FAIL: $*"; }
skip() { skipped=$((skipped + 1)); results+=("SKIPPED  $*"); echo "    SKIPPED: $*"; }

# Terraform warns about a configured-but-missing CLI config file on every call; not ours to fix.
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "$TF_CLI_CONFIG_FILE" ]]; then unset TF_CLI_CONFIG_FILE; fi

step "tools"
ensure_all_tools
for note in "${TOOL_NOTES[@]}"; do info "$note"; done

step "copies of the catalogue and the Kamelets"
if "$REPO_ROOT/deploy/scripts/sync-copies.sh" --check; then pass "deploy copies match schemas/topics.yaml and kamelets/"
else fail "deploy copies are stale (make deploy-sync)"; fi

step "render (kubectl kustomize)"
declare -A targets=(
  [base]="deploy/k8s/base"
  [hetzner-single-node]="deploy/k8s/overlays/hetzner-single-node"
  [staging-offline]="deploy/k8s/overlays/staging-offline"
  [camel-k]="deploy/camel-k"
  [forgejo]="deploy/forgejo"
  [forgejo-ci-deployer]="deploy/forgejo/ci-deployer"
)
rendered_args=()
if [[ -z "$KUBECTL" ]]; then
  skip "kustomize rendering: no kubectl with kustomize could be had here"
else
  for label in base hetzner-single-node staging-offline camel-k forgejo forgejo-ci-deployer; do
    out="$OUT/$label.yaml"
    if "$KUBECTL" kustomize "$REPO_ROOT/${targets[$label]}" >"$out" 2>"$OUT/$label.err"; then
      pass "kubectl kustomize ${targets[$label]} ($(grep -c '^kind:' "$out") objects)"
      [[ "$label" == forgejo* ]] || rendered_args+=(--rendered "$label=$out")
    else
      fail "kubectl kustomize ${targets[$label]}: $(head -n 3 "$OUT/$label.err")"
    fi
  done
fi

step "manifest checks"
if [[ ${#rendered_args[@]} -gt 0 ]]; then
  if "$PYTHON" "$REPO_ROOT/deploy/scripts/check_manifests.py" --repo "$REPO_ROOT" "${rendered_args[@]}"; then
    pass "rendered objects: probes, limits, non-root, executor PVC, no secret values, topics, NetworkPolicies"
  else
    fail "rendered objects (see FAIL lines above)"
  fi
else
  skip "manifest checks: nothing was rendered"
fi

step "terraform"
if [[ -n "$TERRAFORM" ]]; then
  if "$TERRAFORM" fmt -check -recursive "$TF_DIR" >/dev/null; then pass "terraform fmt -check"
  else fail "terraform fmt -check (run: terraform fmt -recursive infra/terraform)"; fi
  if [[ "${TERRAFORM_INIT:-0}" == "1" ]]; then
    "$TERRAFORM" -chdir="$TF_DIR" init -backend=false -input=false >"$OUT/terraform-init.log" 2>&1 \
      || fail "terraform init -backend=false (see .state/validate/terraform-init.log)"
  fi
  if [[ -d "$TF_DIR/.terraform/providers" ]]; then
    if "$TERRAFORM" -chdir="$TF_DIR" validate -no-color >"$OUT/terraform-validate.log" 2>&1; then pass "terraform validate"
    else fail "terraform validate: $(tail -n 5 "$OUT/terraform-validate.log")"; fi
  else
    skip "terraform validate: the providers (hetznercloud/hcloud, hashicorp/tls, hashicorp/random) are not installed and registry.terraform.io is not reachable here; CI runs it with TERRAFORM_INIT=1"
  fi
else
  skip "terraform fmt -check and validate: terraform is not installed and no reachable registry ships it"
fi

step "cloud-init"
ci_rendered="$OUT/cloud-init.yaml"
if "$PYTHON" "$REPO_ROOT/deploy/scripts/render_cloud_init.py" "$REPO_ROOT" "$ci_rendered" "${TERRAFORM:-}"; then
  pass "cloud-init template renders with every variable server.tf passes"
  if [[ -n "$CLOUD_INIT" ]]; then
    if "$CLOUD_INIT" schema --config-file "$ci_rendered" >"$OUT/cloud-init-schema.log" 2>&1; then pass "cloud-init schema"
    else fail "cloud-init schema: $(tail -n 5 "$OUT/cloud-init-schema.log")"; fi
  else
    skip "cloud-init schema: cloud-init could not be installed here"
  fi
else
  fail "cloud-init template does not render"
fi

step "shellcheck"
scripts=("$REPO_ROOT"/deploy/scripts/*.sh "$REPO_ROOT"/deploy/k8s/base/redpanda/create-topics.sh)
if [[ -n "$SHELLCHECK" ]]; then
  if (cd "$REPO_ROOT" && "$SHELLCHECK" -x -P SCRIPTDIR -s bash "${scripts[@]#"$REPO_ROOT"/}"); then pass "shellcheck (${#scripts[@]} scripts)"
  else fail "shellcheck"; fi
else
  skip "shellcheck: shellcheck could not be installed here"
fi

step "Forgejo workflow"
if "$PYTHON" - "$REPO_ROOT/.forgejo/workflows/ci.yaml" <<'PY'
import sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
jobs = wf.get("jobs", {})
need = {"build-test", "validate", "images", "deploy"}
missing = need - set(jobs)
assert not missing, f"jobs missing: {sorted(missing)}"
for name in ("images", "deploy"):
    cond = str(jobs[name].get("if", ""))
    assert "refs/heads/main" in cond, f"job {name} does not run on main only"
steps = " ".join(str(s.get("run", "")) for j in jobs.values() for s in j.get("steps", []))
for cmd in ("make test", "make validate", "make images", "make deploy"):
    assert cmd in steps, f"no step runs '{cmd}'"
PY
then pass ".forgejo/workflows/ci.yaml: build, test, validate, images and deploy on main"
else fail ".forgejo/workflows/ci.yaml"; fi

echo
echo "== make validate summary (rendered output in .state/validate/)"
printf '  %s\n' "${results[@]}"
echo "validate: $passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
