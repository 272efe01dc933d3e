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

# App Runner: the service first (a connector in use cannot be deleted), found by its tag.
for arn in $(aws_cli apprunner list-services --query 'ServiceSummaryList[].ServiceArn' | words); do
  tagged=$(aws_cli apprunner list-tags-for-resource --resource-arn "$arn" \
    --query "Tags[?Key=='apprunner-egress-lab:stack' && Value=='$STACK_NAME'] | length(@)")
  [ "$tagged" = 0 ] && continue
  aws_cli apprunner delete-service --service-arn "$arn" >/dev/null
  echo "deleting service $arn" >&2
  # App Runner has no CLI waiter: poll until the service is gone (up to 10 minutes).
  for _ in $(seq 120); do
    status=$(aws_cli apprunner describe-service --service-arn "$arn" --query Service.Status 2>/dev/null || echo DELETED)
    [ "$status" = DELETED ] && break
    sleep 5
  done
done
for arn in $(aws_cli apprunner list-vpc-connectors --query 'VpcConnectors[].VpcConnectorArn' | words); do
  tagged=$(aws_cli apprunner list-tags-for-resource --resource-arn "$arn" \
    --query "Tags[?Key=='apprunner-egress-lab:stack' && Value=='$STACK_NAME'] | length(@)")
  [ "$tagged" = 0 ] || aws_cli apprunner delete-vpc-connector --vpc-connector-arn "$arn" >/dev/null
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
  for rtb in $(aws_cli ec2 describe-route-tables --filters "$TAG_FILTER" "Name=vpc-id,Values=$vpc" \
    --query 'RouteTables[].RouteTableId' | words); do
    for association in $(aws_cli ec2 describe-route-tables --route-table-ids "$rtb" \
      --query 'RouteTables[].Associations[?!Main].RouteTableAssociationId' | words); do
      aws_cli ec2 disassociate-route-table --association-id "$association"
    done
    aws_cli ec2 delete-route-table --route-table-id "$rtb"
  done
  for subnet in $(aws_cli ec2 describe-subnets --filters "$TAG_FILTER" --query 'Subnets[].SubnetId' | words); do
    aws_cli ec2 delete-subnet --subnet-id "$subnet"
  done
  # The database group refers to the connector group: revoke its rules first.
  GROUPS=$(aws_cli ec2 describe-security-groups --filters "$TAG_FILTER" --query 'SecurityGroups[].GroupId' | words)
  for group in $GROUPS; do
    rules=$(aws_cli ec2 describe-security-group-rules --filters "Name=group-id,Values=$group" \
      --query 'SecurityGroupRules[?!IsEgress].SecurityGroupRuleId' | words)
    # shellcheck disable=SC2086
    [ -z "$rules" ] || aws_cli ec2 revoke-security-group-ingress --group-id "$group" --security-group-rule-ids $rules >/dev/null
  done
  for group in $GROUPS; do aws_cli ec2 delete-security-group --group-id "$group"; done
  for igw in $(aws_cli ec2 describe-internet-gateways --filters "$TAG_FILTER" \
    --query 'InternetGateways[].InternetGatewayId' | words); do
    aws_cli ec2 detach-internet-gateway --internet-gateway-id "$igw" --vpc-id "$vpc" || true
    aws_cli ec2 delete-internet-gateway --internet-gateway-id "$igw"
  done
  aws_cli ec2 delete-vpc --vpc-id "$vpc"
  echo "deleted $vpc" >&2
done
