# shellcheck shell=bash
# Shared by create.sh and delete.sh (sourced, not run). Written for bash 3.2 (macOS's /bin/bash) and
# for both BSD and GNU tools: no mapfile, associative arrays or ${x,,}; no GNU-only flags.

STACK_NAME="${STACK_NAME:-egress-recipe}"
# shellcheck disable=SC2034 # used by create.sh and delete.sh
TAG_KEY="apprunner-egress-lab:stack"
POLL_SECONDS="${POLL_SECONDS:-10}"

say() { echo "$@" >&2; }

# The region, as the AWS CLI would pick it: AWS_REGION, then AWS_DEFAULT_REGION, then the profile's
# region (`aws configure get region` reads AWS_PROFILE's section of ~/.aws/config). No silent default:
# resources in a region you did not mean are easy to forget and keep billing.
resolve_region() {
  REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
  if [ -z "$REGION" ]; then REGION=$("${AWS_CLI:-aws}" configure get region 2>/dev/null || true); fi
  if [ -z "$REGION" ]; then
    say "No AWS region: set AWS_REGION (or AWS_DEFAULT_REGION), or run" \
      "'aws configure set region <region>' for the profile ${AWS_PROFILE:-default}."
    exit 2
  fi
}

# App Runner names are 4-40 characters, [A-Za-z0-9][A-Za-z0-9-_]{3,39} (CreateVpcConnector and
# CreateService API references). The longest name built here is "$STACK_NAME-connector" (10 more
# characters), so STACK_NAME has at most 30. Security group names must not start with "sg-".
validate_stack_name() {
  if ! printf '%s\n' "$STACK_NAME" | LC_ALL=C grep -Eq '^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$'; then
    say "STACK_NAME '$STACK_NAME' cannot be used: 1-30 characters, letters, digits, '-' and '_'," \
      "starting with a letter or digit (it becomes '$STACK_NAME-connector', and App Runner names" \
      "have at most 40 characters)."
    exit 2
  fi
  case "$STACK_NAME" in sg-*)
    say "STACK_NAME must not start with 'sg-' (security group names cannot)."
    exit 2
    ;;
  esac
}

# shellcheck disable=SC2086 # AWS_CLI_ENDPOINT_ARGS is a list of words on purpose
aws_cli() { "${AWS_CLI:-aws}" ${AWS_CLI_ENDPOINT_ARGS:-} --region "$REGION" --output text "$@"; }

# Text output lists words separated by tabs; one per line, without the CLI's "None".
words() { tr '\t' '\n' | grep -v '^None$' | grep -v '^$' || true; }

# The AWS error code in the CLI's message "An error occurred (Code) when calling ...", or empty.
error_code() { sed -n 's/.*An error occurred (\([A-Za-z0-9.]*\)).*/\1/p' | head -n 1; }
