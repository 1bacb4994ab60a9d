#!/usr/bin/env bash
# Creates every topic of the topic catalogue (schemas/topics.yaml, mounted as $1) on the Redpanda
# cluster with `rpk`, with the catalogue's partitions, retention and cleanup policy. A topic that
# already exists gets its retention and cleanup policy re-applied; its partition count is never
# changed here (adding partitions moves keys to other partitions: a deliberate, manual step).
#
# The Redpanda image has no YAML tool, so the catalogue is read with awk. The catalogue's shape is
# fixed (see its header); `make validate` runs this script against the real catalogue with a
# recording stand-in for rpk and checks that every topic is created with its settings.
#
# Environment: RPK_BROKERS (rpk's own), TOPIC_REPLICATION_FACTOR (overrides the catalogue's
# default, e.g. 3 on a three-broker cluster), WAIT_ATTEMPTS (broker wait, 5 s each).
set -euo pipefail

catalogue="${1:?usage: create-topics.sh <topics.yaml>}"

# One line per topic: name partitions retention_ms cleanup_policy; the defaults' replication
# factor on a line of its own, prefixed "rf".
parse_catalogue() {
  awk '
    function val(line) { sub(/^[^:]*:[ \t]*/, "", line); sub(/[ \t]+#.*$/, "", line); gsub(/["\047]/, "", line); return line }
    function flush() { if (name != "") print name, partitions, retention, cleanup; name = ""; partitions = ""; retention = ""; cleanup = "" }
    /^[ \t]*#/ { next }
    /^defaults:/ { section = "defaults"; next }
    /^topics:/ { section = "topics"; next }
    section == "defaults" && /^[ \t]+replication_factor:/ { print "rf", val($0); next }
    section == "topics" && /^[ \t]*- name:/ { flush(); name = val($0); next }
    section == "topics" && /^[ \t]+partitions:/ { partitions = val($0); next }
    section == "topics" && /^[ \t]+retention_ms:/ { retention = val($0); next }
    section == "topics" && /^[ \t]+cleanup_policy:/ { cleanup = val($0); next }
    END { flush() }
  ' "$catalogue"
}

catalogue_rf=1
declare -a topics=()
while read -r first rest; do
  if [[ "$first" == "rf" ]]; then
    catalogue_rf="$rest"
  else
    topics+=("$first $rest")
  fi
done < <(parse_catalogue)
rf="${TOPIC_REPLICATION_FACTOR:-$catalogue_rf}"

if [[ ${#topics[@]} -eq 0 ]]; then
  echo "no topics found in $catalogue" >&2
  exit 1
fi

attempts="${WAIT_ATTEMPTS:-60}"
until rpk cluster info >/dev/null 2>&1; do
  attempts=$((attempts - 1))
  if [[ $attempts -le 0 ]]; then
    echo "Redpanda at ${RPK_BROKERS:-localhost:9092} did not answer" >&2
    exit 1
  fi
  echo "waiting for Redpanda at ${RPK_BROKERS:-localhost:9092}"
  sleep 5
done

existing="$(rpk topic list | awk 'NR > 1 { print $1, $2 }')"

for topic in "${topics[@]}"; do
  read -r name partitions retention cleanup <<<"$topic"
  if [[ -z "$name" || -z "$partitions" || -z "$retention" || -z "$cleanup" ]]; then
    echo "incomplete catalogue entry: '$topic'" >&2
    exit 1
  fi
  current_partitions="$(awk -v t="$name" '$1 == t { print $2 }' <<<"$existing")"
  if [[ -z "$current_partitions" ]]; then
    echo "create $name: partitions=$partitions replicas=$rf retention.ms=$retention cleanup.policy=$cleanup"
    rpk topic create "$name" --partitions "$partitions" --replicas "$rf" \
      --topic-config "retention.ms=$retention" --topic-config "cleanup.policy=$cleanup"
  else
    echo "reconcile $name: retention.ms=$retention cleanup.policy=$cleanup"
    rpk topic alter-config "$name" --set "retention.ms=$retention" --set "cleanup.policy=$cleanup"
    if [[ "$current_partitions" != "$partitions" ]]; then
      echo "WARNING: $name has $current_partitions partitions, the catalogue says $partitions; not changed" >&2
    fi
  fi
done
echo "topics: ${#topics[@]} in the catalogue, all present"
