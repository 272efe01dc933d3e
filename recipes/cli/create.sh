#!/usr/bin/env bash
# App Runner service with a VPC connector that reaches a private database and the internet (AWS CLI v2).
#
#   STACK_NAME=egress-recipe NAT_GATEWAY_MODE=per-az AWS_REGION=us-east-1 ./create.sh
#
# Environment (all optional except a region):
#   STACK_NAME          1-30 characters [A-Za-z0-9_-] (default egress-recipe); names the connector
#                       "$STACK_NAME-connector" and the service "$STACK_NAME-service" (App Runner: 40 at most)
#   NAT_GATEWAY_MODE    per-az (default) or single, see below
#   AZ_COUNT            Availability Zones to use, 2-6 (default 3; AWS recommends at least three)
#   IMAGE_IDENTIFIER    image to run (default AWS's sample public.ecr.aws/aws-containers/hello-app-runner:latest)
#   IMAGE_PORT          port the image listens on (default 8000, the sample's port); App Runner's health
#                       check opens a TCP connection to it, and a service whose image does not listen ends
#                       CREATE_FAILED
#   ACCESS_ROLE_ARN     role App Runner uses to pull a private ECR image (required for one; ECR Public
#                       images need none)
#   SERVICE_TIMEOUT_SECONDS  how long to wait for RUNNING (default 1200)
#   KEEP_ON_FAILURE=true     keep what was created when a step fails (default: delete it with delete.sh)
#   AWS_REGION, AWS_DEFAULT_REGION, AWS_PROFILE: as for the AWS CLI; the profile's region is used when
#                       neither variable is set, and the script refuses to run without a region
#   AWS_CLI, AWS_CLI_ENDPOINT_ARGS: the CLI to run and extra arguments for every call (for example
#                       "--endpoint-url http://127.0.0.1:4599" for the project's local emulator)
#
# Subnets (10.0.0.0/16, one /24 per tier per AZ i = 0, 1, ...): public 10.0.<i>.0/24 (0.0.0.0/0 ->
# internet gateway, NAT gateways here), private 10.0.1<i>.0/24 (0.0.0.0/0 -> NAT; the VPC connector),
# database 10.0.2<i>.0/24 (no internet route). The connector's interfaces have private IPs only, so it
# must use the private subnets (App Runner Developer Guide, network-vpc.html).
#
# NAT_GATEWAY_MODE:
#   per-az  one NAT gateway per AZ: an AZ outage only takes its own NAT with it, and no traffic crosses
#           AZs to reach a NAT (no cross-AZ data charge). One gateway-hour per AZ.
#   single  one NAT gateway for every AZ: lowest hourly cost; if its AZ fails, all AZs lose the
#           internet, and traffic from the other AZs pays cross-AZ data transfer.
#
# Every resource is tagged apprunner-egress-lab:stack=$STACK_NAME; delete.sh finds them by that tag. A
# second run with the same STACK_NAME refuses instead of building a second stack. The script waits for
# the service to be RUNNING; if it ends CREATE_FAILED, or any step fails, it deletes what it created
# (delete.sh) and exits non-zero. On success it prints KEY=value lines (VPC_ID, SUBNET_IDS_PRIVATE,
# NAT_PUBLIC_IPS, SERVICE_URL, ...).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$SCRIPT_DIR/common.sh"

NAT_GATEWAY_MODE="${NAT_GATEWAY_MODE:-per-az}"
AZ_COUNT="${AZ_COUNT:-3}"
IMAGE="${IMAGE_IDENTIFIER:-public.ecr.aws/aws-containers/hello-app-runner:latest}"
IMAGE_PORT="${IMAGE_PORT:-8000}"
ACCESS_ROLE_ARN="${ACCESS_ROLE_ARN:-}"
SERVICE_TIMEOUT_SECONDS="${SERVICE_TIMEOUT_SECONDS:-1200}"

# ---- Check every input before creating anything ----
validate_stack_name
case "$NAT_GATEWAY_MODE" in per-az | single) ;; *)
  say "NAT_GATEWAY_MODE must be per-az or single, not '$NAT_GATEWAY_MODE'."
  exit 2
  ;;
esac
case "$AZ_COUNT" in [2-6]) ;; *)
  say "AZ_COUNT must be 2 to 6, not '$AZ_COUNT'."
  exit 2
  ;;
esac
if ! printf '%s\n' "$IMAGE_PORT" | grep -Eq '^[0-9]{1,5}$' || [ "$IMAGE_PORT" -lt 1 ] || [ "$IMAGE_PORT" -gt 65535 ]; then
  say "IMAGE_PORT must be a TCP port number (1-65535), not '$IMAGE_PORT'."
  exit 2
fi
# ECR Public images need no credentials; a private ECR image needs an access role that App Runner
# assumes to pull it (App Runner Developer Guide, service-source-image.html; API AuthenticationConfiguration).
case "$IMAGE" in
  public.ecr.aws/*) REPOSITORY_TYPE=ECR_PUBLIC AUTHENTICATION="" ;;
  *.dkr.ecr.*.amazonaws.com/*)
    if [ -z "$ACCESS_ROLE_ARN" ]; then
      say "IMAGE_IDENTIFIER is a private ECR image: set ACCESS_ROLE_ARN to a role App Runner can assume" \
        "(trust build.apprunner.amazonaws.com, policy AWSAppRunnerServicePolicyForECRAccess)."
      exit 2
    fi
    REPOSITORY_TYPE=ECR AUTHENTICATION=",\"AuthenticationConfiguration\":{\"AccessRoleArn\":\"$ACCESS_ROLE_ARN\"}"
    ;;
  *)
    say "IMAGE_IDENTIFIER must be an ECR Public (public.ecr.aws/...) or private ECR image, not '$IMAGE'."
    exit 2
    ;;
esac
resolve_region

tags() { echo "ResourceType=$1,Tags=[{Key=$TAG_KEY,Value=$STACK_NAME},{Key=Name,Value=$STACK_NAME-$2}]"; }

# A second run must not build a second stack: refuse when anything of this stack still exists.
EXISTING=$(
  {
    aws_cli ec2 describe-vpcs --filters "Name=tag:$TAG_KEY,Values=$STACK_NAME" --query 'Vpcs[].VpcId'
    aws_cli ec2 describe-addresses --filters "Name=tag:$TAG_KEY,Values=$STACK_NAME" --query 'Addresses[].AllocationId'
    aws_cli apprunner list-services --query "ServiceSummaryList[?ServiceName=='$STACK_NAME-service' && Status!='DELETED'].ServiceArn"
    aws_cli apprunner list-vpc-connectors --query "VpcConnectors[?VpcConnectorName=='$STACK_NAME-connector' && Status=='ACTIVE'].VpcConnectorArn"
  } | words
)
if [ -n "$EXISTING" ]; then
  say "Stack '$STACK_NAME' already exists in $REGION: $(echo "$EXISTING" | paste -s -d ' ' -)"
  say "Run delete.sh with the same STACK_NAME first, or choose another STACK_NAME."
  exit 1
fi

# From here on, a failure deletes what was created (as a CloudFormation rollback would).
on_exit() {
  status=$?
  trap - EXIT
  [ "$status" -eq 0 ] && return 0
  if [ "${KEEP_ON_FAILURE:-false}" = true ]; then
    say "create.sh failed (exit $status); KEEP_ON_FAILURE=true: run delete.sh to remove what it created."
  else
    say "create.sh failed (exit $status); deleting what it created (delete.sh)."
    AWS_REGION="$REGION" STACK_NAME="$STACK_NAME" "$SCRIPT_DIR/delete.sh" ||
      say "delete.sh failed as well: run it again with STACK_NAME=$STACK_NAME AWS_REGION=$REGION."
  fi
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Availability Zones only: Local Zones and Wavelength Zones are opt-in and have no NAT gateways.
AZ_LIST=$(aws_cli ec2 describe-availability-zones \
  --filters Name=state,Values=available Name=zone-type,Values=availability-zone \
  --query 'AvailabilityZones[].ZoneName' | words | head -n "$AZ_COUNT")
AZS=()
for az in $AZ_LIST; do AZS+=("$az"); done
if [ "${#AZS[@]}" -lt "$AZ_COUNT" ]; then
  say "$REGION has ${#AZS[@]} available Availability Zones; set AZ_COUNT to at most ${#AZS[@]}."
  exit 2
fi

VPC_ID=$(aws_cli ec2 create-vpc --cidr-block 10.0.0.0/16 --tag-specifications "$(tags vpc vpc)" \
  --query Vpc.VpcId)
# The Amazon-provided resolver answers public names inside the VPC (DNS support is on by default).
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

# Subnets of a non-default VPC do not give instances public IPs (MapPublicIpOnLaunch is false).
PUBLIC=() PRIVATE=() DATABASE=() NATS=() EIPS=() PRIVATE_RTBS=()
i=0
for az in "${AZS[@]}"; do
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
  i=$((i + 1))
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
# The database needs no outbound rule (replies to allowed inbound traffic pass anyway): remove the default
# allow-all rule, as Terraform and CDK (allowAllOutbound: false) do.
aws_cli ec2 revoke-security-group-egress --group-id "$DATABASE_SG" \
  --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]' >/dev/null

say "waiting for NAT gateways ${NATS[*]}"
aws_cli ec2 wait nat-gateway-available --nat-gateway-ids "${NATS[@]}"

i=0
for rtb in "${PRIVATE_RTBS[@]}"; do
  # per-az: this AZ's NAT; single: the one NAT in the first AZ.
  nat="${NATS[0]}"
  [ "$NAT_GATEWAY_MODE" = per-az ] && nat="${NATS[$i]}"
  aws_cli ec2 create-route --route-table-id "$rtb" --destination-cidr-block 0.0.0.0/0 \
    --nat-gateway-id "$nat" >/dev/null
  i=$((i + 1))
done

# The connector and the service come after the routes: the service checks its egress as it starts.
APPRUNNER_TAGS="Key=$TAG_KEY,Value=$STACK_NAME"
CONNECTOR_ARN=$(aws_cli apprunner create-vpc-connector --vpc-connector-name "$STACK_NAME-connector" \
  --subnets "${PRIVATE[@]}" --security-groups "$CONNECTOR_SG" --tags "$APPRUNNER_TAGS" \
  --query VpcConnector.VpcConnectorArn)
SERVICE_ARN=$(aws_cli apprunner create-service --service-name "$STACK_NAME-service" \
  --source-configuration "{\"AutoDeploymentsEnabled\":false$AUTHENTICATION,\"ImageRepository\":{\"ImageIdentifier\":\"$IMAGE\",\"ImageRepositoryType\":\"$REPOSITORY_TYPE\",\"ImageConfiguration\":{\"Port\":\"$IMAGE_PORT\"}}}" \
  --instance-configuration "Cpu=0.25 vCPU,Memory=0.5 GB" \
  --network-configuration "EgressConfiguration={EgressType=VPC,VpcConnectorArn=$CONNECTOR_ARN}" \
  --tags "$APPRUNNER_TAGS" --query Service.ServiceArn)

# App Runner has no CLI waiter: poll until the creation ends (usually 2-5 minutes).
say "waiting for service $SERVICE_ARN"
started=$(date +%s)
while :; do
  status=$(aws_cli apprunner describe-service --service-arn "$SERVICE_ARN" --query Service.Status)
  case "$status" in
    RUNNING) break ;;
    CREATE_FAILED)
      say "The service ended CREATE_FAILED. The usual cause is an image that does not listen on" \
        "IMAGE_PORT=$IMAGE_PORT (the health check connects to it); the service's logs are in CloudWatch" \
        "under /aws/apprunner/$STACK_NAME-service/."
      exit 1
      ;;
    OPERATION_IN_PROGRESS) ;;
    *)
      say "The service is $status, not RUNNING."
      exit 1
      ;;
  esac
  if [ $(($(date +%s) - started)) -ge "$SERVICE_TIMEOUT_SECONDS" ]; then
    say "The service is not RUNNING after $SERVICE_TIMEOUT_SECONDS s."
    exit 1
  fi
  sleep "$POLL_SECONDS"
done
SERVICE_URL=$(aws_cli apprunner describe-service --service-arn "$SERVICE_ARN" --query Service.ServiceUrl)
NAT_PUBLIC_IPS=$(aws_cli ec2 describe-addresses --allocation-ids "${EIPS[@]}" --query 'Addresses[].PublicIp' |
  words | paste -s -d, -)

join() { (IFS=,; echo "$*"); }
cat <<IDS
VPC_ID=$VPC_ID
INTERNET_GATEWAY_ID=$IGW_ID
SUBNET_IDS_PUBLIC=$(join "${PUBLIC[@]}")
SUBNET_IDS_PRIVATE=$(join "${PRIVATE[@]}")
SUBNET_IDS_DATABASE=$(join "${DATABASE[@]}")
NAT_GATEWAY_IDS=$(join "${NATS[@]}")
ELASTIC_IP_ALLOCATION_IDS=$(join "${EIPS[@]}")
NAT_PUBLIC_IPS=$NAT_PUBLIC_IPS
ROUTE_TABLE_IDS=$(join "$PUBLIC_RTB" "$DATABASE_RTB" "${PRIVATE_RTBS[@]}")
SECURITY_GROUP_ID_CONNECTOR=$CONNECTOR_SG
SECURITY_GROUP_ID_DATABASE=$DATABASE_SG
VPC_CONNECTOR_ARN=$CONNECTOR_ARN
SERVICE_ARN=$SERVICE_ARN
SERVICE_URL=$SERVICE_URL
IDS
