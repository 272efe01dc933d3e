#!/usr/bin/env bash
# Deletes what create.sh made, found by the tag apprunner-egress-lab:stack=$STACK_NAME, in reverse
# dependency order. Safe to run again after a partial run, and while create.sh is still running
# elsewhere: each step deletes only what still exists, and waits for operations in progress.
#
#   STACK_NAME=egress-recipe AWS_REGION=us-east-1 ./delete.sh
#
# Environment: STACK_NAME, AWS_REGION / AWS_DEFAULT_REGION / AWS_PROFILE, AWS_CLI and
# AWS_CLI_ENDPOINT_ARGS as for create.sh, and
#   APPRUNNER_TIMEOUT_SECONDS   how long to wait for the service and the connector (default 1200)
#   DEPENDENCY_TIMEOUT_SECONDS  how long to retry DependencyViolation while AWS releases the connector's
#                               network interfaces (default 1200, Terraform's default for subnets)
#
# The billing resources (the App Runner service, NAT gateways, Elastic IPs) are deleted even when an
# earlier step fails; the exit code is non-zero if anything is left, and a second run finishes the job.
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$SCRIPT_DIR/common.sh"
APPRUNNER_TIMEOUT_SECONDS="${APPRUNNER_TIMEOUT_SECONDS:-1200}"
DEPENDENCY_TIMEOUT_SECONDS="${DEPENDENCY_TIMEOUT_SECONDS:-1200}"
validate_stack_name
resolve_region

TAG_FILTER="Name=tag:$TAG_KEY,Values=$STACK_NAME"
ERRORS=$(mktemp "${TMPDIR:-/tmp}/egress-recipe-delete.XXXXXX")
trap 'rm -f "$ERRORS"' EXIT
FAILED=0
fail() {
  say "$@"
  FAILED=1
}

# Runs an AWS CLI call; while it fails with one of the given error codes (a |-separated list, "-" for
# none), waits POLL_SECONDS and tries again, for at most the given number of seconds. An error saying
# the resource does not exist (ResourceNotFoundException, Invalid...NotFound) counts as done: another
# run of delete.sh, or create.sh's cleanup, got there first. Any other error fails at once.
#   retry_on DependencyViolation 1200 ec2 delete-subnet --subnet-id subnet-...
retry_on() {
  local codes="$1" timeout="$2" started code
  shift 2
  started=$(date +%s)
  while :; do
    if aws_cli "$@" >/dev/null 2>"$ERRORS"; then return 0; fi
    code=$(error_code <"$ERRORS")
    case "$code" in ResourceNotFoundException | Invalid*NotFound) return 0 ;; esac
    # App Runner's model gives DeleteVpcConnector no InvalidStateException; users saw "is being used by
    # other services" after deleting the service (aws/apprunner-roadmap#161). Retry that message whatever
    # its code.
    if grep -Eqi 'in use|being used' "$ERRORS" && [ "$codes" = "$CONNECTOR_IN_USE" ]; then code=in-use; fi
    case "|$codes|" in
      *"|$code|"*) ;;
      *)
        cat "$ERRORS" >&2
        return 1
        ;;
    esac
    if [ $(($(date +%s) - started)) -ge "$timeout" ]; then
      cat "$ERRORS" >&2
      say "still $code after $timeout s: $*"
      return 1
    fi
    say "$code, retrying in $POLL_SECONDS s: $*"
    sleep "$POLL_SECONDS"
  done
}
CONNECTOR_IN_USE="InvalidStateException|in-use"

# An App Runner resource create.sh named $STACK_NAME-..., deleted only if it also carries the stack tag.
tagged() {
  [ "$(aws_cli apprunner list-tags-for-resource --resource-arn "$1" \
    --query "Tags[?Key=='$TAG_KEY' && Value=='$STACK_NAME'] | length(@)")" = 1 ]
}

# Deletes one service and waits until it is gone. A service whose creation or update is still in
# progress cannot be deleted (InvalidStateException): wait for the operation to end. Only
# ResourceNotFoundException or the status DELETED mean gone; other describe errors are retried.
# DELETE_FAILED: deletion is requested again, once.
delete_service() {
  local arn="$1" started status code requested=0 failures=0
  started=$(date +%s)
  while :; do
    if status=$(aws_cli apprunner describe-service --service-arn "$arn" --query Service.Status 2>"$ERRORS"); then
      case "$status" in
        DELETED) break ;;
        OPERATION_IN_PROGRESS) ;;
        DELETE_FAILED)
          if [ "$requested" -ge 2 ]; then
            fail "service $arn is DELETE_FAILED twice; see its operations (aws apprunner list-operations)."
            return 1
          fi
          retry_on InvalidStateException "$APPRUNNER_TIMEOUT_SECONDS" apprunner delete-service --service-arn "$arn" ||
            return 1
          requested=$((requested + 1))
          ;;
        *)
          if [ "$requested" -eq 0 ]; then
            say "deleting service $arn ($status)"
            retry_on InvalidStateException "$APPRUNNER_TIMEOUT_SECONDS" apprunner delete-service --service-arn "$arn" ||
              {
                fail "could not delete service $arn"
                return 1
              }
            requested=1
          fi
          ;;
      esac
    else
      code=$(error_code <"$ERRORS")
      [ "$code" = ResourceNotFoundException ] && break
      cat "$ERRORS" >&2
      failures=$((failures + 1))
      if [ "$failures" -ge 5 ]; then
        fail "cannot read service $arn's status"
        return 1
      fi
    fi
    if [ $(($(date +%s) - started)) -ge "$APPRUNNER_TIMEOUT_SECONDS" ]; then
      fail "service $arn is not deleted after $APPRUNNER_TIMEOUT_SECONDS s"
      return 1
    fi
    sleep "$POLL_SECONDS"
  done
  say "deleted service $arn"
}

# ---- App Runner: the service first (a connector in use cannot be deleted) ----
APPRUNNER_OK=1
if SERVICES=$(aws_cli apprunner list-services \
  --query "ServiceSummaryList[?ServiceName=='$STACK_NAME-service'].ServiceArn" | words); then
  for arn in $SERVICES; do
    if tagged "$arn"; then delete_service "$arn" || APPRUNNER_OK=0; fi
  done
else
  fail "could not list App Runner services"
  APPRUNNER_OK=0
fi
# Shortly after its service is deleted, a connector can still be reported in use
# (aws/apprunner-roadmap#161): retry that for a while.
if [ "$APPRUNNER_OK" = 1 ]; then
  if CONNECTORS=$(aws_cli apprunner list-vpc-connectors \
    --query "VpcConnectors[?VpcConnectorName=='$STACK_NAME-connector' && Status=='ACTIVE'].VpcConnectorArn" | words); then
    for arn in $CONNECTORS; do
      tagged "$arn" || continue
      if retry_on "$CONNECTOR_IN_USE" "$APPRUNNER_TIMEOUT_SECONDS" \
        apprunner delete-vpc-connector --vpc-connector-arn "$arn"; then
        say "deleted VPC connector $arn"
      else
        fail "could not delete VPC connector $arn"
        APPRUNNER_OK=0
      fi
    done
  else
    fail "could not list VPC connectors"
    APPRUNNER_OK=0
  fi
else
  say "keeping the VPC connector: its service is not deleted"
fi

# ---- NAT gateways and Elastic IPs: they bill by the hour, so they go whatever happened above ----
if NATS=$(aws_cli ec2 describe-nat-gateways --filter "$TAG_FILTER" Name=state,Values=pending,available,deleting \
  --query 'NatGateways[].[NatGatewayId,State]' | tr '\t' ' '); then
  DELETING=""
  while read -r nat state; do
    [ -n "$nat" ] || continue
    if [ "$state" != deleting ]; then
      retry_on - 0 ec2 delete-nat-gateway --nat-gateway-id "$nat" ||
        fail "could not delete NAT gateway $nat"
    fi
    DELETING="$DELETING $nat"
  done <<<"$NATS"
  if [ -n "$DELETING" ]; then
    say "waiting for NAT gateways$DELETING to be deleted"
    # shellcheck disable=SC2086 # a list of IDs
    aws_cli ec2 wait nat-gateway-deleted --nat-gateway-ids $DELETING || fail "NAT gateways$DELETING not deleted"
  fi
else
  fail "could not list NAT gateways"
fi
if ADDRESSES=$(aws_cli ec2 describe-addresses --filters "$TAG_FILTER" --query 'Addresses[].AllocationId' | words); then
  for allocation in $ADDRESSES; do
    # Still associated while its NAT gateway is being deleted: InvalidIPAddress.InUse, retried.
    retry_on InvalidIPAddress.InUse 600 ec2 release-address --allocation-id "$allocation" ||
      fail "could not release Elastic IP $allocation"
  done
else
  fail "could not list Elastic IPs"
fi

# ---- The network: free, but kept while the connector's interfaces would block it ----
if [ "$APPRUNNER_OK" = 0 ]; then
  say "kept the VPC, subnets and security groups: the App Runner service or connector is not deleted." \
    "Run delete.sh again."
  exit 1
fi
# Deleting a subnet or a security group fails with DependencyViolation until AWS has released the
# connector's network interfaces (Hyperplane ENIs), which can take many minutes after the connector
# is deleted: retried for DEPENDENCY_TIMEOUT_SECONDS.
VPCS=$(aws_cli ec2 describe-vpcs --filters "$TAG_FILTER" --query 'Vpcs[].VpcId' | words) || {
  fail "could not list VPCs"
  VPCS=""
}
for vpc in $VPCS; do
  # Deleting a subnet also removes its route table associations.
  for subnet in $(aws_cli ec2 describe-subnets --filters "$TAG_FILTER" "Name=vpc-id,Values=$vpc" \
    --query 'Subnets[].SubnetId' | words); do
    retry_on DependencyViolation "$DEPENDENCY_TIMEOUT_SECONDS" ec2 delete-subnet --subnet-id "$subnet" ||
      fail "could not delete subnet $subnet"
  done
  for rtb in $(aws_cli ec2 describe-route-tables --filters "$TAG_FILTER" "Name=vpc-id,Values=$vpc" \
    --query 'RouteTables[].RouteTableId' | words); do
    retry_on DependencyViolation "$DEPENDENCY_TIMEOUT_SECONDS" ec2 delete-route-table --route-table-id "$rtb" ||
      fail "could not delete route table $rtb"
  done
  # A group another group's rule refers to cannot be deleted (DependencyViolation): revoke the
  # rules that refer to a group first, one describe for all of the stack's groups.
  SECURITY_GROUPS=$(aws_cli ec2 describe-security-groups --filters "$TAG_FILTER" "Name=vpc-id,Values=$vpc" \
    --query 'SecurityGroups[].GroupId' | words)
  if [ -n "$SECURITY_GROUPS" ]; then
    RULES=$(aws_cli ec2 describe-security-group-rules \
      --filters "Name=group-id,Values=$(echo "$SECURITY_GROUPS" | paste -s -d, -)" \
      --query 'SecurityGroupRules[?!IsEgress && ReferencedGroupInfo].[GroupId,SecurityGroupRuleId]' | tr '\t' ' ') ||
      fail "could not list the security groups' rules"
    while read -r group rule; do
      [ -n "$rule" ] || continue
      aws_cli ec2 revoke-security-group-ingress --group-id "$group" --security-group-rule-ids "$rule" >/dev/null ||
        fail "could not revoke rule $rule of $group"
    done <<<"$RULES"
  fi
  for group in $SECURITY_GROUPS; do
    retry_on DependencyViolation "$DEPENDENCY_TIMEOUT_SECONDS" ec2 delete-security-group --group-id "$group" ||
      fail "could not delete security group $group"
  done
  for igw in $(aws_cli ec2 describe-internet-gateways --filters "$TAG_FILTER" \
    --query 'InternetGateways[].InternetGatewayId' | words); do
    # Detaching fails with Gateway.NotAttached when an earlier run already detached it.
    retry_on DependencyViolation "$DEPENDENCY_TIMEOUT_SECONDS" ec2 detach-internet-gateway \
      --internet-gateway-id "$igw" --vpc-id "$vpc" || true
    retry_on DependencyViolation "$DEPENDENCY_TIMEOUT_SECONDS" ec2 delete-internet-gateway \
      --internet-gateway-id "$igw" || fail "could not delete internet gateway $igw"
  done
  if retry_on DependencyViolation "$DEPENDENCY_TIMEOUT_SECONDS" ec2 delete-vpc --vpc-id "$vpc"; then
    say "deleted $vpc"
  else
    fail "could not delete $vpc"
  fi
done

if [ "$FAILED" = 1 ]; then
  say "Some resources of stack '$STACK_NAME' are left (see above); run delete.sh again."
  exit 1
fi
say "Stack '$STACK_NAME' deleted."
