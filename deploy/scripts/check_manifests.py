#!/usr/bin/env python3
"""Checks the rendered deployment manifests (the output of `kubectl kustomize`) for what the
deployment promises: every workload probed, limited and non-root; the executor with two replicas
or more in every rendering, rolled without ever being down (RollingUpdate, maxUnavailable 0) and
guarded by a PodDisruptionBudget, and the NEAR ingest the same; the Binance market
data's groups never below their desired count in a rollout; the executor without a volume (its state is
in PostgreSQL); no secret value in git; every catalogue topic created by the topic Job; the
NetworkPolicies the flow needs; CI's deployer allowed to apply every kind the overlays hold. Run by
deploy/scripts/validate.sh (make validate); standard library plus PyYAML.

Usage:
  check_manifests.py --repo ROOT --rendered base=FILE --rendered hetzner-single-node=FILE
                     [--rendered staging-offline=FILE] [--rendered prometheus-rules=FILE]
                     [--rendered grafana-dashboard=FILE] [--rendered camel-k=FILE]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

import replay_job

NAMESPACE = "unrip"
EXECUTOR = "near-intents-execute"
INGEST = "near-intents-ingest"
# Route groups that must never be down all at once: a gap in the executor or in the relay
# subscription loses quotes (answered within about 3 s or never). Each runs at least two replicas
# in every rendering, rolls with maxUnavailable 0 and has a PodDisruptionBudget. Two ingests are
# two observers: their demands share the id derived from the quote_id (docs/contracts.md, "Ids").
ALWAYS_UP = (EXECUTOR, INGEST)
# The reference market's books: a rollout of either group that dropped below the desired count
# would leave the reactor's books older than its bound (2 s), and it quotes nothing on them
# (stale_book). Both roll with maxUnavailable 0 and maxSurge >= 1, in every rendering and in Camel
# K's deployment trait; their replica count is the overlay's (duplicate frames are harmless).
NO_ROLLOUT_GAP = ("binance-ingest", "binance-normalize")
MIN_REPLICAS = 2
# The executor once had a state volume here that nothing read; its state is in PostgreSQL.
OLD_EXECUTOR_STATE = ("/var/lib/unrip/executor-state", "near-intents-execute-state", "EXECUTOR_STATE_DIR")
# What CI's identity (deploy/forgejo/ci-deployer/role.yaml) must be allowed to create and patch to
# apply an overlay: kind -> (API group, resource). The Namespace exists before (bootstrap).
DEPLOYER_ROLE = "deploy/forgejo/ci-deployer/role.yaml"
KIND_RESOURCES = {
    "ConfigMap": ("", "configmaps"),
    "Service": ("", "services"),
    "ServiceAccount": ("", "serviceaccounts"),
    "PersistentVolumeClaim": ("", "persistentvolumeclaims"),
    "Deployment": ("apps", "deployments"),
    "StatefulSet": ("apps", "statefulsets"),
    "Job": ("batch", "jobs"),
    "NetworkPolicy": ("networking.k8s.io", "networkpolicies"),
    "PodDisruptionBudget": ("policy", "poddisruptionbudgets"),
}
# Quarkus shutdown timeout (routes/common) and the margin the JVM needs to exit after it.
SHUTDOWN_TIMEOUT_S = 20
ROUTE_GROUPS = {
    "near-intents-ingest": 8081,
    "near-intents-normalize": 8082,
    "reactor": 8083,
    "near-intents-execute": 8084,
    "trade-results": 8085,
    "replay": 8086,
    "binance-ingest": 8087,
    "binance-normalize": 8088,
}
# The staging overlay's stand-ins for the venues, checked like route groups there.
SIMULATORS = {"relay-simulator": 8090, "market-simulator": 8091}
# The reference market's port (wss://stream.binance.com:9443): the market-data clients' egress opens it.
MARKET_DATA_PORT = 9443
# Which route groups may reach what (pod labels the NetworkPolicies select on).
ROLE_LABELS = {
    "unrip.dev/kafka-client": set(ROUTE_GROUPS),
    "unrip.dev/postgres-client": {"near-intents-execute", "trade-results"},
    "unrip.dev/relay-client": {"near-intents-ingest", "near-intents-execute"},
    "unrip.dev/market-data-client": {"binance-ingest"},
}
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "Job")


class Report:
    def __init__(self):
        self.failures = []
        self.passes = 0

    def check(self, ok, what):
        if ok:
            self.passes += 1
        else:
            self.failures.append(what)
        return ok


def load_docs(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def name_of(doc):
    return doc.get("metadata", {}).get("name", "?")


def by_kind(docs, kind):
    return [d for d in docs if d.get("kind") == kind]


def find(docs, kind, name):
    for d in docs:
        if d.get("kind") == kind and name_of(d) == name:
            return d
    return None


def pod_spec(doc):
    return doc.get("spec", {}).get("template", {}).get("spec", {})


def pod_labels(doc):
    return doc.get("spec", {}).get("template", {}).get("metadata", {}).get("labels", {}) or {}


def configmap_by_prefix(docs, prefix):
    """A generated ConfigMap carries a hash suffix: name-<hash>."""
    for d in by_kind(docs, "ConfigMap"):
        n = name_of(d)
        if n == prefix or re.fullmatch(re.escape(prefix) + r"-[a-z0-9]{10}", n):
            return d
    return None


# ---------------------------------------------------------------------------------------------
# Workloads


def check_container_hardening(r, where, pod, container):
    psc = pod.get("securityContext", {}) or {}
    csc = container.get("securityContext", {}) or {}
    non_root = csc.get("runAsNonRoot", psc.get("runAsNonRoot")) is True
    uid = csc.get("runAsUser", psc.get("runAsUser"))
    r.check(non_root, f"{where}: runAsNonRoot is not true")
    r.check(uid is None or uid != 0, f"{where}: runs as uid 0")
    r.check(csc.get("allowPrivilegeEscalation") is False, f"{where}: allowPrivilegeEscalation is not false")
    r.check(csc.get("readOnlyRootFilesystem") is True, f"{where}: readOnlyRootFilesystem is not true")
    r.check(csc.get("privileged") in (None, False), f"{where}: privileged")
    drops = (csc.get("capabilities", {}) or {}).get("drop", []) or []
    r.check("ALL" in drops, f"{where}: capabilities do not drop ALL")
    r.check(not (csc.get("capabilities", {}) or {}).get("add"), f"{where}: adds capabilities")
    seccomp = (csc.get("seccompProfile") or psc.get("seccompProfile") or {}).get("type")
    r.check(seccomp in ("RuntimeDefault", "Localhost"), f"{where}: no RuntimeDefault seccomp profile")


def check_resources(r, where, container):
    res = container.get("resources", {}) or {}
    limits, requests = res.get("limits", {}) or {}, res.get("requests", {}) or {}
    r.check("cpu" in limits and "memory" in limits, f"{where}: no cpu and memory limits")
    r.check("cpu" in requests and "memory" in requests, f"{where}: no cpu and memory requests")


def tmp_is_emptydir(pod, container):
    volumes = {v.get("name"): v for v in pod.get("volumes", []) or []}
    for m in container.get("volumeMounts", []) or []:
        if m.get("mountPath") == "/tmp":
            return "emptyDir" in volumes.get(m.get("name"), {})
    return False


def check_workloads(r, label, docs):
    for doc in docs:
        kind = doc.get("kind")
        if kind not in WORKLOAD_KINDS:
            continue
        pod = pod_spec(doc)
        r.check(pod.get("automountServiceAccountToken") is False,
                f"[{label}] {kind}/{name_of(doc)}: mounts a service account token")
        r.check(not pod.get("hostNetwork") and not pod.get("hostPID") and not pod.get("hostIPC"),
                f"[{label}] {kind}/{name_of(doc)}: uses a host namespace")
        for v in pod.get("volumes", []) or []:
            r.check("hostPath" not in v, f"[{label}] {kind}/{name_of(doc)}: hostPath volume {v.get('name')}")
        for c in (pod.get("initContainers", []) or []) + (pod.get("containers", []) or []):
            where = f"[{label}] {kind}/{name_of(doc)} container {c.get('name')}"
            check_container_hardening(r, where, pod, c)
            check_resources(r, where, c)
        for c in pod.get("containers", []) or []:
            where = f"[{label}] {kind}/{name_of(doc)} container {c.get('name')}"
            if kind != "Job":
                r.check("livenessProbe" in c, f"{where}: no livenessProbe")
                r.check("readinessProbe" in c, f"{where}: no readinessProbe")
            r.check(tmp_is_emptydir(pod, c), f"{where}: /tmp is not an emptyDir")


def http_probe_path(container, probe):
    return ((container.get(probe) or {}).get("httpGet") or {}).get("path")


def check_route_group(r, label, doc, port):
    n = name_of(doc)
    where = f"[{label}] Deployment/{n}"
    pod = pod_spec(doc)
    c = (pod.get("containers") or [{}])[0]
    r.check(http_probe_path(c, "livenessProbe") == "/q/health/live", f"{where}: liveness is not /q/health/live")
    r.check(http_probe_path(c, "readinessProbe") == "/q/health/ready", f"{where}: readiness is not /q/health/ready")
    ports = {p.get("name"): p.get("containerPort") for p in c.get("ports", []) or []}
    r.check(ports.get("http") == port, f"{where}: container port http is not {port}")
    env = {e.get("name"): e.get("value") for e in c.get("env", []) or []}
    r.check(env.get("QUARKUS_HTTP_PORT") == str(port), f"{where}: QUARKUS_HTTP_PORT is not {port}")
    ann = doc["spec"]["template"].get("metadata", {}).get("annotations", {}) or {}
    r.check(ann.get("prometheus.io/scrape") == "true", f"{where}: no prometheus.io/scrape annotation")
    r.check(ann.get("prometheus.io/port") == str(port), f"{where}: prometheus.io/port is not {port}")
    r.check(ann.get("prometheus.io/path") == "/q/metrics", f"{where}: prometheus.io/path is not /q/metrics")
    grace = pod.get("terminationGracePeriodSeconds", 30)
    r.check(grace >= SHUTDOWN_TIMEOUT_S + 10,
            f"{where}: terminationGracePeriodSeconds {grace} < shutdown timeout {SHUTDOWN_TIMEOUT_S} s + 10 s")
    r.check(c.get("image", "").endswith(n) or ("/" + n + ":") in c.get("image", ""),
            f"{where}: image {c.get('image')} is not the {n} image")


def selects(selector, labels):
    """Whether a label selector (matchLabels and matchExpressions) selects pods with these labels.
    An empty or missing selector selects nothing here (a PDB must name its pods)."""
    selector = selector or {}
    match, exprs = selector.get("matchLabels") or {}, selector.get("matchExpressions") or []
    if not match and not exprs:
        return False
    if any(labels.get(k) != v for k, v in match.items()):
        return False
    for e in exprs:
        key, op, values = e.get("key"), e.get("operator"), e.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def count_of(value, replicas):
    """A PDB's or a rollout's int-or-percent as a number of pods (percent rounded up, as the
    disruption controller does for minAvailable)."""
    text = str(value).strip()
    if text.endswith("%"):
        return -(-int(text[:-1]) * replicas // 100)
    return int(text)


def budget_ok(min_available, max_unavailable, replicas):
    """The budget keeps at least one pod through an eviction and still lets one go (a budget
    that allows no eviction at all blocks every drain)."""
    if min_available is not None:
        return 1 <= count_of(min_available, replicas) <= replicas - 1
    if max_unavailable is not None:
        return 1 <= count_of(max_unavailable, replicas) <= replicas - 1
    return False


def check_rollout(r, where, replicas, strategy, max_surge, max_unavailable, strategy_name, surge_name, unavailable_name):
    """At least two replicas, rolled one at a time without ever dropping below the desired count:
    the same rule for a Deployment and for Camel K's deployment trait (the names differ)."""
    r.check(replicas >= MIN_REPLICAS, f"{where}: {replicas} replica(s), want at least {MIN_REPLICAS}")
    check_no_gap(r, where, replicas, strategy, max_surge, max_unavailable, strategy_name, surge_name, unavailable_name)


def check_no_gap(r, where, replicas, strategy, max_surge, max_unavailable, strategy_name, surge_name, unavailable_name):
    """A rollout that never drops below the desired count: a new pod is ready before an old one stops."""
    r.check(strategy == "RollingUpdate", f"{where}: {strategy_name} {strategy!r}, want an explicit RollingUpdate")
    r.check(str(max_unavailable) in ("0", "0%"),
            f"{where}: {unavailable_name} {max_unavailable!r}, want 0 (never fewer than the desired pods)")
    r.check(max_surge is not None and count_of(max_surge, replicas) >= 1,
            f"{where}: {surge_name} {max_surge!r}, want at least 1 (with maxUnavailable 0)")


def check_always_up(r, label, docs):
    """The executor and the ingest: at least two replicas, rolled one at a time without ever
    dropping below the desired count, and a PodDisruptionBudget selecting their pods."""
    pdbs = by_kind(docs, "PodDisruptionBudget")
    for n in ALWAYS_UP:
        dep = find(docs, "Deployment", n)
        if not r.check(dep is not None, f"[{label}] no Deployment/{n}"):
            continue
        where = f"[{label}] Deployment/{n}"
        replicas = dep["spec"].get("replicas", 1)
        strategy = dep["spec"].get("strategy") or {}
        rolling = strategy.get("rollingUpdate") or {}
        check_rollout(r, where, replicas, strategy.get("type"), rolling.get("maxSurge"), rolling.get("maxUnavailable"),
                      "rollout strategy", "rollingUpdate.maxSurge", "rollingUpdate.maxUnavailable")
        labels = pod_labels(dep)
        mine = [p for p in pdbs if selects((p.get("spec") or {}).get("selector"), labels)]
        if r.check(len(mine) == 1, f"[{label}] {len(mine)} PodDisruptionBudgets select the pods of {n}, want one"):
            spec = mine[0].get("spec") or {}
            r.check(budget_ok(spec.get("minAvailable"), spec.get("maxUnavailable"), replicas),
                    f"[{label}] PodDisruptionBudget/{name_of(mine[0])}: minAvailable {spec.get('minAvailable')!r} / "
                    f"maxUnavailable {spec.get('maxUnavailable')!r} does not keep one of {replicas} pods up while letting one go")
    workloads = by_kind(docs, "Deployment") + by_kind(docs, "StatefulSet")
    for p in pdbs:
        r.check(any(selects((p.get("spec") or {}).get("selector"), pod_labels(w)) for w in workloads),
                f"[{label}] PodDisruptionBudget/{name_of(p)} selects no workload's pods")


def check_no_rollout_gap(r, label, docs):
    """The Binance market data's groups: RollingUpdate, maxUnavailable 0, maxSurge at least 1."""
    for n in NO_ROLLOUT_GAP:
        dep = find(docs, "Deployment", n)
        if not r.check(dep is not None, f"[{label}] no Deployment/{n}"):
            continue
        strategy = dep["spec"].get("strategy") or {}
        rolling = strategy.get("rollingUpdate") or {}
        check_no_gap(r, f"[{label}] Deployment/{n}", dep["spec"].get("replicas", 1), strategy.get("type"),
                     rolling.get("maxSurge"), rolling.get("maxUnavailable"),
                     "rollout strategy", "rollingUpdate.maxSurge", "rollingUpdate.maxUnavailable")


def check_executor(r, label, docs):
    """No state volume: the executor's state is in PostgreSQL, so a second executor needs nothing
    a first one holds, and nothing pins it to a node."""
    dep = find(docs, "Deployment", EXECUTOR)
    if not r.check(dep is not None, f"[{label}] no Deployment/{EXECUTOR}"):
        return
    pod = pod_spec(dep)
    for v in pod.get("volumes", []) or []:
        r.check(set(v) <= {"name", "emptyDir"},
                f"[{label}] {EXECUTOR}: volume {v.get('name')} is not an emptyDir (its state is in PostgreSQL)")
    for c in (pod.get("initContainers", []) or []) + (pod.get("containers", []) or []):
        for m in c.get("volumeMounts", []) or []:
            r.check(m.get("mountPath") == "/tmp", f"[{label}] {EXECUTOR}: mounts {m.get('mountPath')} (only /tmp is wanted)")
    check_no_executor_state(r, label, docs)


def check_no_executor_state(r, label, docs):
    path, pvc, env = OLD_EXECUTOR_STATE
    r.check(find(docs, "PersistentVolumeClaim", pvc) is None,
            f"[{label}] PersistentVolumeClaim/{pvc} exists: nothing reads it (the executor's state is in PostgreSQL)")
    cm = configmap_by_prefix(docs, EXECUTOR)
    r.check(cm is None or env not in (cm.get("data") or {}),
            f"[{label}] ConfigMap {name_of(cm or {})} sets {env} ({path}): nothing reads it")


def check_deployer_role(r, label, docs, repo):
    """CI applies the overlay as ci-deployer: its Role must let it create and patch every kind."""
    path = os.path.join(repo, DEPLOYER_ROLE)
    if not r.check(os.path.isfile(path), f"{DEPLOYER_ROLE} missing"):
        return
    role = next((d for d in load_docs(path) if d.get("kind") == "Role"), {})
    granted = set()
    for rule in role.get("rules", []) or []:
        verbs = set(rule.get("verbs") or [])
        if {"create", "patch"} <= verbs or "*" in verbs:
            for g in rule.get("apiGroups") or []:
                for res in rule.get("resources") or []:
                    granted.add((g, res))
    for kind in sorted({d.get("kind") for d in docs} - {"Namespace"}):
        need = KIND_RESOURCES.get(kind)
        r.check(need is not None and need in granted,
                f"[{label}] {kind}: {DEPLOYER_ROLE} does not let CI create and patch it"
                + ("" if need else " (unknown kind: add it to KIND_RESOURCES)"))


# ---------------------------------------------------------------------------------------------
# Secrets


def secret_refs(docs):
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("secretKeyRef")
            if isinstance(ref, dict):
                refs.add((ref.get("name"), ref.get("key"), bool(ref.get("optional"))))
            sref = node.get("secretRef")
            if isinstance(sref, dict):
                refs.add((sref.get("name"), None, bool(sref.get("optional"))))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(docs)
    return refs


def secrets_created_by_script(repo):
    """The Secret name -> keys table of deploy/scripts/create-secrets.sh ("name:KEY1,KEY2")."""
    path = os.path.join(repo, "deploy/scripts/create-secrets.sh")
    table = {}
    with open(path, encoding="utf-8") as f:
        for m in re.finditer(r'^\s*"([a-z0-9-]+):([A-Z0-9_,]+)"', f.read(), re.M):
            table[m.group(1)] = m.group(2).split(",")
    return table


def check_secrets(r, label, docs, table):
    for s in by_kind(docs, "Secret"):
        r.check(not s.get("data") and not s.get("stringData"),
                f"[{label}] Secret/{name_of(s)} holds values in git")
    for name, key, _optional in secret_refs(docs):
        r.check(name in table, f"[{label}] Secret {name} is referenced but create-secrets.sh never creates it")
        if key is not None and name in table:
            r.check(key in table[name], f"[{label}] Secret {name} has no key {key} in create-secrets.sh")


def check_no_secret_values_in_tree(r, repo):
    """Every YAML file under deploy/ and .forgejo/: no Secret with data; the example env file
    carries no secret value."""
    for top in ("deploy", ".forgejo"):
        for root, _dirs, files in os.walk(os.path.join(repo, top)):
            for fn in files:
                if not fn.endswith((".yaml", ".yml")):
                    continue
                path = os.path.join(root, fn)
                try:
                    docs = load_docs(path)
                except yaml.YAMLError as e:
                    r.check(False, f"{os.path.relpath(path, repo)}: not valid YAML: {e}")
                    continue
                for d in docs:
                    if isinstance(d, dict) and d.get("kind") == "Secret":
                        r.check(not d.get("data") and not d.get("stringData"),
                                f"{os.path.relpath(path, repo)}: Secret/{name_of(d)} holds values in git")
    example = os.path.join(repo, "deploy/secrets/secrets.env.example")
    if r.check(os.path.isfile(example), "deploy/secrets/secrets.env.example missing"):
        with open(example, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^\s*([A-Z0-9_]+)=(.*)$", line)
                if m and re.search(r"(PASSWORD|TOKEN|JWT|KEY|SECRET)$", m.group(1)):
                    r.check(m.group(2).strip() == "", f"secrets.env.example: {m.group(1)} has a value")
    r.check(not os.path.exists(os.path.join(repo, "deploy/secrets/secrets.env")) or
            git_ignored(repo, "deploy/secrets/secrets.env"),
            "deploy/secrets/secrets.env exists and is not git-ignored")


def git_ignored(repo, rel):
    try:
        return subprocess.run(["git", "-C", repo, "check-ignore", "-q", rel]).returncode == 0
    except OSError:
        return True


# ---------------------------------------------------------------------------------------------
# Topics


def check_topics(r, label, docs, repo):
    with open(os.path.join(repo, "schemas/topics.yaml"), encoding="utf-8") as f:
        catalogue_text = f.read()
    catalogue = yaml.safe_load(catalogue_text)
    rf = str(catalogue.get("defaults", {}).get("replication_factor", 1))
    expected = {t["name"]: t for t in catalogue["topics"]}

    job = find(docs, "Job", "redpanda-topics")
    if not r.check(job is not None, f"[{label}] no Job/redpanda-topics"):
        return
    cm = configmap_by_prefix(docs, "redpanda-topics")
    if not r.check(cm is not None, f"[{label}] no ConfigMap redpanda-topics"):
        return
    vols = [v for v in pod_spec(job).get("volumes", []) if (v.get("configMap") or {}).get("name") == name_of(cm)]
    r.check(bool(vols), f"[{label}] Job/redpanda-topics does not mount ConfigMap {name_of(cm)}")
    data = cm.get("data", {})
    r.check(data.get("topics.yaml") == catalogue_text,
            f"[{label}] the Job's topics.yaml is not schemas/topics.yaml (run: make deploy-sync)")
    script = data.get("create-topics.sh")
    if not r.check(bool(script), f"[{label}] the Job's ConfigMap has no create-topics.sh"):
        return

    # Run the Job's own script on the Job's own catalogue, with a stand-in rpk that records calls:
    # once on an empty cluster (everything created), once with every topic present (reconciled).
    for existing in (False, True):
        calls = run_topic_script(script, data["topics.yaml"], list(expected) if existing else [])
        if calls is None:
            r.check(False, f"[{label}] create-topics.sh failed under the recording rpk")
            return
        verb = "alter-config" if existing else "create"
        seen = {}
        for args in calls:
            if args[:2] == ["topic", verb]:
                seen[args[2]] = args[3:]
        for name, t in expected.items():
            args = seen.get(name)
            if not r.check(args is not None, f"[{label}] topic {name} is not {verb}d by the Job"):
                continue
            flags = " ".join(args)
            want = [f"retention.ms={t['retention_ms']}", f"cleanup.policy={t['cleanup_policy']}"]
            if not existing:
                want += [f"--partitions {t['partitions']}", f"--replicas {rf}"]
            for w in want:
                r.check(w in flags, f"[{label}] topic {name}: the Job's rpk call lacks '{w}' ({flags})")
        extra = sorted(set(seen) - set(expected))
        r.check(not extra, f"[{label}] the Job {verb}s topics outside the catalogue: {extra}")


def run_topic_script(script, catalogue, existing):
    bash = shutil.which("bash")
    if not bash:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "create-topics.sh"), "w") as f:
            f.write(script)
        with open(os.path.join(tmp, "topics.yaml"), "w") as f:
            f.write(catalogue)
        log = os.path.join(tmp, "calls")
        listing = "NAME PARTITIONS REPLICAS\n" + "".join(f"{t} 6 1\n" for t in existing)
        with open(os.path.join(tmp, "listing"), "w") as f:
            f.write(listing)
        rpk = os.path.join(tmp, "rpk")
        with open(rpk, "w") as f:
            f.write('#!/usr/bin/env bash\n'
                    f'printf "%s\\0" "$@" >> "{log}"; printf "\\n" >> "{log}"\n'
                    f'if [[ "$1 $2" == "topic list" ]]; then cat "{tmp}/listing"; fi\n')
        os.chmod(rpk, 0o755)
        env = dict(os.environ, PATH=tmp + os.pathsep + os.environ.get("PATH", ""), WAIT_ATTEMPTS="1")
        env.pop("TOPIC_REPLICATION_FACTOR", None)
        res = subprocess.run([bash, os.path.join(tmp, "create-topics.sh"), os.path.join(tmp, "topics.yaml")],
                             env=env, capture_output=True, text=True)
        if res.returncode != 0:
            sys.stderr.write(res.stdout + res.stderr)
            return None
        calls = []
        with open(log) as f:
            for line in f.read().split("\n"):
                if line:
                    calls.append([a for a in line.split("\0") if a != ""])
        return calls


# ---------------------------------------------------------------------------------------------
# NetworkPolicies


def check_network_policies(r, label, docs):
    nps = by_kind(docs, "NetworkPolicy")
    deny = [n for n in nps if n["spec"].get("podSelector") in ({}, None)
            and set(n["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
            and not n["spec"].get("ingress") and not n["spec"].get("egress")]
    r.check(bool(deny), f"[{label}] no default-deny NetworkPolicy (all pods, Ingress and Egress)")

    def selected(np, labels):
        sel = np["spec"].get("podSelector") or {}
        return all(labels.get(k) == v for k, v in (sel.get("matchLabels") or {}).items())

    for dep in by_kind(docs, "Deployment"):
        n = name_of(dep)
        if n not in ROUTE_GROUPS:
            continue
        labels = pod_labels(dep)
        for role, allowed in ROLE_LABELS.items():
            has = labels.get(role) == "true"
            r.check(has == (n in allowed),
                    f"[{label}] Deployment/{n}: label {role} should be {'set' if n in allowed else 'absent'}")
        egress = [np for np in nps if "Egress" in np["spec"].get("policyTypes", []) and np["spec"].get("egress")
                  and selected(np, labels) and (np["spec"].get("podSelector") or {}).get("matchLabels")]
        r.check(bool(egress), f"[{label}] Deployment/{n}: no egress policy lets it reach the bus")

    for target, port in (("redpanda", 9092), ("postgres", 5432)):
        ingress = [np for np in nps if selected(np, {"app.kubernetes.io/name": target})
                   and (np["spec"].get("podSelector") or {}).get("matchLabels")
                   and "Ingress" in np["spec"].get("policyTypes", [])]
        ports = {p.get("port") for np in ingress for rule in np["spec"].get("ingress", []) for p in rule.get("ports", [])}
        r.check(port in ports, f"[{label}] no ingress policy opens {target}:{port}")
    # Every egress to public addresses (the relay clients', the market-data clients') keeps the
    # node's metadata service (169.254.169.254, which holds the server's cloud-init) out of reach.
    for np in nps:
        for rule in np["spec"].get("egress", []) or []:
            for to in rule.get("to", []) or []:
                block = to.get("ipBlock")
                if block and block.get("cidr") == "0.0.0.0/0":
                    r.check("169.254.0.0/16" in (block.get("except") or []),
                            f"[{label}] NetworkPolicy/{name_of(np)}: the metadata service range is reachable")
    for dep in by_kind(docs, "Deployment"):
        labels = pod_labels(dep)
        if labels.get("unrip.dev/market-data-client") != "true":
            continue
        public = {p.get("port") for np in nps if "Egress" in np["spec"].get("policyTypes", [])
                  and (np["spec"].get("podSelector") or {}).get("matchLabels") and selected(np, labels)
                  for rule in np["spec"].get("egress", []) or []
                  if any(to.get("ipBlock") for to in rule.get("to", []) or [])
                  for p in rule.get("ports", []) or []}
        r.check(MARKET_DATA_PORT in public,
                f"[{label}] Deployment/{name_of(dep)}: no egress policy opens {MARKET_DATA_PORT} (the reference market) to public addresses")


# ---------------------------------------------------------------------------------------------
# Sets


def check_common(r, label, docs, table, repo, expect_groups):
    for d in docs:
        if d.get("kind") in ("Namespace",):
            continue
        r.check(d.get("metadata", {}).get("namespace") == NAMESPACE,
                f"[{label}] {d.get('kind')}/{name_of(d)} is not in namespace {NAMESPACE}")
    r.check(find(docs, "Namespace", NAMESPACE) is not None, f"[{label}] no Namespace {NAMESPACE}")
    for kind, name in (("StatefulSet", "redpanda"), ("StatefulSet", "postgres"),
                       ("Service", "redpanda"), ("Service", "postgres")):
        r.check(find(docs, kind, name) is not None, f"[{label}] {kind}/{name} missing")
    pg = find(docs, "StatefulSet", "postgres")
    if pg:
        env = pg["spec"]["template"]["spec"]["containers"][0].get("env", [])
        for key in ("POSTGRES_USER", "POSTGRES_PASSWORD"):
            e = next((e for e in env if e.get("name") == key), {})
            r.check("secretKeyRef" in (e.get("valueFrom") or {}),
                    f"[{label}] postgres: {key} is not a Secret reference")
    for sts in by_kind(docs, "StatefulSet"):
        r.check(bool(sts["spec"].get("volumeClaimTemplates")), f"[{label}] StatefulSet/{name_of(sts)} has no PVC")
    check_workloads(r, label, docs)
    check_secrets(r, label, docs, table)
    check_topics(r, label, docs, repo)
    check_network_policies(r, label, docs)
    if expect_groups:
        for n, port in expect_groups.items():
            dep = find(docs, "Deployment", n)
            if r.check(dep is not None, f"[{label}] Deployment/{n} missing"):
                check_route_group(r, label, dep, port)
            r.check(find(docs, "Service", n) is not None, f"[{label}] Service/{n} missing")
        check_always_up(r, label, docs)
        check_no_rollout_gap(r, label, docs)
        check_executor(r, label, docs)


def check_replay_job(r, label, docs):
    """A replay run's Job (make replay-job), built from this rendering's replay Deployment, passes
    the same workload checks and runs to completion once."""
    dep = find(docs, "Deployment", "replay")
    if not r.check(dep is not None, f"[{label}] no Deployment/replay to build a replay Job from"):
        return
    job = replay_job.replay_job(dep, "raw.near_intents.quote", "-1h", "now", "replay", "check_1")
    check_workloads(r, label + " replay-job", [job])
    pod = pod_spec(job)
    r.check(pod.get("restartPolicy") == "Never", f"[{label}] replay Job: restartPolicy is not Never")
    r.check(job["spec"].get("backoffLimit") == 0, f"[{label}] replay Job: a failed run would be retried")
    env = {e["name"]: e.get("value") for e in pod["containers"][0].get("env", [])}
    r.check(env.get("REPLAY_RUN_ID") == "check_1" and env.get("REPLAY_TOPICS") == "raw.near_intents.quote",
            f"[{label}] replay Job: the run's settings are not in its environment: {env}")
    labels = pod_labels(job)
    r.check(labels.get("unrip.dev/kafka-client") == "true", f"[{label}] replay Job: its pod is not a Kafka client for the NetworkPolicies")


RULES_FILE = "deploy/prometheus/unrip-alerts.rules.yaml"


def check_prometheus_rule(r, label, docs, repo):
    """The alert rules' component: one PrometheusRule, in the namespace, carrying the rules file's
    groups exactly; every alert with a severity and its runbook."""
    rules = by_kind(docs, "PrometheusRule")
    if not r.check(len(rules) == 1, f"[{label}] {len(rules)} PrometheusRules, want exactly one"):
        return
    pr = rules[0]
    r.check(pr.get("apiVersion") == "monitoring.coreos.com/v1", f"[{label}] PrometheusRule: apiVersion is not monitoring.coreos.com/v1")
    with open(os.path.join(repo, RULES_FILE), encoding="utf-8") as f:
        source = yaml.safe_load(f)
    r.check((pr.get("spec") or {}).get("groups") == source.get("groups"),
            f"[{label}] PrometheusRule/{name_of(pr)}: its groups are not those of {RULES_FILE} (run: make deploy-sync)")
    for group in (pr.get("spec") or {}).get("groups", []):
        for rule in group.get("rules", []):
            if "alert" not in rule:
                continue
            where = f"[{label}] PrometheusRule/{name_of(pr)} alert {rule['alert']}"
            r.check((rule.get("labels") or {}).get("severity") in ("critical", "warning", "info"), f"{where}: no severity")
            url = (rule.get("annotations") or {}).get("runbook_url", "")
            r.check(url == f"docs/runbooks/{rule['alert']}.md" and os.path.isfile(os.path.join(repo, url)),
                    f"{where}: runbook_url {url!r} is not its runbook docs/runbooks/{rule['alert']}.md")


DASHBOARD_FILE = "deploy/grafana/unrip.dashboard.json"
DASHBOARD_CONFIGMAP = "unrip-grafana-dashboard"
# kubectl apply (client side) keeps the whole object in an annotation of at most 256 KiB.
DASHBOARD_MAX_BYTES = 200 * 1024


def dashboard_configmaps(docs):
    return [d for d in by_kind(docs, "ConfigMap")
            if (d.get("metadata", {}).get("labels") or {}).get("grafana_dashboard") is not None]


def check_grafana_dashboard(r, label, docs, repo):
    """The dashboard's component: one ConfigMap for Grafana's sidecar (label grafana_dashboard "1"),
    a stable name, carrying deploy/grafana/unrip.dashboard.json byte for byte, small enough for
    kubectl apply."""
    cms = dashboard_configmaps(docs)
    if not r.check(len(cms) == 1, f"[{label}] {len(cms)} ConfigMaps labelled grafana_dashboard, want exactly one"):
        return
    cm = cms[0]
    where = f"[{label}] ConfigMap/{name_of(cm)}"
    r.check(name_of(cm) == DASHBOARD_CONFIGMAP, f"{where}: not named {DASHBOARD_CONFIGMAP} (no hash suffix: updated in place)")
    r.check(cm["metadata"]["labels"].get("grafana_dashboard") == "1", f"{where}: label grafana_dashboard is not \"1\"")
    with open(os.path.join(repo, DASHBOARD_FILE), encoding="utf-8") as f:
        source = f.read()
    data = cm.get("data") or {}
    r.check(data.get("unrip.dashboard.json") == source,
            f"{where}: unrip.dashboard.json is not {DASHBOARD_FILE} (run: make deploy-sync)")
    size = len(source.encode("utf-8"))
    r.check(size <= DASHBOARD_MAX_BYTES, f"{where}: the dashboard is {size} bytes, above {DASHBOARD_MAX_BYTES}")


def check_overlay(r, label, docs):
    for pvc in by_kind(docs, "PersistentVolumeClaim"):
        r.check(pvc["spec"].get("storageClassName") == "local-path",
                f"[{label}] PVC/{name_of(pvc)} is not on local-path")
    for sts in by_kind(docs, "StatefulSet"):
        for t in sts["spec"].get("volumeClaimTemplates", []):
            r.check(t["spec"].get("storageClassName") == "local-path",
                    f"[{label}] StatefulSet/{name_of(sts)} volume {name_of(t)} is not on local-path")
    for kind in ("Deployment", "StatefulSet"):
        for d in by_kind(docs, kind):
            if kind == "Deployment" and name_of(d) in ALWAYS_UP:
                continue  # two or more, see check_always_up
            r.check(d["spec"].get("replicas", 1) <= 1, f"[{label}] {kind}/{name_of(d)} has more than one replica")
    for d in by_kind(docs, "Deployment"):
        image = pod_spec(d)["containers"][0].get("image", "")
        r.check(image.count("/") >= 2 and ":" in image.rsplit("/", 1)[-1],
                f"[{label}] Deployment/{name_of(d)}: image {image} has no registry and tag")


def check_camel_k(r, label, docs, table):
    integrations = {name_of(d): d for d in by_kind(docs, "Integration")}
    r.check(set(integrations) == set(ROUTE_GROUPS),
            f"[{label}] Integrations {sorted(integrations)} are not the route groups {sorted(ROUTE_GROUPS)}")
    r.check(not any(name_of(d) in ROUTE_GROUPS for d in by_kind(docs, "Deployment")),
            f"[{label}] route-group Deployments left beside the Integrations")
    for n, it in integrations.items():
        where = f"[{label}] Integration/{n}"
        r.check(it.get("apiVersion") == "camel.apache.org/v1", f"{where}: apiVersion is not camel.apache.org/v1")
        r.check(it.get("metadata", {}).get("namespace") == NAMESPACE, f"{where}: not in namespace {NAMESPACE}")
        traits = it.get("spec", {}).get("traits", {})
        container = traits.get("container", {})
        r.check("/" in container.get("image", "") and ":" in container.get("image", ""),
                f"{where}: no prebuilt image with registry and tag")
        r.check(container.get("port") == ROUTE_GROUPS[n], f"{where}: container port is not {ROUTE_GROUPS[n]}")
        for k in ("requestCPU", "requestMemory", "limitCPU", "limitMemory"):
            r.check(k in container, f"{where}: container trait has no {k}")
        health = traits.get("health", {})
        r.check(health.get("enabled") and health.get("livenessProbeEnabled") and health.get("readinessProbeEnabled"),
                f"{where}: health trait does not enable liveness and readiness")
        r.check(health.get("livenessProbe") == "/q/health/live" and health.get("readinessProbe") == "/q/health/ready",
                f"{where}: health probes are not /q/health/live and /q/health/ready")
        pod = it.get("spec", {}).get("template", {}).get("spec", {})
        c = next((c for c in pod.get("containers", []) if c.get("name") == "integration"), {})
        csc = c.get("securityContext", {})
        r.check(csc.get("readOnlyRootFilesystem") is True and csc.get("allowPrivilegeEscalation") is False
                and (pod.get("securityContext", {}).get("runAsNonRoot") is True),
                f"{where}: not non-root with a read-only root filesystem")
        if n in ALWAYS_UP:
            check_integration_always_up(r, where, it)
        if n in NO_ROLLOUT_GAP:
            dep = traits.get("deployment") or {}
            check_no_gap(r, where, it.get("spec", {}).get("replicas", 1), dep.get("strategy"),
                         dep.get("rollingUpdateMaxSurge"), dep.get("rollingUpdateMaxUnavailable"),
                         "deployment trait strategy", "deployment trait rollingUpdateMaxSurge",
                         "deployment trait rollingUpdateMaxUnavailable")
        if n == EXECUTOR:
            r.check(not (traits.get("mount") or {}).get("volumes") and not (traits.get("mount") or {}).get("resources"),
                    f"{where}: mount trait mounts a volume (its state is in PostgreSQL)")
            for v in pod.get("volumes", []) or []:
                r.check(set(v) <= {"name", "emptyDir"}, f"{where}: volume {v.get('name')} is not an emptyDir")
    # The pdb trait makes each Integration's budget under the Integration's name: a plain one of
    # the same route group left in the rendering would clash with it.
    for p in by_kind(docs, "PodDisruptionBudget"):
        r.check(name_of(p) not in ROUTE_GROUPS,
                f"[{label}] PodDisruptionBudget/{name_of(p)} left beside the Integration's pdb trait")
    check_no_executor_state(r, label, docs)
    check_secrets(r, label, docs, table)


def check_integration_always_up(r, where, it):
    """The Camel K form of check_always_up: spec.replicas, the deployment trait's rollout and the
    pdb trait."""
    spec = it.get("spec", {})
    traits = spec.get("traits", {})
    replicas = spec.get("replicas", 1)
    dep = traits.get("deployment") or {}
    check_rollout(r, where, replicas, dep.get("strategy"), dep.get("rollingUpdateMaxSurge"),
                  dep.get("rollingUpdateMaxUnavailable"), "deployment trait strategy",
                  "deployment trait rollingUpdateMaxSurge", "deployment trait rollingUpdateMaxUnavailable")
    pdb = traits.get("pdb") or {}
    r.check(pdb.get("enabled") is True and budget_ok(pdb.get("minAvailable"), pdb.get("maxUnavailable"), replicas),
            f"{where}: pdb trait {pdb!r} does not keep one of {replicas} pods up while letting one go")


def check_camel_k_matches_overlay(r, label, docs, overlay_label, overlay_docs):
    """Camel K renders the overlay's system: each Integration runs as many replicas as the route
    group's Deployment there, and the executor and the ingest roll and are budgeted the same."""
    for it in by_kind(docs, "Integration"):
        n = name_of(it)
        dep = find(overlay_docs, "Deployment", n)
        if dep is None:
            continue
        ir, dr = it.get("spec", {}).get("replicas", 1), dep["spec"].get("replicas", 1)
        r.check(ir == dr, f"[{label}] Integration/{n}: {ir} replicas, Deployment/{n} of {overlay_label}: {dr}")
        if n not in ALWAYS_UP:
            continue
        t = it["spec"].get("traits", {})
        rolling = (dep["spec"].get("strategy") or {}).get("rollingUpdate") or {}
        pdb = next((p for p in by_kind(overlay_docs, "PodDisruptionBudget")
                    if selects((p.get("spec") or {}).get("selector"), pod_labels(dep))), {}).get("spec") or {}
        mine = ((t.get("deployment") or {}).get("rollingUpdateMaxSurge"), (t.get("deployment") or {}).get("rollingUpdateMaxUnavailable"),
                (t.get("pdb") or {}).get("minAvailable"), (t.get("pdb") or {}).get("maxUnavailable"))
        theirs = (rolling.get("maxSurge"), rolling.get("maxUnavailable"), pdb.get("minAvailable"), pdb.get("maxUnavailable"))
        r.check([None if v is None else str(v) for v in mine] == [None if v is None else str(v) for v in theirs],
                f"[{label}] Integration/{n}: maxSurge, maxUnavailable, PDB minAvailable, maxUnavailable {mine} "
                f"differ from {overlay_label}'s {theirs}")


# ---------------------------------------------------------------------------------------------
# Images: the manifests and the Integrations reference exactly what `make images` builds


IMAGES_ENV = "deploy/images.env"
# Environment a JVM or its base image reads without the application naming it (Quarkus maps any
# QUARKUS_* variable to its configuration, run-java.sh of the UBI base reads JAVA_*, libc and the JVM
# read TZ and glibc MALLOC_ARENA_MAX).
ENV_READ_BY_PLATFORM = re.compile(r"^(QUARKUS_|JAVA_|MALLOC_ARENA_MAX$|TZ$)")
# Where a route group's image reads its settings: its module and the libraries it packs.
ENV_SOURCE_DIRS = ("routes/common/src/main", "routes/mapping/src/main", "routes/near-intents/chain/src/main",
                   "routes/near-intents/protocol/src/main", "routes/near-intents/normalize-mapping/src/main",
                   "kamelets")


def image_env(repo):
    values = {}
    with open(os.path.join(repo, IMAGES_ENV), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                values[k] = v
    return values


def module_properties(repo, module):
    props = {}
    path = os.path.join(repo, module, "src/main/resources/application.properties")
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                props[k.strip()] = v.strip()
    return props


def names_in_sources(repo, dirs):
    """Every upper-case environment-like name the given source trees mention."""
    found = set()
    for d in dirs:
        for root, _dirs, files in os.walk(os.path.join(repo, d)):
            if "/target" in root:
                continue
            for fn in files:
                if fn.endswith((".properties", ".java", ".yaml", ".yml", ".sql", ".json")):
                    with open(os.path.join(root, fn), encoding="utf-8", errors="replace") as f:
                        found.update(re.findall(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", f.read()))
    return found


def produced_images(repo):
    """name -> {module, port, required env (no default), env the image reads} of make images."""
    cfg = image_env(repo)
    out = {}
    for module in cfg["IMAGE_MODULES"].split(","):
        props = module_properties(repo, module)
        text = "\n".join(v for k, v in props.items() if not k.startswith("%"))
        out[props["quarkus.application.name"]] = {
            "module": module,
            "port": int(re.sub(r"^\$\{[A-Z_]+:(\d+)\}$", r"\1", props["quarkus.http.port"])),
            "required": set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)\}", text)),
            "reads": names_in_sources(repo, (module + "/src/main",) + ENV_SOURCE_DIRS),
        }
    return cfg, out


def provided_env(docs, table, container):
    names = {e.get("name") for e in container.get("env", []) or []}
    for src in container.get("envFrom", []) or []:
        cm = (src.get("configMapRef") or {}).get("name")
        sec = (src.get("secretRef") or {}).get("name")
        if cm:
            names.update((find(docs, "ConfigMap", cm) or {}).get("data", {}) or {})
        if sec:
            names.update(table.get(sec, []))
    return names


def image_users(docs):
    """(where, image, port, pod spec, container) of every container that runs an unrip image."""
    for d in docs:
        kind = d.get("kind")
        if kind in WORKLOAD_KINDS:
            pod = pod_spec(d)
            for c in pod.get("containers", []) or []:
                ports = {p.get("name"): p.get("containerPort") for p in c.get("ports", []) or []}
                yield f"{kind}/{name_of(d)}", c.get("image", ""), ports.get("http"), pod, c
        elif kind == "Integration":
            traits = d.get("spec", {}).get("traits", {})
            pod = d.get("spec", {}).get("template", {}).get("spec", {})
            c = next((c for c in pod.get("containers", []) if c.get("name") == "integration"), {})
            yield (f"Integration/{name_of(d)}", (traits.get("container") or {}).get("image", ""),
                   (traits.get("container") or {}).get("port"), pod, c)


def image_name(image):
    return image.rsplit("/", 1)[-1].split(":", 1)[0]


def check_images(r, label, docs, table, cfg, produced):
    group, user = cfg["IMAGE_GROUP"], int(cfg["IMAGE_USER"])
    refs = set()
    for where, image, port, pod, c in image_users(docs):
        where = f"[{label}] {where}"
        path, _, tag = image.rpartition(":") if ":" in image.rsplit("/", 1)[-1] else (image, "", "")
        parts = path.split("/")
        if len(parts) < 2 or parts[-2] != group:
            continue  # not one of ours (the broker's, the database's)
        name = parts[-1]
        if not r.check(name in produced, f"{where}: image {image}: make images builds no {group}/{name} "
                       f"(it builds {sorted(produced)}, {IMAGES_ENV})"):
            continue
        refs.add(("/".join(parts[:-2]), tag))
        p = produced[name]
        if c.get("name") in ("integration", name) or port is not None:
            r.check(port == p["port"], f"{where}: port {port} is not {name}'s quarkus.http.port {p['port']}")
        csc, psc = c.get("securityContext", {}) or {}, pod.get("securityContext", {}) or {}
        uid = csc.get("runAsUser", psc.get("runAsUser"))
        r.check(uid == user, f"{where}: runs as user {uid}, the image's user is {user} ({IMAGES_ENV})")
        env = provided_env(docs, table, c)
        missing = sorted(p["required"] - env)
        r.check(not missing, f"{where}: {name} requires {missing} (no default in {p['module']}), not set")
        unread = sorted(n for n in env if not ENV_READ_BY_PLATFORM.match(n) and n not in p["reads"])
        r.check(not unread, f"{where}: sets {unread}, which the {name} image never reads")
    # One `make images` run: every image of a rendering from one registry with one tag.
    r.check(len(refs) <= 1, f"[{label}] images from several registries or tags {sorted(refs)}: make images "
            f"pushes one set")
    return refs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    ap.add_argument("--rendered", action="append", default=[], help="label=file")
    args = ap.parse_args()

    r = Report()
    table = secrets_created_by_script(args.repo)
    r.check(bool(table), "create-secrets.sh declares no Secrets")
    rendered = dict(item.split("=", 1) for item in args.rendered)
    loaded = {label: load_docs(path) for label, path in rendered.items()}
    image_cfg, produced = produced_images(args.repo)
    referenced = set()
    for label, docs in loaded.items():
        before = len(r.failures)
        if label == "camel-k":
            check_camel_k(r, label, docs, table)
            check_common(r, label, docs, table, args.repo, expect_groups=None)
            if "hetzner-single-node" in loaded:
                check_camel_k_matches_overlay(r, label, docs, "hetzner-single-node", loaded["hetzner-single-node"])
        else:
            groups = dict(ROUTE_GROUPS)
            if label == "staging-offline":
                groups.update(SIMULATORS)
            check_common(r, label, docs, table, args.repo, expect_groups=groups)
            check_replay_job(r, label, docs)
            if label != "base":
                check_overlay(r, label, docs)
            if label in ("hetzner-single-node", "staging-offline"):
                check_deployer_role(r, label, docs, args.repo)
            if label == "prometheus-rules":
                check_prometheus_rule(r, label, docs, args.repo)
            else:
                # A cluster without the Prometheus operator refuses the kind: only its component adds it.
                r.check(not by_kind(docs, "PrometheusRule"),
                        f"[{label}] has a PrometheusRule: only the component prometheus-rules may add one")
            if label == "grafana-dashboard":
                check_grafana_dashboard(r, label, docs, args.repo)
            else:
                r.check(not dashboard_configmaps(docs),
                        f"[{label}] has a grafana_dashboard ConfigMap: only the component grafana-dashboard may add one")
        check_images(r, label, docs, table, image_cfg, produced)
        referenced.update(image_name(image) for _w, image, _p, _pod, _c in image_users(docs))
        kinds = sorted({d.get("kind") for d in docs})
        status = "ok" if len(r.failures) == before else "FAILED"
        print(f"    {label}: {len(docs)} objects ({', '.join(kinds)}): {status}")
    check_no_secret_values_in_tree(r, args.repo)
    unused = sorted(set(produced) - referenced)
    r.check(not unused, f"make images builds {unused}, which no rendering runs")

    for f in r.failures:
        print(f"FAIL: {f}")
    print(f"manifest checks: {r.passes} passed, {len(r.failures)} failed")
    return 1 if r.failures else 0


if __name__ == "__main__":
    sys.exit(main())
