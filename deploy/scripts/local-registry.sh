#!/usr/bin/env bash
# A container registry on 127.0.0.1 for offline `make images` and `make images-smoke`: Debian's
# docker-registry (the CNCF distribution registry), its storage in .state/images/registry.
#   local-registry.sh start   start it unless it answers already; prints its host:port
#   local-registry.sh stop    stop the one this script started
# Port: UNRIP_REGISTRY_PORT (5555). Plain HTTP, loopback only: clients set TLS verification off
# for 127.0.0.1 alone (quarkus.container-image.insecure, podman --tls-verify=false).
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

PORT="${UNRIP_REGISTRY_PORT:-5555}"
DIR="$REPO_ROOT/.state/images/registry"
PID="$DIR/registry.pid"
HOSTPORT="127.0.0.1:$PORT"

answers() { curl -fsS -m 2 "http://$HOSTPORT/v2/" >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    if answers; then printf '%s\n' "$HOSTPORT"; exit 0; fi
    "$(dirname "$0")/ensure-image-tools.sh" docker-registry >&2
    mkdir -p "$DIR/data"
    cat > "$DIR/config.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $DIR/data
  delete:
    enabled: true
http:
  addr: $HOSTPORT
YAML
    REGISTRY_HTTP_SECRET="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
      nohup docker-registry serve "$DIR/config.yml" > "$DIR/registry.log" 2>&1 &
    echo $! > "$PID"
    for _ in $(seq 1 40); do
      if answers; then info "local registry on $HOSTPORT (storage $DIR/data, log $DIR/registry.log)" >&2; printf '%s\n' "$HOSTPORT"; exit 0; fi
      sleep 0.25
    done
    die "the local registry did not answer on $HOSTPORT within 10 s; its log: $DIR/registry.log"
    ;;
  stop)
    if [[ -f "$PID" ]] && kill "$(cat "$PID")" 2>/dev/null; then info "local registry on $HOSTPORT stopped" >&2; fi
    rm -f "$PID"
    ;;
  *) die "usage: local-registry.sh start|stop" ;;
esac
