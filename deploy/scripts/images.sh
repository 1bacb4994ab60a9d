#!/usr/bin/env bash
# make images: builds one container image per route group with Quarkus container-image Jib (no
# Docker daemon) and pushes it to REGISTRY/IMAGE_GROUP/<route group>:IMAGE_TAG.
# The image settings live here, passed as -D options, so that the modules carry only the extension
# (io.quarkus:quarkus-container-image-jib):
#   base image  registry.access.redhat.com/ubi9/openjdk-17-runtime (pinned), user 185 (non-root);
#   JVM         container-aware heap (-XX:MaxRAMPercentage=75, the same as JAVA_MAX_MEM_RATIO=75
#               in the ConfigMap for the image's run-java.sh), exit on OutOfMemoryError.
# Registry credentials: QUARKUS_CONTAINER_IMAGE_USERNAME/PASSWORD from the environment (CI), else
# REGISTRY_USER/REGISTRY_PASSWORD of deploy/secrets/secrets.env.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

BASE_JVM_IMAGE="${BASE_JVM_IMAGE:-registry.access.redhat.com/ubi9/openjdk-17-runtime:1.23}"
PUSH="${PUSH:-true}"
MVN="${MVN:-./mvnw}"
MODULES="${MODULES:-routes/near-intents/ingest,routes/near-intents/normalize,routes/reactor,routes/near-intents/execute,routes/trade-results,routes/replay,routes/binance/ingest,routes/binance/normalize}"

registry="$(image_registry)"
group="$(setting IMAGE_GROUP unrip)"
tag="$(image_tag)"

step "Images $registry/$group/<route group>:$tag (push=$PUSH)"
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
run "$MVN" -B -ntp package -DskipTests -pl "$MODULES" -am \
  -Dquarkus.container-image.build=true \
  -Dquarkus.container-image.push="$PUSH" \
  -Dquarkus.container-image.registry="$registry" \
  -Dquarkus.container-image.group="$group" \
  -Dquarkus.container-image.tag="$tag" \
  -Dquarkus.jib.base-jvm-image="$BASE_JVM_IMAGE" \
  -Dquarkus.jib.user=185 \
  -Dquarkus.jib.jvm-additional-arguments=-XX:MaxRAMPercentage=75.0,-XX:+ExitOnOutOfMemoryError,-Djava.io.tmpdir=/tmp
