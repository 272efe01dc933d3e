# Workloads in the network module's subnets, for the doctor's plan tests (tests/doctor/terraform-plan.test.ts).
# As written, the fixed variant: every workload in the private subnets, which route through a NAT
# gateway. The broken variants are made by the test: nat_gateway = false, or the connector moved to
# module.net.public_subnet_ids.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}

variable "nat_gateway" {
  type    = bool
  default = true
}

data "aws_availability_zones" "available" {
  state = "available"
}

module "net" {
  source      = "./modules/network"
  name        = "plan-test"
  zones       = { (data.aws_availability_zones.available.names[0]) = 1, (data.aws_availability_zones.available.names[1]) = 2 }
  nat_gateway = var.nat_gateway
}

resource "aws_security_group" "app" {
  name   = "plan-test-app"
  vpc_id = module.net.vpc_id
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_apprunner_vpc_connector" "app" {
  vpc_connector_name = "plan-test"
  subnets            = module.net.private_subnet_ids # connector subnets
  security_groups    = [aws_security_group.app.id]
}

resource "aws_apprunner_service" "app" {
  service_name = "plan-test"
  source_configuration {
    auto_deployments_enabled = false
    image_repository {
      image_identifier      = "public.ecr.aws/aws-containers/hello-app-runner:latest"
      image_repository_type = "ECR_PUBLIC"
      image_configuration {
        port = "8000"
      }
    }
  }
  network_configuration {
    egress_configuration {
      egress_type       = "VPC"
      vpc_connector_arn = aws_apprunner_vpc_connector.app.arn
    }
  }
}

resource "aws_lambda_function" "worker" {
  function_name = "plan-test-worker"
  role          = "arn:aws:iam::123456789012:role/plan-test-worker"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:latest"
  vpc_config {
    subnet_ids         = module.net.private_subnet_ids
    security_group_ids = [aws_security_group.app.id]
  }
}

resource "aws_ecs_service" "api" {
  name            = "plan-test-api"
  cluster         = "arn:aws:ecs:us-east-1:123456789012:cluster/plan-test"
  task_definition = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1"
  desired_count   = 1
  launch_type     = "FARGATE"
  network_configuration {
    subnets          = [for key in sort(keys(module.net.private_subnets)) : module.net.private_subnets[key]]
    security_groups  = [aws_security_group.app.id]
    assign_public_ip = false
  }
}
