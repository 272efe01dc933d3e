#!/usr/bin/env bash
# App Runner service with a VPC connector that reaches a private database and the internet (AWS CLI v2).
#
#   NAT_GATEWAY_MODE=per-az|single STACK_NAME=egress-recipe AWS_REGION=us-east-1 ./create.sh
#
# Subnets (10.0.0.0/16, AZ_COUNT AZs, default 3): public 10.0.<i>.0/24 (0.0.0.0/0 -> internet gateway,
# NAT gateways here), private 10.0.1<i>.0/24 (0.0.0.0/0 -> NAT; the VPC connector), database
# 10.0.2<i>.0/24 (no internet route). The connector's interfaces have private IPs only, so it must use
# the private subnets (App Runner Developer Guide, network-vpc.html).
#
# NAT_GATEWAY_MODE:
#   per-az  one NAT gateway per AZ: an AZ outage only takes its own NAT with it, and no traffic crosses
#           AZs to reach a NAT (no cross-AZ data charge). One gateway-hour per AZ.
#   single  one NAT gateway for every AZ: lowest hourly cost; if its AZ fails, all AZs lose the
#           internet, and traffic from the other AZs pays cross-AZ data transfer.
#
# Every resource is tagged apprunner-egress-lab:stack=$STACK_NAME; delete.sh finds them by that tag.
# Prints KEY=value lines (VPC_ID, SUBNET_IDS_PRIVATE, NAT_GATEWAY_IDS, ...). AWS_CLI_ENDPOINT_ARGS is
# passed to every call (for example "--endpoint-url http://127.0.0.1:4599" for the local emulator).
set -euo pipefail

STACK_NAME="${STACK_NAME:-egress-recipe}"
NAT_GATEWAY_MODE="${NAT_GATEWAY_MODE:-per-az}"
AZ_COUNT="${AZ_COUNT:-3}"
REGION="${AWS_REGION:-us-east-1}"
IMAGE="${IMAGE_IDENTIFIER:-public.ecr.aws/docker/library/node:24-alpine}"
case "$NAT_GATEWAY_MODE" in per-az | single) ;; *) echo "NAT_GATEWAY_MODE must be per-az or single" >&2; exit 2 ;; esac

# shellcheck disable=SC2086 # AWS_CLI_ENDPOINT_ARGS is a list of words on purpose
aws_cli() { "${AWS_CLI:-aws}" ${AWS_CLI_ENDPOINT_ARGS:-} --region "$REGION" --output text "$@"; }
tags() { echo "ResourceType=$1,Tags=[{Key=apprunner-egress-lab:stack,Value=$STACK_NAME},{Key=Name,Value=$STACK_NAME-$2}]"; }
say() { echo "$@" >&2; }

mapfile -t AZS < <(aws_cli ec2 describe-availability-zones --filters Name=state,Values=available \
  --query 'AvailabilityZones[].ZoneName' | tr '\t' '\n' | head -n "$AZ_COUNT")
[ "${#AZS[@]}" -ge 2 ] || { say "need at least 2 available AZs, found ${#AZS[@]}"; exit 1; }

VPC_ID=$(aws_cli ec2 create-vpc --cidr-block 10.0.0.0/16 --tag-specifications "$(tags vpc vpc)" \
  --query Vpc.VpcId)
aws_cli ec2 modify-vpc-attribute --vpc-id "$VPC_ID" --enable-dns-hostnames '{"Value":true}'
say "VPC $VPC_ID"

IGW_ID=$(aws_cli ec2 create-internet-gateway --tag-specifications "$(tags internet-gateway igw)" \
  --query InternetGateway.InternetGatewayId)
aws_cli ec2 attach-internet-gateway --internet-gateway-id "$IGW_ID" --vpc-id "$VPC_ID"

PUBLIC_RTB=$(aws_cli ec2 create-route-table --vpc-id "$VPC_ID" \
  --tag-specifications "$(tags route-table public)" --query RouteTable.RouteTableId)
aws_cli ec2 create-route --route-table-id "$PUBLIC_RTB" --destination-cidr-block 0.0.0.0/0 \
  --gateway-id "$IGW_ID" >/dev/null
# Database tier: no route besides the local one.
DATABASE_RTB=$(aws_cli ec2 create-route-table --vpc-id "$VPC_ID" \
  --tag-specifications "$(tags route-table database)" --query RouteTable.RouteTableId)

PUBLIC=() PRIVATE=() DATABASE=() NATS=() EIPS=() PRIVATE_RTBS=()
for i in "${!AZS[@]}"; do
  az="${AZS[$i]}"
  PUBLIC+=("$(aws_cli ec2 create-subnet --vpc-id "$VPC_ID" --availability-zone "$az" --cidr-block "10.0.$i.0/24" \
    --tag-specifications "$(tags subnet "public-$((i + 1))")" --query Subnet.SubnetId)")
  # The NAT gateway is created first so that it becomes available while the rest is built.
  if [ "$NAT_GATEWAY_MODE" = per-az ] || [ "$i" -eq 0 ]; then
    EIPS+=("$(aws_cli ec2 allocate-address --domain vpc --tag-specifications "$(tags elastic-ip "nat-$((i + 1))")" \
      --query AllocationId)")
    NATS+=("$(aws_cli ec2 create-nat-gateway --subnet-id "${PUBLIC[$i]}" --allocation-id "${EIPS[$i]}" \
      --tag-specifications "$(tags natgateway "nat-$((i + 1))")" --query NatGateway.NatGatewayId)")
  fi
  PRIVATE+=("$(aws_cli ec2 create-subnet --vpc-id "$VPC_ID" --availability-zone "$az" --cidr-block "10.0.1$i.0/24" \
    --tag-specifications "$(tags subnet "private-$((i + 1))")" --query Subnet.SubnetId)")
  DATABASE+=("$(aws_cli ec2 create-subnet --vpc-id "$VPC_ID" --availability-zone "$az" --cidr-block "10.0.2$i.0/24" \
    --tag-specifications "$(tags subnet "database-$((i + 1))")" --query Subnet.SubnetId)")
  aws_cli ec2 associate-route-table --route-table-id "$PUBLIC_RTB" --subnet-id "${PUBLIC[$i]}" >/dev/null
  aws_cli ec2 associate-route-table --route-table-id "$DATABASE_RTB" --subnet-id "${DATABASE[$i]}" >/dev/null
  # Private tier: one route table per AZ; its 0.0.0.0/0 route is added once the NAT gateways are available.
  PRIVATE_RTBS+=("$(aws_cli ec2 create-route-table --vpc-id "$VPC_ID" \
    --tag-specifications "$(tags route-table "private-$((i + 1))")" --query RouteTable.RouteTableId)")
  aws_cli ec2 associate-route-table --route-table-id "${PRIVATE_RTBS[$i]}" --subnet-id "${PRIVATE[$i]}" >/dev/null
done

CONNECTOR_SG=$(aws_cli ec2 create-security-group --vpc-id "$VPC_ID" --group-name "$STACK_NAME-connector" \
  --description "App Runner VPC connector (all outbound traffic)" \
  --tag-specifications "$(tags security-group connector)" --query GroupId)
# A new group keeps AWS's default rule allowing all outbound traffic: nothing to add.
DATABASE_SG=$(aws_cli ec2 create-security-group --vpc-id "$VPC_ID" --group-name "$STACK_NAME-database" \
  --description "Database (PostgreSQL from the App Runner connector only)" \
  --tag-specifications "$(tags security-group database)" --query GroupId)
aws_cli ec2 authorize-security-group-ingress --group-id "$DATABASE_SG" \
  --ip-permissions "IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{GroupId=$CONNECTOR_SG}]" >/dev/null

say "waiting for NAT gateways ${NATS[*]}"
aws_cli ec2 wait nat-gateway-available --nat-gateway-ids "${NATS[@]}"

for i in "${!AZS[@]}"; do
  # per-az: this AZ's NAT; single: the one NAT in the first AZ.
  nat="${NATS[0]}"
  [ "$NAT_GATEWAY_MODE" = per-az ] && nat="${NATS[$i]}"
  aws_cli ec2 create-route --route-table-id "${PRIVATE_RTBS[$i]}" --destination-cidr-block 0.0.0.0/0 \
    --nat-gateway-id "$nat" >/dev/null
done

APPRUNNER_TAGS="Key=apprunner-egress-lab:stack,Value=$STACK_NAME"
CONNECTOR_ARN=$(aws_cli apprunner create-vpc-connector --vpc-connector-name "$STACK_NAME-connector" \
  --subnets "${PRIVATE[@]}" --security-groups "$CONNECTOR_SG" --tags "$APPRUNNER_TAGS" \
  --query VpcConnector.VpcConnectorArn)
SERVICE_ARN=$(aws_cli apprunner create-service --service-name "$STACK_NAME-service" \
  --source-configuration "{\"AutoDeploymentsEnabled\":false,\"ImageRepository\":{\"ImageIdentifier\":\"$IMAGE\",\"ImageRepositoryType\":\"ECR_PUBLIC\",\"ImageConfiguration\":{\"Port\":\"8080\"}}}" \
  --instance-configuration Cpu="0.25 vCPU",Memory="0.5 GB" \
  --network-configuration "EgressConfiguration={EgressType=VPC,VpcConnectorArn=$CONNECTOR_ARN}" \
  --tags "$APPRUNNER_TAGS" --query Service.ServiceArn)

cat <<IDS
VPC_ID=$VPC_ID
INTERNET_GATEWAY_ID=$IGW_ID
SUBNET_IDS_PUBLIC=$(IFS=,; echo "${PUBLIC[*]}")
SUBNET_IDS_PRIVATE=$(IFS=,; echo "${PRIVATE[*]}")
SUBNET_IDS_DATABASE=$(IFS=,; echo "${DATABASE[*]}")
NAT_GATEWAY_IDS=$(IFS=,; echo "${NATS[*]}")
ELASTIC_IP_ALLOCATION_IDS=$(IFS=,; echo "${EIPS[*]}")
ROUTE_TABLE_IDS=$(IFS=,; echo "$PUBLIC_RTB,$DATABASE_RTB,${PRIVATE_RTBS[*]}")
SECURITY_GROUP_ID_CONNECTOR=$CONNECTOR_SG
SECURITY_GROUP_ID_DATABASE=$DATABASE_SG
VPC_CONNECTOR_ARN=$CONNECTOR_ARN
SERVICE_ARN=$SERVICE_ARN
IDS
