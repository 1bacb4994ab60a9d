# Terraform and provider versions, pinned. The first `terraform init` on a workstation writes
# .terraform.lock.hcl with the providers' checksums: commit it.
terraform {
  required_version = ">= 1.5.0, < 2.0.0"

  required_providers {
    hcloud = {
      source  = "hetznercloud/hcloud"
      version = "= 1.49.1"
    }
    tls = {
      source  = "hashicorp/tls"
      version = "= 4.0.6"
    }
    random = {
      source  = "hashicorp/random"
      version = "= 3.6.3"
    }
  }
}

provider "hcloud" {
  token = var.hcloud_token
}
