# Inbound: the Kubernetes API from the operators only, HTTPS for the ingress, ICMP; SSH only when
# ssh_cidrs says so (empty by default). Everything else is dropped. Outbound is open (the relay,
# image registries, package mirrors).
resource "hcloud_firewall" "node" {
  name   = var.name
  labels = local.labels

  rule {
    description = "Kubernetes API (k3s) from the operators"
    direction   = "in"
    protocol    = "tcp"
    port        = "6443"
    source_ips  = var.operator_cidrs
  }

  rule {
    description = "HTTPS (ingress: Forgejo and its registry)"
    direction   = "in"
    protocol    = "tcp"
    port        = "443"
    source_ips  = var.https_cidrs
  }

  rule {
    description = "ICMP (path MTU discovery, ping)"
    direction   = "in"
    protocol    = "icmp"
    source_ips  = ["0.0.0.0/0", "::/0"]
  }

  dynamic "rule" {
    for_each = length(var.ssh_cidrs) > 0 ? [1] : []
    content {
      description = "SSH (break-glass only)"
      direction   = "in"
      protocol    = "tcp"
      port        = "22"
      source_ips  = var.ssh_cidrs
    }
  }
}
