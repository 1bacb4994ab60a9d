# The private network: the node's internal address today, the other nodes' tomorrow.
resource "hcloud_network" "main" {
  name     = var.name
  ip_range = var.network_cidr
  labels   = local.labels
}

resource "hcloud_network_subnet" "nodes" {
  network_id   = hcloud_network.main.id
  type         = "cloud"
  network_zone = var.network_zone
  ip_range     = cidrsubnet(var.network_cidr, 8, 1)
}
