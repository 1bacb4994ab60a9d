#cloud-config
# The node, from nothing to a running k3s, at its first boot; rendered by templatefile() in
# server.tf. Nothing is left to do by hand: no SSH, no login.
#  1. the data volume is mounted at /var/lib/unrip and its directories are prepared;
#  2. the cluster CAs and k3s's configuration are written before k3s first starts;
#  3. k3s ${k3s_version} is installed with its install script from the same release tag.

hostname: ${hostname}
preserve_hostname: false
ssh_pwauth: false
disable_root: true
package_update: true
package_upgrade: true
packages:
  - ca-certificates
  - curl
  - unattended-upgrades

write_files:
  - path: /usr/local/sbin/unrip-prepare-data
    permissions: "0755"
    content: |
      #!/bin/bash
      # Waits for the data volume, mounts it at /var/lib/unrip (by id, in fstab) and prepares the
      # directories the cluster keeps its data in. Idempotent.
      set -euo pipefail
      device="${data_volume_device}"
      for _ in $(seq 1 120); do [ -e "$device" ] && break; sleep 5; done
      [ -e "$device" ] || { echo "data volume $device did not appear" >&2; exit 1; }
      mkdir -p /var/lib/unrip
      grep -q "^$device " /etc/fstab || echo "$device /var/lib/unrip ext4 discard,nofail,defaults 0 2" >> /etc/fstab
      mountpoint -q /var/lib/unrip || mount /var/lib/unrip
      # local-path: every PVC (Redpanda, PostgreSQL, executor state, Forgejo) is a folder here.
      install -d -m 0711 /var/lib/unrip/local-path
      install -d -m 0700 /var/lib/unrip/backups
  - path: /etc/sysctl.d/90-unrip.conf
    content: |
      # Redpanda's asynchronous I/O, and room for many file watchers.
      fs.aio-max-nr = 1048576
      fs.inotify.max_user_instances = 1024
      fs.inotify.max_user_watches = 1048576
      vm.swappiness = 1
  - path: /etc/rancher/k3s/config.yaml
    permissions: "0600"
    content: |
      token: "${k3s_token}"
      node-ip: "${private_ipv4}"
      node-external-ip: "${public_ipv4}"
      advertise-address: "${private_ipv4}"
      tls-san:
        - "${public_ipv4}"
        - "${private_ipv4}"
      default-local-storage-path: /var/lib/unrip/local-path
      write-kubeconfig-mode: "0600"
      secrets-encryption: true
      kube-apiserver-arg:
        - "anonymous-auth=false"
  # Traefik (bundled with k3s) gets a Let's Encrypt resolver (TLS-ALPN challenge on 443) and keeps
  # its certificates on a volume: Forgejo's Ingress asks for it by name.
  - path: /var/lib/rancher/k3s/server/manifests/traefik-config.yaml
    permissions: "0600"
    content: |
      apiVersion: helm.cattle.io/v1
      kind: HelmChartConfig
      metadata:
        name: traefik
        namespace: kube-system
      spec:
        valuesContent: |-
          certResolvers:
            letsencrypt:
              email: "${acme_email}"
              tlsChallenge: true
              storage: /data/acme.json
          persistence:
            enabled: true
            storageClass: local-path
  - path: /var/lib/rancher/k3s/server/tls/server-ca.crt
    permissions: "0644"
    encoding: b64
    content: ${base64encode(server_ca_crt)}
  - path: /var/lib/rancher/k3s/server/tls/server-ca.key
    permissions: "0600"
    encoding: b64
    content: ${base64encode(server_ca_key)}
  - path: /var/lib/rancher/k3s/server/tls/client-ca.crt
    permissions: "0644"
    encoding: b64
    content: ${base64encode(client_ca_crt)}
  - path: /var/lib/rancher/k3s/server/tls/client-ca.key
    permissions: "0600"
    encoding: b64
    content: ${base64encode(client_ca_key)}
  - path: /var/lib/rancher/k3s/server/tls/request-header-ca.crt
    permissions: "0644"
    encoding: b64
    content: ${base64encode(request_header_ca_crt)}
  - path: /var/lib/rancher/k3s/server/tls/request-header-ca.key
    permissions: "0600"
    encoding: b64
    content: ${base64encode(request_header_ca_key)}
  - path: /var/lib/rancher/k3s/server/tls/etcd/peer-ca.crt
    permissions: "0644"
    encoding: b64
    content: ${base64encode(etcd_peer_ca_crt)}
  - path: /var/lib/rancher/k3s/server/tls/etcd/peer-ca.key
    permissions: "0600"
    encoding: b64
    content: ${base64encode(etcd_peer_ca_key)}
  - path: /var/lib/rancher/k3s/server/tls/etcd/server-ca.crt
    permissions: "0644"
    encoding: b64
    content: ${base64encode(etcd_server_ca_crt)}
  - path: /var/lib/rancher/k3s/server/tls/etcd/server-ca.key
    permissions: "0600"
    encoding: b64
    content: ${base64encode(etcd_server_ca_key)}
  - path: /var/lib/rancher/k3s/server/tls/service.key
    permissions: "0600"
    encoding: b64
    content: ${base64encode(service_key)}

runcmd:
  - [/usr/local/sbin/unrip-prepare-data]
  - [sysctl, --system]
  - [curl, -sfL, --retry, "10", --retry-delay, "5", -o, /usr/local/sbin/k3s-install.sh, "${k3s_install_url}"]
  - [env, "INSTALL_K3S_VERSION=${k3s_version}", "INSTALL_K3S_EXEC=server", sh, /usr/local/sbin/k3s-install.sh]

final_message: "unrip node ready after $UPTIME s: k3s ${k3s_version} installed"
