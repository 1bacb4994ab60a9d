#!/usr/bin/env python3
"""Renders infra/terraform/hetzner/cloud-init.yaml.tpl with sample values for `cloud-init schema`.

With terraform installed, Terraform's own templatefile() renders it (`terraform console` in an
empty folder needs no provider); without it, a small renderer that understands only what the
template uses (${name} and ${base64encode(name)}) does, and says so. Either way the sample values
must cover exactly the variables server.tf passes to templatefile().

Usage: render_cloud_init.py REPO OUT [TERRAFORM]
"""

import base64
import json
import os
import re
import subprocess
import sys
import tempfile

SAMPLE_PEM = "-----BEGIN CERTIFICATE-----\nc2FtcGxl\n-----END CERTIFICATE-----\n"
SAMPLE = {
    "hostname": "unrip",
    "k3s_version": "v1.32.5+k3s1",
    "k3s_install_url": "https://raw.githubusercontent.com/k3s-io/k3s/v1.32.5%2Bk3s1/install.sh",
    "k3s_token": "sampletoken",
    "public_ipv4": "203.0.113.10",
    "private_ipv4": "10.100.1.10",
    "data_volume_device": "/dev/disk/by-id/scsi-0HC_Volume_100000001",
    "acme_email": "ops@example.com",
    **{k: SAMPLE_PEM for k in (
        "server_ca_crt", "server_ca_key", "client_ca_crt", "client_ca_key", "request_header_ca_crt",
        "request_header_ca_key", "etcd_peer_ca_crt", "etcd_peer_ca_key", "etcd_server_ca_crt",
        "etcd_server_ca_key", "service_key")},
}


def templatefile_keys(server_tf):
    block = re.search(r"templatefile\([^{]*\{(.*?)\n\s*\}\)", server_tf, re.S)
    return set(re.findall(r"^\s*([a-z0-9_]+)\s*=", block.group(1), re.M)) if block else set()


def render_with_terraform(terraform, tpl):
    obj = ", ".join(f"{k} = {json.dumps(v)}" for k, v in SAMPLE.items())
    expr = f"base64encode(templatefile({json.dumps(tpl)}, {{ {obj} }}))\n"
    env = dict(os.environ)
    if env.get("TF_CLI_CONFIG_FILE") and not os.path.isfile(env["TF_CLI_CONFIG_FILE"]):
        env.pop("TF_CLI_CONFIG_FILE")
    with tempfile.TemporaryDirectory() as empty:
        res = subprocess.run([terraform, "console"], input=expr, cwd=empty, env=env,
                             capture_output=True, text=True)
    if res.returncode != 0:
        sys.stderr.write(res.stdout + res.stderr)
        return None
    return base64.b64decode(res.stdout.strip().strip('"')).decode()


def render_minimal(text):
    def sub(m):
        inner = m.group(1).strip()
        fn = re.fullmatch(r"base64encode\(([a-z0-9_]+)\)", inner)
        if fn:
            return base64.b64encode(SAMPLE[fn.group(1)].encode()).decode()
        if re.fullmatch(r"[a-z0-9_]+", inner):
            return SAMPLE[inner]
        raise ValueError(f"the fallback renderer does not understand ${{{inner}}}")
    if "%{" in text:
        raise ValueError("the fallback renderer does not understand %{ directives }")
    return re.sub(r"(?<!\$)\$\{([^}]*)\}", sub, text).replace("$${", "${")


def main():
    repo, out = sys.argv[1], sys.argv[2]
    terraform = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
    tf_dir = os.path.join(repo, "infra/terraform/hetzner")
    tpl = os.path.join(tf_dir, "cloud-init.yaml.tpl")
    with open(os.path.join(tf_dir, "server.tf")) as f:
        keys = templatefile_keys(f.read())
    if keys != set(SAMPLE):
        print(f"FAIL: server.tf passes {sorted(keys)} to templatefile(), the sample has {sorted(SAMPLE)}")
        return 1
    if terraform:
        rendered = render_with_terraform(terraform, tpl)
        how = "terraform console (templatefile)"
        if rendered is None:
            print("FAIL: terraform could not render the template")
            return 1
    else:
        with open(tpl) as f:
            rendered = render_minimal(f.read())
        how = "the fallback renderer (terraform absent)"
    with open(out, "w") as f:
        f.write(rendered)
    print(f"rendered with {how}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
