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
#
# Every taggable resource carries apprunner-egress-lab:stack = var.name (the provider's
# default_tags) and a Name tag.

terraform {
  # terraform_data and replace_triggered_by need Terraform 1.4; the tests run 1.11.
  required_version = ">= 1.4.0"
  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Tested with 5.100. Provider 6 plans to remove the aws_apprunner_* resources (App Runner is
      # in maintenance: terraform-provider-aws issues 47161 and 47162), so stay on 5.x.
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}

provider "aws" {
  default_tags {
    tags = { "apprunner-egress-lab:stack" = var.name }
  }
}

variable "name" {
  description = "Prefix of every name and the value of the apprunner-egress-lab:stack tag."
  type        = string
  default     = "egress-recipe"
  validation {
    # The connector is "<name>-<8 hex>" and App Runner names have 4-40 characters
    # ([A-Za-z0-9][A-Za-z0-9-_]{3,39}); DB subnet group names are lower case.
    condition     = length(regexall("^[a-z0-9][a-z0-9_-]{0,30}$", var.name)) > 0
    error_message = "name must be 1-31 lower-case letters, digits, '-' or '_', starting with a letter or digit."
  }
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
  validation {
    # The tiers start at 10.0.0.x, 10.0.10.x and 10.0.20.x: from 11 AZs on they would overlap.
    # A DB subnet group needs two AZs.
    condition     = var.az_count >= 2 && var.az_count <= 10 && floor(var.az_count) == var.az_count
    error_message = "az_count must be a whole number from 2 to 10."
  }
}

# Set before the first apply: moving existing connector subnets to other zones fails, because
# their replacements are created first (create_before_destroy, which the connector passes on to its
# subnets) and would take the same CIDRs (InvalidSubnet.Conflict). Destroy first, then apply.
variable "excluded_zone_ids" {
  description = "Zone IDs to leave out, for example one where App Runner refuses VPC connectors (the error names it)."
  type        = list(string)
  default     = []
}

variable "image_identifier" {
  description = "An ECR Public image, or a private ECR image together with access_role_arn."
  type        = string
  # AWS's sample image for App Runner; it listens on port 8000.
  default = "public.ecr.aws/aws-containers/hello-app-runner:latest"
}

variable "image_port" {
  description = "The port the image listens on: App Runner's health check connects to it, and a service whose image does not listen there ends CREATE_FAILED."
  type        = string
  default     = "8000"
}

variable "access_role_arn" {
  description = "Role App Runner assumes to pull a private ECR image (null for ECR Public)."
  type        = string
  default     = null
}

# Availability Zones only: no Local Zones or Wavelength Zones (they need an opt-in and App Runner
# does not serve them).
data "aws_availability_zones" "available" {
  state            = "available"
  exclude_zone_ids = var.excluded_zone_ids
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
  filter {
    name   = "zone-type"
    values = ["availability-zone"]
  }
  lifecycle {
    postcondition {
      condition     = length(self.names) >= var.az_count
      error_message = "This region has fewer usable Availability Zones than az_count: lower az_count."
    }
  }
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
  count             = var.az_count
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = local.azs[count.index]
  # Only the NAT gateways live here, with their Elastic IPs: nothing else gets a public IP.
  map_public_ip_on_launch = false
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

# ---- Security groups (Terraform removes AWS's default allow-all egress rule) ----

# App Runner has no call to change a connector: other subnets mean a new connector, and AWS has
# refused a replacement connector with the same security groups as the existing one ("The security
# groups combination provided in the request already exists on existing vpc connector", quoted in
# pulumi/pulumi-aws issue 5364). So when the connector's subnets change, its group is replaced too
# (replace_triggered_by), and both are created before the old ones are destroyed.
resource "terraform_data" "connector_subnets" {
  input = aws_subnet.private[*].id
}

resource "aws_security_group" "connector" {
  name_prefix = "${var.name}-connector-"
  description = "App Runner VPC connector (all outbound traffic)"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${var.name}-connector" }
  lifecycle {
    create_before_destroy = true
    replace_triggered_by  = [terraform_data.connector_subnets]
  }
}

resource "aws_vpc_security_group_egress_rule" "connector_all" {
  security_group_id = aws_security_group.connector.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
  tags              = { Name = "${var.name}-connector-all" }
}

resource "aws_security_group" "database" {
  name        = "${var.name}-database"
  description = "Database (PostgreSQL from the App Runner connector only)"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${var.name}-database" }
}

resource "aws_vpc_security_group_ingress_rule" "database_from_connector" {
  security_group_id            = aws_security_group.database.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.connector.id
  tags                         = { Name = "${var.name}-postgres-from-connector" }
}

# Point your RDS instance or Aurora cluster at this group and aws_security_group.database.
resource "aws_db_subnet_group" "database" {
  name       = "${var.name}-database"
  subnet_ids = aws_subnet.database[*].id
  tags       = { Name = "${var.name}-database" }
}

# ---- App Runner ----

# The name changes with the subnets and the group, so a replacement gets a new name and can exist
# next to the old connector until the service has moved to it.
resource "aws_apprunner_vpc_connector" "main" {
  vpc_connector_name = "${var.name}-${substr(sha1(join(",", concat(aws_subnet.private[*].id, [aws_security_group.connector.id]))), 0, 8)}"
  subnets            = aws_subnet.private[*].id # private subnets only: the ENIs get no public IP
  security_groups    = [aws_security_group.connector.id]
  tags               = { Name = "${var.name}-connector" }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_apprunner_service" "main" {
  service_name = "${var.name}-service"

  source_configuration {
    auto_deployments_enabled = false # ECR Public images do not support automatic deployment
    dynamic "authentication_configuration" {
      for_each = var.access_role_arn == null ? [] : [var.access_role_arn]
      content {
        access_role_arn = authentication_configuration.value
      }
    }
    image_repository {
      image_identifier      = var.image_identifier
      image_repository_type = var.access_role_arn == null ? "ECR_PUBLIC" : "ECR"
      image_configuration {
        port = var.image_port
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

  tags = { Name = "${var.name}-service" }

  # The service must not start before its subnets can reach a NAT gateway.
  depends_on = [aws_route.private_nat, aws_route_table_association.private]
}

output "nat_public_ips" {
  description = "Every NAT gateway's address: the source addresses the internet sees (for partner allowlists)."
  value       = aws_eip.nat[*].public_ip
}

output "service_url" {
  value = aws_apprunner_service.main.service_url
}

output "service_arn" {
  value = aws_apprunner_service.main.arn
}

output "connector_subnet_ids" {
  description = "For the doctor: npx tsx scripts/doctor.ts --subnets <these> --security-groups <connector_security_group_id>"
  value       = aws_subnet.private[*].id
}

output "connector_security_group_id" {
  value = aws_security_group.connector.id
}

output "database_subnet_group_name" {
  value = aws_db_subnet_group.database.name
}

output "database_security_group_id" {
  value = aws_security_group.database.id
}
