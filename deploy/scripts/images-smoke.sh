#!/usr/bin/env bash
# make images-smoke: every route group's image and the simulators', run with podman (runc) on the
# host network against a private stack's broker and database (make run's infrastructure):
#   1. make images (REGISTRY unset: the local registry on 127.0.0.1; offline, a Debian JRE base);
#   2. the stack with every service from its image (tools/local-stack ImagesSmoke): each /q/health
#      UP, a stream of quotes giving exactly one result per command, a replay run in its image;
#   3. cleanup: the containers, the images pulled into podman's storage (KEEP_IMAGES=1 keeps
#      them) and the local registry if this started it.
# Installs podman, runc and the image tools when missing (root). Report: .state/images-smoke/report.md
# Settings: STACK_CMD (the local stack's java command line, from the Makefile), SKIP_BUILD=1 (use
# the images of IMAGE_TAG already in the registry).
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

[[ -n "${STACK_CMD:-}" ]] || die "STACK_CMD is not set: run this through \`make images-smoke\`"
"$(dirname "$0")/ensure-image-tools.sh" podman >&2

registry="$(setting REGISTRY local)"
started_registry=0
if [[ "$registry" == "local" ]]; then
  if ! curl -fsS -m 2 "http://127.0.0.1:${UNRIP_REGISTRY_PORT:-5555}/v2/" >/dev/null 2>&1; then started_registry=1; fi
  registry="$("$(dirname "$0")/local-registry.sh" start)"
fi
group="$(setting IMAGE_GROUP "$(env_get "$REPO_ROOT/deploy/images.env" IMAGE_GROUP)")"
tag="$(image_tag)"
images="$registry/$group/{name}:$tag"

cleanup() {
  local ids
  ids="$(podman ps -aq --filter label=dev.unrip.stack=local 2>/dev/null || true)"
  if [[ -n "$ids" ]]; then
    # shellcheck disable=SC2086
    podman rm -f -t 5 $ids >/dev/null 2>&1 || true
  fi
  if [[ "${KEEP_IMAGES:-0}" != "1" ]]; then
    podman images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -F "$registry/$group/" \
      | xargs -r podman rmi -f >/dev/null 2>&1 || true
  fi
  if [[ "$started_registry" == "1" ]]; then "$(dirname "$0")/local-registry.sh" stop; fi
}
trap cleanup EXIT

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  REGISTRY="$registry" "$(dirname "$0")/images.sh"
fi

step "Smoke: every service from $images, against a private stack"
cd "$REPO_ROOT"
UNRIP_SERVICE_IMAGES="$images" bash -c "$STACK_CMD images-smoke"
