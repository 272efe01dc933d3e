# App Runner service with a VPC connector that reaches a private database and the internet.
#
# Subnets (10.0.0.0/16, one /24 per tier per AZ):
#   public    0.0.0.0/0 -> internet gateway; the NAT gateways live here
#   private   0.0.0.0/0 -> NAT gateway; the VPC connector uses these
#   database  no internet route (local route only)
# The connector's network interfaces have private IPs only, so the connector must use the private
# subnets; in public subnets it gets no internet access. Source: App Runner Developer Guide,
# network-vpc.html.
#
# nat_gateway_mode:
#   "per-az"  one NAT gateway per AZ: an AZ outage only takes its own NAT with it, and no traffic
#             crosses AZs to reach a NAT (no cross-AZ data charge). One gateway-hour per AZ.
#   "single"  one NAT gateway for every AZ: lowest hourly cost; if its AZ fails, all AZs lose the
#             internet, and traffic from the other AZs pays cross-AZ data transfer.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "name" {
  type    = string
  default = "egress-recipe"
}

variable "nat_gateway_mode" {
  type    = string
  default = "per-az"
  validation {
    condition     = contains(["per-az", "single"], var.nat_gateway_mode)
    error_message = "nat_gateway_mode must be \"per-az\" or \"single\"."
  }
}

variable "az_count" {
  description = "AWS recommends connector subnets in at least three AZs."
  type        = number
  default     = 3
}

variable "image_identifier" {
  type    = string
  default = "public.ecr.aws/docker/library/node:24-alpine"
}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs       = slice(data.aws_availability_zones.available.names, 0, var.az_count)
  nat_count = var.nat_gateway_mode == "per-az" ? var.az_count : 1
}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true # the Amazon-provided resolver answers public names inside the VPC
  enable_dns_hostnames = true
  tags                 = { Name = "${var.name}-vpc" }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
  tags   = { Name = "${var.name}-igw" }
}

# ---- Subnets: 10.0.0.x public, 10.0.10.x private, 10.0.20.x database ----

resource "aws_subnet" "public" {
  count                   = var.az_count
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = true
  tags                    = { Name = "${var.name}-public-${count.index + 1}" }
}

resource "aws_subnet" "private" {
  count             = var.az_count
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 10)
  availability_zone = local.azs[count.index]
  tags              = { Name = "${var.name}-private-${count.index + 1}" }
}

resource "aws_subnet" "database" {
  count             = var.az_count
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 20)
  availability_zone = local.azs[count.index]
  tags              = { Name = "${var.name}-database-${count.index + 1}" }
}

# ---- Public tier ----

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  tags   = { Name = "${var.name}-public" }
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main.id
}

resource "aws_route_table_association" "public" {
  count          = var.az_count
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_eip" "nat" {
  count      = local.nat_count
  domain     = "vpc"
  tags       = { Name = "${var.name}-nat-${count.index + 1}" }
  depends_on = [aws_internet_gateway.main]
}

resource "aws_nat_gateway" "main" {
  count         = local.nat_count
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
  tags          = { Name = "${var.name}-nat-${count.index + 1}" }
}

# ---- Private tier (the VPC connector's subnets) ----

resource "aws_route_table" "private" {
  count  = var.az_count
  vpc_id = aws_vpc.main.id
  tags   = { Name = "${var.name}-private-${count.index + 1}" }
}

# per-az: each AZ uses its own NAT; single: every AZ uses NAT 0 (count.index % 1 == 0).
resource "aws_route" "private_nat" {
  count                  = var.az_count
  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.main[count.index % local.nat_count].id
}

resource "aws_route_table_association" "private" {
  count          = var.az_count
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

# ---- Database tier: no route besides the VPC's local route ----

resource "aws_route_table" "database" {
  vpc_id = aws_vpc.main.id
  tags   = { Name = "${var.name}-database" }
}

resource "aws_route_table_association" "database" {
  count          = var.az_count
  subnet_id      = aws_subnet.database[count.index].id
  route_table_id = aws_route_table.database.id
}

# ---- Security groups ----

resource "aws_security_group" "connector" {
  name        = "${var.name}-connector"
  description = "App Runner VPC connector (all outbound traffic)"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_egress_rule" "connector_all" {
  security_group_id = aws_security_group.connector.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "database" {
  name        = "${var.name}-database"
  description = "Database (PostgreSQL from the App Runner connector only)"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "database_from_connector" {
  security_group_id            = aws_security_group.database.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.connector.id
}

# Point your RDS instance or Aurora cluster at this group and aws_security_group.database.
resource "aws_db_subnet_group" "database" {
  name       = "${var.name}-database"
  subnet_ids = aws_subnet.database[*].id
}

# ---- App Runner ----

resource "aws_apprunner_vpc_connector" "main" {
  vpc_connector_name = "${var.name}-connector"
  subnets            = aws_subnet.private[*].id # private subnets only: the ENIs get no public IP
  security_groups    = [aws_security_group.connector.id]
}

resource "aws_apprunner_service" "main" {
  service_name = "${var.name}-service"

  source_configuration {
    auto_deployments_enabled = false # ECR Public images do not support automatic deployment
    image_repository {
      image_identifier      = var.image_identifier
      image_repository_type = "ECR_PUBLIC"
      image_configuration {
        port = "8080"
      }
    }
  }

  instance_configuration {
    cpu    = "0.25 vCPU"
    memory = "0.5 GB"
  }

  network_configuration {
    egress_configuration {
      egress_type       = "VPC"
      vpc_connector_arn = aws_apprunner_vpc_connector.main.arn
    }
  }
}

output "nat_public_ips" {
  description = "The source addresses the internet sees (for partner allowlists)."
  value       = aws_eip.nat[*].public_ip
}

output "service_url" {
  value = aws_apprunner_service.main.service_url
}
