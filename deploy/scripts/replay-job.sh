#!/usr/bin/env bash
# make replay-job: one replay run on the cluster, as a Kubernetes Job (docs/replay.md "On a cluster").
#   1. read the replay Deployment as deployed (image, config, security context; it stays at zero
#      replicas and only carries them)
#   2. build the run's Job from it (replay_job.py: restartPolicy Never, REPLAY_* settings) and create it
#   3. follow its log (the replay prints its progress) and wait for it to complete or fail
# Settings: TOPIC, FROM, TO (required), TARGET (replay|live, default replay), RUN (default: the
# start time and a random suffix), REPLAY_TIMEOUT (default 2h). DRY_RUN=1 prints the plan and, where
# kubectl can render the overlay here, the Job, and touches nothing.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

cd "$REPO_ROOT"
OVERLAY="${OVERLAY:-hetzner-single-node}"
REPLAY_TIMEOUT="${REPLAY_TIMEOUT:-2h}"
TOPIC="${TOPIC:-}" FROM="${FROM:-}" TO="${TO:-}" TARGET="${TARGET:-replay}"
RUN="${RUN:-$(date -u +%Y%m%d-%H%M%S)-$(printf '%04x' "$RANDOM")}"
usage="usage: make replay-job TOPIC=<raw topic>[,<raw topic>] FROM=<start> TO=<end> [TARGET=replay|live] [RUN=<run id>] [DRY_RUN=1]
  (FROM: beginning | an offset | an RFC 3339 time | -1h;  TO: now | an offset | a time; see docs/replay.md)"
if [[ -z "$TOPIC" || -z "$FROM" || -z "$TO" ]]; then
  printf '%s\n' "$usage" >&2
  exit 2
fi
[[ "$TARGET" == "replay" || "$TARGET" == "live" ]] || { printf "TARGET '%s' is neither replay nor live\n%s\n" "$TARGET" "$usage" >&2; exit 2; }

PYTHON="${PYTHON:-python3}"
kubectl_command
K=("${KUBE[@]}" -n "$NAMESPACE")
job="$("$PYTHON" -c 'import sys; sys.path.insert(0, sys.argv[1]); import replay_job; print(replay_job.job_name(sys.argv[2]))' \
  "$REPO_ROOT/deploy/scripts" "$RUN")"
build=("$PYTHON" deploy/scripts/replay_job.py --deployment - "--topics=$TOPIC" "--from=$FROM" "--to=$TO" "--target=$TARGET" "--run=$RUN")

step "Replay run $RUN on the cluster: $TOPIC [$FROM, $TO) → ${TARGET} (Job $job)"
need_tool kubectl "to create the Job"
if is_dry_run; then
  info "the Job, built from the replay Deployment of the overlay $OVERLAY (on the cluster: from the deployed one):"
  if have kubectl && kubectl kustomize "deploy/k8s/overlays/$OVERLAY" >/dev/null 2>&1; then
    kubectl kustomize "deploy/k8s/overlays/$OVERLAY" | "${build[@]}" | sed 's/^/      /'
  else
    info "(kubectl with kustomize is not installed here: the Job is not shown)"
  fi
fi
run_sh "$(quote_args "${K[@]}" get deployment replay -o yaml) | $(quote_args "${build[@]}") | $(quote_args "${K[@]}" create -f -)"

step "Its progress (the replay's log)"
run "${K[@]}" logs -f "job/$job" --pod-running-timeout=5m

step "Its outcome"
if is_dry_run; then
  run "${K[@]}" wait --for=condition=complete "job/$job" --timeout="$REPLAY_TIMEOUT"
  exit 0
fi
if "${K[@]}" wait --for=condition=complete "job/$job" --timeout="$REPLAY_TIMEOUT"; then
  info "replay run $RUN complete; its topics: replay.$RUN.* (TARGET=replay) — the Job is kept 7 days for its log"
else
  "${K[@]}" get "job/$job" -o wide || true
  die "replay run $RUN did not complete (kubectl -n $NAMESPACE logs job/$job; describe job/$job)"
fi
