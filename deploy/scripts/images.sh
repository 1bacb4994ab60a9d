#!/usr/bin/env bash
# make images: one container image per route group and per simulator (deploy/images.env), built
# with Quarkus container-image Jib (no Docker daemon) and pushed to
# REGISTRY/IMAGE_GROUP/<quarkus.application.name>:IMAGE_TAG (tag: the commit).
#   REGISTRY    any registry host; unset or `local`: a registry on 127.0.0.1 that this starts
#               (deploy/scripts/local-registry.sh), for offline machines and make images-smoke.
#   credentials QUARKUS_CONTAINER_IMAGE_USERNAME/PASSWORD from the environment (CI), else
#               REGISTRY_USER/REGISTRY_PASSWORD of deploy/secrets/secrets.env.
#   base image  BASE_JVM_IMAGE; unset: the pinned UBI OpenJDK 17 runtime where it can be pulled,
#               else a Debian JRE 17 built offline (deploy/scripts/base-image.sh, as tar://);
#               BASE_JVM_IMAGE=debian forces the Debian one.
#   JVM         container-aware heap (-XX:MaxRAMPercentage=75, the same as JAVA_MAX_MEM_RATIO=75
#               in the ConfigMap for the UBI image's run-java.sh), exit on OutOfMemoryError.
# The modules carry only the extension (io.quarkus:quarkus-container-image-jib); every image
# setting is here. Prints the images it pushed, with their digests.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

IMAGES_ENV="$REPO_ROOT/deploy/images.env"
PUSH="${PUSH:-true}"
MVN="${MVN:-./mvnw}"
MODULES="${MODULES:-$(env_get "$IMAGES_ENV" IMAGE_MODULES)}"
USER_ID="$(env_get "$IMAGES_ENV" IMAGE_USER)"
group="$(setting IMAGE_GROUP "$(env_get "$IMAGES_ENV" IMAGE_GROUP)")"
tag="$(image_tag)"

registry="$(setting REGISTRY local)"
insecure=false
if [[ "$registry" == "local" ]]; then
  if is_dry_run; then registry="127.0.0.1:${UNRIP_REGISTRY_PORT:-5555}"; else registry="$("$(dirname "$0")/local-registry.sh" start)"; fi
fi
[[ "$registry" == 127.0.0.1:* || "$registry" == localhost:* ]] && insecure=true

base="${BASE_JVM_IMAGE:-}"
ubi="$(env_get "$IMAGES_ENV" UBI_BASE_IMAGE)"
if [[ -z "$base" ]]; then
  # Any HTTP answer of the registry's API root (200, or 401 asking for a token) means it is reachable.
  if [[ "$(curl -s -m 10 -o /dev/null -w '%{http_code}' "https://${ubi%%/*}/v2/" 2>/dev/null || true)" != 000 ]]; then
    base="$ubi"
  else
    info "${ubi%%/*} cannot be reached: the base is a Debian JRE 17 built here (deploy/scripts/base-image.sh)"
    base=debian
  fi
fi
if [[ "$base" == "debian" ]]; then
  if is_dry_run; then base="tar://<.state/images/base/jre-17-bookworm-<hash>.tar>"; else base="tar://$("$(dirname "$0")/base-image.sh" | tail -1)"; fi
fi

step "Images $registry/$group/<name>:$tag (push=$PUSH), base $base"
if ! grep -rqs --include=pom.xml "quarkus-container-image-jib" "$REPO_ROOT/routes"; then
  msg="no module depends on io.quarkus:quarkus-container-image-jib (routes/common/pom.xml should carry it)"
  if is_dry_run; then info "(dry run: $msg)"; else die "$msg"; fi
fi

if [[ -z "${QUARKUS_CONTAINER_IMAGE_USERNAME:-}" ]]; then
  user="$(env_get "$SECRETS_FILE" REGISTRY_USER)"
  if [[ -n "$user" ]]; then
    export QUARKUS_CONTAINER_IMAGE_USERNAME="$user"
    QUARKUS_CONTAINER_IMAGE_PASSWORD="$(env_get "$SECRETS_FILE" REGISTRY_PASSWORD)"
    export QUARKUS_CONTAINER_IMAGE_PASSWORD
  fi
fi

cd "$REPO_ROOT"
start=$(date +%s)
run "$MVN" -B -ntp ${MAVEN_OFFLINE:+-o} -q package -DskipTests -pl "$MODULES" -am \
  -Dquarkus.container-image.build=true \
  -Dquarkus.container-image.push="$PUSH" \
  -Dquarkus.container-image.registry="$registry" \
  -Dquarkus.container-image.group="$group" \
  -Dquarkus.container-image.tag="$tag" \
  -Dquarkus.container-image.insecure="$insecure" \
  -Dquarkus.jib.base-jvm-image="$base" \
  -Dquarkus.jib.user="$USER_ID" \
  -Dquarkus.jib.jvm-additional-arguments=-XX:MaxRAMPercentage=75.0,-XX:+ExitOnOutOfMemoryError,-Djava.io.tmpdir=/tmp
is_dry_run && exit 0
info "built and pushed in $(( $(date +%s) - start )) s:"
IFS=',' read -r -a modules <<< "$MODULES"
for module in "${modules[@]}"; do
  name="$(sed -n 's/^quarkus\.application\.name=//p' "$module/src/main/resources/application.properties")"
  info "$registry/$group/$name:$tag"
done
if [[ "$(setting REGISTRY local)" == "local" ]]; then
  info "the local registry keeps serving them: deploy/scripts/local-registry.sh stop ends it"
fi
