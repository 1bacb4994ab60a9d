#!/usr/bin/env python3
"""Builds the Kubernetes Job of one replay run from the replay Deployment (make replay-job).

A replay run reads its window and exits, so on a cluster it is a Job (restartPolicy Never), not a
Deployment, which would restart the finished pod. The Job takes everything else from the replay
Deployment as deployed or rendered (image, ConfigMaps, security context, resources, labels the
NetworkPolicies select on), so it cannot drift from it; only the run's settings are added:
REPLAY_TOPICS, REPLAY_FROM, REPLAY_TO, REPLAY_TARGET, REPLAY_RUN_ID (docs/replay.md). The replay
application itself checks them and refuses a bad one with its usage text, in the Job's log.

Usage:
  replay_job.py --deployment FILE|- --topics T --from F --to T [--target replay|live] --run ID
FILE holds the Deployment (kubectl get -o yaml) or a whole rendered overlay (kubectl kustomize).
Standard library plus PyYAML.
"""

import argparse
import copy
import re
import sys

import yaml

DEPLOYMENT = "replay"
RUN_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,47}")
# Kept after the run for its logs and status, then garbage-collected by Kubernetes.
TTL_AFTER_FINISHED_S = 7 * 24 * 3600


def replay_deployment(docs):
    for d in docs:
        if d and d.get("kind") == "Deployment" and d.get("metadata", {}).get("name") == DEPLOYMENT:
            return d
    raise ValueError(f"no Deployment/{DEPLOYMENT} in the input")


def job_name(run):
    return "replay-" + run.replace("_", "-").strip("-")


def replay_job(deployment, topics, start, end, target, run):
    """The Job of one run; raises ValueError on a setting that cannot name a Job."""
    if not RUN_ID.fullmatch(run or ""):
        raise ValueError(f"RUN '{run}' is not a run id: 1 to 48 of a-z, 0-9, '_' and '-', starting with a letter or digit")
    for name, value in (("TOPIC", topics), ("FROM", start), ("TO", end)):
        if not value:
            raise ValueError(f"{name} is required")
    template = copy.deepcopy(deployment["spec"]["template"])
    labels = template.setdefault("metadata", {}).setdefault("labels", {})
    labels["unrip.dev/replay-run"] = run
    pod = template["spec"]
    pod["restartPolicy"] = "Never"
    container = next(c for c in pod["containers"] if c.get("name") == DEPLOYMENT)
    # Nothing routes traffic to a run; readiness would only add noise. Liveness stays.
    container.pop("readinessProbe", None)
    env = [e for e in container.get("env", []) if not e.get("name", "").startswith("REPLAY_")]
    for name, value in (("REPLAY_TOPICS", topics), ("REPLAY_FROM", start), ("REPLAY_TO", end),
                        ("REPLAY_TARGET", target or "replay"), ("REPLAY_RUN_ID", run)):
        env.append({"name": name, "value": value})
    container["env"] = env
    metadata = deployment.get("metadata", {})
    job_labels = dict(metadata.get("labels", {}))
    job_labels["unrip.dev/replay-run"] = run
    job = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": job_name(run), "labels": job_labels},
        "spec": {
            # A failed run is not retried by itself: with its run id the second attempt would be
            # refused (its topics exist); start a new run instead.
            "backoffLimit": 0,
            "ttlSecondsAfterFinished": TTL_AFTER_FINISHED_S,
            "template": template,
        },
    }
    if metadata.get("namespace"):
        job["metadata"]["namespace"] = metadata["namespace"]
    return job


def main():
    ap = argparse.ArgumentParser(description="The Kubernetes Job of one replay run")
    ap.add_argument("--deployment", required=True, help="file with the replay Deployment, or - for stdin")
    ap.add_argument("--topics", required=True)
    ap.add_argument("--from", dest="start", required=True)
    ap.add_argument("--to", dest="end", required=True)
    ap.add_argument("--target", default="replay")
    ap.add_argument("--run", required=True)
    args = ap.parse_args()
    source = sys.stdin if args.deployment == "-" else open(args.deployment, encoding="utf-8")
    with source:
        docs = list(yaml.safe_load_all(source))
    try:
        job = replay_job(replay_deployment(docs), args.topics, args.start, args.end, args.target, args.run)
    except (ValueError, KeyError, StopIteration) as e:
        print(f"ERROR: {e}", file=sys.stderr)
        return 2
    yaml.safe_dump(job, sys.stdout, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
