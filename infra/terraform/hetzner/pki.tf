# The cluster's certificate authorities, made here and handed to k3s by cloud-init before its first
# start (k3s uses CA files it finds in /var/lib/rancher/k3s/server/tls instead of generating them).
# So the operator's kubeconfig (outputs.tf) is known to Terraform, and no one ever has to log in
# to the server to fetch it. The keys live in the Terraform state: keep the state private (it is
# local and git-ignored; see docs/deploy.md for a remote backend).
locals {
  k3s_cas = toset(["server-ca", "client-ca", "request-header-ca", "etcd/peer-ca", "etcd/server-ca"])
}

resource "tls_private_key" "ca" {
  for_each    = local.k3s_cas
  algorithm   = "ECDSA"
  ecdsa_curve = "P256"
}

resource "tls_self_signed_cert" "ca" {
  for_each              = local.k3s_cas
  private_key_pem       = tls_private_key.ca[each.key].private_key_pem
  is_ca_certificate     = true
  validity_period_hours = 87600 # 10 years, as k3s's own CAs

  subject {
    common_name = "k3s-${replace(each.key, "/", "-")}@${var.name}"
  }

  allowed_uses = ["cert_signing", "crl_signing", "digital_signature", "key_encipherment"]
}

# The service-account issuer key of the API server (k3s's service.key).
resource "tls_private_key" "service_account" {
  algorithm = "RSA"
  rsa_bits  = 2048
}

# The operator's client certificate (group system:masters), signed by the client CA. Renewed by
# any `make bootstrap` in its last 30 days.
resource "tls_private_key" "operator" {
  algorithm   = "ECDSA"
  ecdsa_curve = "P256"
}

resource "tls_cert_request" "operator" {
  private_key_pem = tls_private_key.operator.private_key_pem

  subject {
    common_name  = "${var.name}-operator"
    organization = "system:masters"
  }
}

resource "tls_locally_signed_cert" "operator" {
  cert_request_pem      = tls_cert_request.operator.cert_request_pem
  ca_private_key_pem    = tls_private_key.ca["client-ca"].private_key_pem
  ca_cert_pem           = tls_self_signed_cert.ca["client-ca"].cert_pem
  validity_period_hours = 8760
  early_renewal_hours   = 720
  allowed_uses          = ["client_auth", "digital_signature", "key_encipherment"]
}

# k3s's cluster token: joins further nodes and encrypts the bootstrap data in the datastore.
resource "random_password" "k3s_token" {
  length  = 48
  special = false
}
