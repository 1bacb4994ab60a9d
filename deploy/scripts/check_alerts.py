#!/usr/bin/env python3
"""Checks the alert rules beyond what promtool checks: every alert has a severity, a summary, a
description and a runbook_url naming its runbook docs/runbooks/<alert>.md, which exists, has the
sections Meaning, Impact, Diagnosis and Mitigation and is listed in docs/runbooks/README.md; the
unit tests have, for every alert, a case where it fires and one where it stays quiet (and no test
names an alert that does not exist); the PrometheusRule of the kustomize component carries exactly
the rules file's groups. Run by deploy/scripts/validate.sh (make validate); standard library plus
PyYAML.

Usage: check_alerts.py --repo ROOT
"""

import argparse
import os
import re
import sys

import yaml

RULES = "deploy/prometheus/unrip-alerts.rules.yaml"
TESTS = "deploy/prometheus/unrip-alerts.test.yaml"
PROMETHEUS_RULE = "deploy/k8s/components/prometheus-rules/unrip-alerts.prometheusrule.yaml"
RUNBOOKS = "docs/runbooks"
SECTIONS = ("Meaning", "Impact", "Diagnosis", "Mitigation")
SEVERITIES = ("critical", "warning", "info")


def load(repo, rel):
    with open(os.path.join(repo, rel), encoding="utf-8") as f:
        return yaml.safe_load(f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    repo = ap.parse_args().repo
    failures = []
    rules = load(repo, RULES)
    alerts = {}
    for group in rules.get("groups", []):
        for rule in group.get("rules", []):
            if "alert" in rule:
                alerts[rule["alert"]] = rule

    index_path = os.path.join(repo, RUNBOOKS, "README.md")
    index = open(index_path, encoding="utf-8").read() if os.path.isfile(index_path) else ""
    if not index:
        failures.append(f"{RUNBOOKS}/README.md (the runbook index) is missing")
    for name, rule in alerts.items():
        labels = rule.get("labels") or {}
        notes = rule.get("annotations") or {}
        if labels.get("severity") not in SEVERITIES:
            failures.append(f"{name}: severity label is {labels.get('severity')!r}, not one of {SEVERITIES}")
        for key in ("summary", "description"):
            if not notes.get(key):
                failures.append(f"{name}: no {key} annotation")
        want = f"{RUNBOOKS}/{name}.md"
        if notes.get("runbook_url") != want:
            failures.append(f"{name}: runbook_url is {notes.get('runbook_url')!r}, not {want!r}")
        path = os.path.join(repo, want)
        if not os.path.isfile(path):
            failures.append(f"{name}: its runbook {want} does not exist")
        else:
            headings = re.findall(r"^## +(.+?)\s*$", open(path, encoding="utf-8").read(), re.M)
            missing = [s for s in SECTIONS if s not in headings]
            if missing:
                failures.append(f"{want}: no section(s) {', '.join('## ' + m for m in missing)}")
        if f"({name}.md)" not in index:
            failures.append(f"{RUNBOOKS}/README.md does not link {name}.md")

    firing = {name: 0 for name in alerts}
    quiet = {name: 0 for name in alerts}
    for test in load(repo, TESTS).get("tests", []):
        for case in test.get("alert_rule_test", []) or []:
            name = case.get("alertname")
            if name not in alerts:
                failures.append(f"test {test.get('name')!r} names alert {name!r}, which the rules do not have")
                continue
            if case.get("exp_alerts"):
                firing[name] += 1
            else:
                quiet[name] += 1
    for name in alerts:
        if not firing[name]:
            failures.append(f"{name}: no test case where it fires")
        if not quiet[name]:
            failures.append(f"{name}: no test case where it stays quiet")

    wrapped = load(repo, PROMETHEUS_RULE)
    if wrapped.get("kind") != "PrometheusRule" or wrapped.get("apiVersion") != "monitoring.coreos.com/v1":
        failures.append(f"{PROMETHEUS_RULE}: not a monitoring.coreos.com/v1 PrometheusRule")
    if (wrapped.get("spec") or {}).get("groups") != rules.get("groups"):
        failures.append(f"{PROMETHEUS_RULE}: its groups are not those of {RULES} (run: make deploy-sync)")

    for f in failures:
        print(f"FAIL: {f}")
    print(f"alert checks: {len(alerts)} alerts, {sum(firing.values())} firing and {sum(quiet.values())} quiet"
          f" test cases, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
