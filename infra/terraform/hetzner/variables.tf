variable "hcloud_token" {
  description = "Hetzner Cloud API token (read & write) of the project; from deploy/secrets/secrets.env via TF_VAR_hcloud_token, never in a file here."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.hcloud_token) == 64
    error_message = "A Hetzner Cloud API token is 64 characters long."
  }
}

variable "name" {
  description = "Name of the server and prefix of every resource (network, firewall, volume, IP)."
  type        = string
  default     = "unrip"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "Lower-case letters, digits and dashes, 3 to 32 characters, starting with a letter."
  }
}

variable "location" {
  description = "Hetzner location of the server, its volume and its primary IP."
  type        = string
  default     = "fsn1"

  validation {
    condition     = contains(["fsn1", "nbg1", "hel1", "ash", "hil", "sin"], var.location)
    error_message = "One of fsn1, nbg1, hel1, ash, hil, sin."
  }
}

variable "datacenter" {
  description = "Hetzner datacenter inside the location (the primary IP is bound to a datacenter)."
  type        = string
  default     = "fsn1-dc14"

  validation {
    condition     = can(regex("^[a-z]+[0-9]*-dc[0-9]+$", var.datacenter))
    error_message = "A datacenter name such as fsn1-dc14."
  }
}

variable "network_zone" {
  description = "Network zone of the private network; must contain the location (eu-central for fsn1, nbg1, hel1)."
  type        = string
  default     = "eu-central"

  validation {
    condition     = contains(["eu-central", "us-east", "us-west", "ap-southeast"], var.network_zone)
    error_message = "One of eu-central, us-east, us-west, ap-southeast."
  }
}

variable "server_type" {
  description = "Server type. The default (8 vCPU, 16 GB) holds the trading system, Forgejo and a CI job at once; cx32 (4 vCPU, 8 GB) holds the trading system alone."
  type        = string
  default     = "cx42"

  validation {
    condition     = can(regex("^(cx|cpx|cax|ccx)[0-9]{2}$", var.server_type))
    error_message = "A Hetzner server type such as cx32, cx42, cpx41 or ccx23."
  }
}

variable "image" {
  description = "Operating system image of the server."
  type        = string
  default     = "debian-12"
}

variable "k3s_version" {
  description = "k3s release installed by cloud-init (INSTALL_K3S_VERSION); its install script is fetched at the same tag."
  type        = string
  default     = "v1.32.5+k3s1"

  validation {
    condition     = can(regex("^v1\\.[0-9]+\\.[0-9]+\\+k3s[0-9]+$", var.k3s_version))
    error_message = "A k3s release tag such as v1.32.5+k3s1."
  }
}

variable "operator_cidrs" {
  description = "CIDRs allowed to reach the Kubernetes API (6443): the operators' workstations and the CI runner's egress. Never 0.0.0.0/0."
  type        = list(string)

  validation {
    condition     = length(var.operator_cidrs) > 0 && alltrue([for c in var.operator_cidrs : can(cidrhost(c, 0))])
    error_message = "At least one CIDR, each valid (e.g. 203.0.113.7/32)."
  }

  validation {
    condition     = !contains(var.operator_cidrs, "0.0.0.0/0") && !contains(var.operator_cidrs, "::/0")
    error_message = "The Kubernetes API is not opened to the whole internet."
  }
}

variable "https_cidrs" {
  description = "CIDRs allowed to reach HTTPS (443, the ingress: Forgejo and its package registry)."
  type        = list(string)
  default     = ["0.0.0.0/0", "::/0"]

  validation {
    condition     = alltrue([for c in var.https_cidrs : can(cidrhost(c, 0))])
    error_message = "Each entry must be a valid CIDR."
  }
}

variable "ssh_cidrs" {
  description = "CIDRs allowed to reach SSH (22). Empty by default: there is no SSH; open it only for a break-glass session, together with ssh_public_keys."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.ssh_cidrs : can(cidrhost(c, 0))])
    error_message = "Each entry must be a valid CIDR."
  }
}

variable "ssh_public_keys" {
  description = "SSH public keys installed for root at creation (break-glass only; empty by default)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for k in var.ssh_public_keys : can(regex("^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256) ", k))])
    error_message = "OpenSSH public keys (ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256)."
  }
}

variable "network_cidr" {
  description = "Private network range; must not overlap k3s's pod (10.42.0.0/16) and service (10.43.0.0/16) ranges."
  type        = string
  default     = "10.100.0.0/16"

  validation {
    condition     = can(cidrhost(var.network_cidr, 0)) && !can(regex("^10\\.4[23]\\.", var.network_cidr))
    error_message = "A valid CIDR outside 10.42.0.0/16 and 10.43.0.0/16."
  }
}

variable "data_volume_size_gb" {
  description = "Size of the data volume mounted at /var/lib/unrip (all PVCs: Redpanda, PostgreSQL, executor state, Forgejo). It outlives a server replacement."
  type        = number
  default     = 80

  validation {
    condition     = var.data_volume_size_gb >= 10 && var.data_volume_size_gb <= 10240
    error_message = "Between 10 and 10240 GB."
  }
}

variable "protect_data_volume" {
  description = "Delete protection of the data volume; make teardown lifts it only after its typed confirmation."
  type        = bool
  default     = true
}

variable "acme_email" {
  description = "E-mail of the Let's Encrypt account the ingress (Traefik) uses for HTTPS certificates."
  type        = string

  validation {
    condition     = can(regex("^[^@ ]+@[^@ ]+\\.[^@ ]+$", var.acme_email))
    error_message = "An e-mail address."
  }
}
