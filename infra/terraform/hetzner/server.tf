locals {
  labels = {
    "app.kubernetes.io/part-of" = "unrip"
    "managed-by"                = "terraform"
  }

  node_private_ipv4 = cidrhost(hcloud_network_subnet.nodes.ip_range, 10)

  cloud_init = templatefile("${path.module}/cloud-init.yaml.tpl", {
    hostname              = var.name
    k3s_version           = var.k3s_version
    k3s_install_url       = "https://raw.githubusercontent.com/k3s-io/k3s/${replace(var.k3s_version, "+", "%2B")}/install.sh"
    k3s_token             = random_password.k3s_token.result
    public_ipv4           = hcloud_primary_ip.ipv4.ip_address
    private_ipv4          = local.node_private_ipv4
    data_volume_device    = "/dev/disk/by-id/scsi-0HC_Volume_${hcloud_volume.data.id}"
    acme_email            = var.acme_email
    server_ca_crt         = tls_self_signed_cert.ca["server-ca"].cert_pem
    server_ca_key         = tls_private_key.ca["server-ca"].private_key_pem
    client_ca_crt         = tls_self_signed_cert.ca["client-ca"].cert_pem
    client_ca_key         = tls_private_key.ca["client-ca"].private_key_pem
    request_header_ca_crt = tls_self_signed_cert.ca["request-header-ca"].cert_pem
    request_header_ca_key = tls_private_key.ca["request-header-ca"].private_key_pem
    etcd_peer_ca_crt      = tls_self_signed_cert.ca["etcd/peer-ca"].cert_pem
    etcd_peer_ca_key      = tls_private_key.ca["etcd/peer-ca"].private_key_pem
    etcd_server_ca_crt    = tls_self_signed_cert.ca["etcd/server-ca"].cert_pem
    etcd_server_ca_key    = tls_private_key.ca["etcd/server-ca"].private_key_pem
    service_key           = tls_private_key.service_account.private_key_pem
  })
}

# The public IPv4 lives apart from the server: it is known before the server exists (for the API
# certificate and the kubeconfig) and survives a server replacement, as do DNS records on it.
resource "hcloud_primary_ip" "ipv4" {
  name          = "${var.name}-ipv4"
  type          = "ipv4"
  datacenter    = var.datacenter
  assignee_type = "server"
  auto_delete   = false
  labels        = local.labels
}

# Every PVC (local-path) lives on this volume, mounted at /var/lib/unrip: replacing the server
# keeps Redpanda's log, PostgreSQL's data, the executor state and Forgejo.
resource "hcloud_volume" "data" {
  name              = "${var.name}-data"
  size              = var.data_volume_size_gb
  location          = var.location
  format            = "ext4"
  delete_protection = var.protect_data_volume
  labels            = local.labels
}

resource "hcloud_ssh_key" "break_glass" {
  for_each   = { for i, k in var.ssh_public_keys : tostring(i) => k }
  name       = "${var.name}-break-glass-${each.key}"
  public_key = each.value
}

resource "hcloud_server" "node" {
  name         = var.name
  server_type  = var.server_type
  image        = var.image
  datacenter   = var.datacenter
  ssh_keys     = [for k in hcloud_ssh_key.break_glass : k.id]
  firewall_ids = [hcloud_firewall.node.id]
  user_data    = local.cloud_init
  labels       = local.labels

  public_net {
    ipv4_enabled = true
    ipv4         = hcloud_primary_ip.ipv4.id
    ipv6_enabled = true
  }

  network {
    network_id = hcloud_network.main.id
    ip         = local.node_private_ipv4
  }

  # cloud-init runs once, at creation. A change of the template, the image or the keys must not
  # silently replace the node: upgrades happen in place (docs/deploy.md), a rebuild is a
  # deliberate `terraform apply -replace=hcloud_server.node`.
  lifecycle {
    ignore_changes = [user_data, image, ssh_keys]
  }

  depends_on = [hcloud_network_subnet.nodes]
}

resource "hcloud_volume_attachment" "data" {
  volume_id = hcloud_volume.data.id
  server_id = hcloud_server.node.id
  automount = false
}
