output "server_ipv4" {
  description = "Public IPv4 of the node (the primary IP): point DNS records (FORGEJO_HOST) here."
  value       = hcloud_primary_ip.ipv4.ip_address
}

output "server_ipv6" {
  description = "Public IPv6 network of the node."
  value       = hcloud_server.node.ipv6_network
}

output "private_ipv4" {
  description = "The node's address in the private network."
  value       = local.node_private_ipv4
}

output "kube_api_endpoint" {
  description = "URL of the Kubernetes API (reachable from operator_cidrs only)."
  value       = "https://${hcloud_primary_ip.ipv4.ip_address}:6443"
}

output "data_volume_id" {
  description = "Id of the data volume mounted at /var/lib/unrip."
  value       = hcloud_volume.data.id
}

output "kubeconfig" {
  description = "Kubeconfig of the operator (client certificate in group system:masters); make bootstrap writes it to .state/hetzner/kubeconfig.yaml."
  sensitive   = true
  value = yamlencode({
    apiVersion        = "v1"
    kind              = "Config"
    "current-context" = var.name
    clusters = [{
      name = var.name
      cluster = {
        server                       = "https://${hcloud_primary_ip.ipv4.ip_address}:6443"
        "certificate-authority-data" = base64encode(tls_self_signed_cert.ca["server-ca"].cert_pem)
      }
    }]
    users = [{
      name = "${var.name}-operator"
      user = {
        "client-certificate-data" = base64encode(tls_locally_signed_cert.operator.cert_pem)
        "client-key-data"         = base64encode(tls_private_key.operator.private_key_pem)
      }
    }]
    contexts = [{
      name = var.name
      context = {
        cluster   = var.name
        user      = "${var.name}-operator"
        namespace = "unrip"
      }
    }]
  })
}
