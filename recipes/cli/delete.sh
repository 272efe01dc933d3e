#!/usr/bin/env bash
# Deletes what create.sh made, found by the tag apprunner-egress-lab:stack=$STACK_NAME, in reverse
# dependency order. Safe to run again after a partial run: each step deletes only what still exists.
#   STACK_NAME=egress-recipe AWS_REGION=us-east-1 ./delete.sh
set -euo pipefail

STACK_NAME="${STACK_NAME:-egress-recipe}"
REGION="${AWS_REGION:-us-east-1}"
# shellcheck disable=SC2086 # AWS_CLI_ENDPOINT_ARGS is a list of words on purpose
aws_cli() { "${AWS_CLI:-aws}" ${AWS_CLI_ENDPOINT_ARGS:-} --region "$REGION" --output text "$@"; }
TAG_FILTER="Name=tag:apprunner-egress-lab:stack,Values=$STACK_NAME"
words() { tr '\t' '\n' | grep -v '^None$' | grep -v '^$' || true; }
# After a VPC connector or NAT gateway is deleted, AWS can take a few minutes to release its network
# interfaces; until then deleting their subnet or security group fails with DependencyViolation.
# Retry those (up to 5 minutes), and fail on any other error at once.
retry_dependency() {
  local output
  for _ in $(seq 30); do
    if output=$("$@" 2>&1); then return 0; fi
    case "$output" in *DependencyViolation*) echo "waiting for AWS to release interfaces: $*" >&2; sleep 10 ;;
      *) echo "$output" >&2; return 1 ;; esac
  done
  echo "$output" >&2
  return 1
}
# An App Runner resource create.sh named $STACK_NAME-..., deleted only if it also carries the stack tag.
tagged() {
  [ "$(aws_cli apprunner list-tags-for-resource --resource-arn "$1" \
    --query "Tags[?Key=='apprunner-egress-lab:stack' && Value=='$STACK_NAME'] | length(@)")" != 0 ]
}

# App Runner: the service first (a connector in use cannot be deleted).
for arn in $(aws_cli apprunner list-services \
  --query "ServiceSummaryList[?ServiceName=='$STACK_NAME-service'].ServiceArn" | words); do
  tagged "$arn" || continue
  aws_cli apprunner delete-service --service-arn "$arn" >/dev/null
  echo "deleting service $arn" >&2
  # App Runner has no CLI waiter: poll until the service is gone (up to 10 minutes).
  for _ in $(seq 120); do
    status=$(aws_cli apprunner describe-service --service-arn "$arn" --query Service.Status 2>/dev/null || echo DELETED)
    [ "$status" = DELETED ] && break
    sleep 5
  done
done
for arn in $(aws_cli apprunner list-vpc-connectors \
  --query "VpcConnectors[?VpcConnectorName=='$STACK_NAME-connector' && Status=='ACTIVE'].VpcConnectorArn" | words); do
  tagged "$arn" && aws_cli apprunner delete-vpc-connector --vpc-connector-arn "$arn" >/dev/null
done

NATS=$(aws_cli ec2 describe-nat-gateways --filter "$TAG_FILTER" Name=state,Values=pending,available \
  --query 'NatGateways[].NatGatewayId' | words)
for nat in $NATS; do aws_cli ec2 delete-nat-gateway --nat-gateway-id "$nat" >/dev/null; done
# shellcheck disable=SC2086
[ -z "$NATS" ] || aws_cli ec2 wait nat-gateway-deleted --nat-gateway-ids $NATS
for allocation in $(aws_cli ec2 describe-addresses --filters "$TAG_FILTER" --query 'Addresses[].AllocationId' | words); do
  aws_cli ec2 release-address --allocation-id "$allocation"
done

for vpc in $(aws_cli ec2 describe-vpcs --filters "$TAG_FILTER" --query 'Vpcs[].VpcId' | words); do
  # Deleting a subnet also removes its route table association, so the route tables need no
  # DisassociateRouteTable calls once the subnets are gone.
  for subnet in $(aws_cli ec2 describe-subnets --filters "$TAG_FILTER" "Name=vpc-id,Values=$vpc" \
    --query 'Subnets[].SubnetId' | words); do
    retry_dependency aws_cli ec2 delete-subnet --subnet-id "$subnet"
  done
  for rtb in $(aws_cli ec2 describe-route-tables --filters "$TAG_FILTER" "Name=vpc-id,Values=$vpc" \
    --query 'RouteTables[].RouteTableId' | words); do
    aws_cli ec2 delete-route-table --route-table-id "$rtb"
  done
  # A group another group's rule refers to cannot be deleted (DependencyViolation): revoke the
  # rules that refer to a group first, one describe for all of the stack's groups.
  SECURITY_GROUPS=$(aws_cli ec2 describe-security-groups --filters "$TAG_FILTER" "Name=vpc-id,Values=$vpc" \
    --query 'SecurityGroups[].GroupId' | words)
  if [ -n "$SECURITY_GROUPS" ]; then
    aws_cli ec2 describe-security-group-rules --filters "Name=group-id,Values=$(paste -sd, <<<"$SECURITY_GROUPS")" \
      --query 'SecurityGroupRules[?!IsEgress && ReferencedGroupInfo].[GroupId,SecurityGroupRuleId]' |
      while read -r group rule; do
        [ -n "$rule" ] || continue
        aws_cli ec2 revoke-security-group-ingress --group-id "$group" --security-group-rule-ids "$rule" >/dev/null
      done
  fi
  for group in $SECURITY_GROUPS; do retry_dependency aws_cli ec2 delete-security-group --group-id "$group"; done
  for igw in $(aws_cli ec2 describe-internet-gateways --filters "$TAG_FILTER" \
    --query 'InternetGateways[].InternetGatewayId' | words); do
    aws_cli ec2 detach-internet-gateway --internet-gateway-id "$igw" --vpc-id "$vpc" || true
    aws_cli ec2 delete-internet-gateway --internet-gateway-id "$igw"
  done
  retry_dependency aws_cli ec2 delete-vpc --vpc-id "$vpc"
  echo "deleted $vpc" >&2
done
