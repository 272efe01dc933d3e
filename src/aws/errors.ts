// Known AWS and SDK errors, matched by error.name (as the SDK examples do), each with a message that
// says what went wrong and a hint that says what to do. A table, so a new entry is one line-block.
// Unknown errors are described raw (known: false): callers decide whether to show or rethrow them.

/** The command that failed: its advice (policy file, what to run again) is given, no other's. */
export type AwsTool = "doctor" | "notebook" | "cleanup";

interface ToolAdvice {
  /** Where the permissions the command needs are listed. */
  policy: string;
  /** What to run again once the cause is fixed. */
  rerun: string;
  /** What to do when the account cannot use App Runner. */
  withoutAppRunner: string;
}

const TOOL_ADVICE: Record<AwsTool, ToolAdvice> = {
  doctor: {
    policy: "scripts/doctor-iam-policy.json lists every permission the doctor needs (all read-only).",
    rerun: "run the doctor again",
    withoutAppRunner:
      "Diagnose the same network position with --subnets <ids> [--security-groups <ids>] (a Lambda function, Fargate task or EC2 instance without a public IP).",
  },
  notebook: {
    policy: "notebooks/iam-policy.json lists every permission the notebooks and cleanup need.",
    rerun: "run the notebook again",
    withoutAppRunner:
      "Run the notebook with --workload instance (an EC2 instance in the same network position) or --workload auto.",
  },
  cleanup: {
    policy: "notebooks/iam-policy.json lists every permission the notebooks and cleanup need.",
    rerun: "run npm run cleanup again",
    withoutAppRunner: "The lab's App Runner resources can only exist in an account that can use App Runner.",
  },
};

/** Advice when the caller did not say which command failed: nothing that names another tool. */
const NO_TOOL_ADVICE: ToolAdvice = {
  policy: "",
  rerun: "try again",
  withoutAppRunner:
    "Use an EC2 instance, Lambda function or Fargate task without a public IP: it sits in the same network position.",
};

export interface AwsErrorContext {
  /** The command that failed; its own advice is given (default: advice that names no command). */
  tool?: AwsTool;
  /** The IAM action of the failed call ("ec2:DescribeRouteTables"), when the caller knows it. */
  action?: string;
  /** What was being looked up: "subnet subnet-0abc", "App Runner service my-app". */
  resource?: string;
  region?: string;
  endpoint?: string;
}

export interface AwsErrorDescription {
  message: string;
  hint: string;
  known: boolean;
}

type Describe = (
  error: Error,
  context: AwsErrorContext,
  advice: ToolAdvice,
) => Omit<AwsErrorDescription, "known">;

const credentialsMissing: Describe = () => ({
  message: "No AWS credentials were found.",
  hint: "Set AWS_PROFILE (or --profile) to a configured profile, run `aws sso login` for an SSO profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Against the emulator, any dummy values work.",
});

const credentialsRejected: Describe = (error) => ({
  message: `AWS rejected the credentials: ${error.message}`,
  hint: "Check that the access key exists and is active, or refresh the session (`aws sso login`, new temporary credentials).",
});

const credentialsExpired: Describe = (_error, _context, advice) => ({
  message: "The AWS credentials have expired.",
  hint: `Refresh them (\`aws sso login --profile <name>\`, or new temporary credentials) and ${advice.rerun}.`,
});

const accessDenied: Describe = (error, context, advice) => {
  const action = context.action ?? findActionInMessage(error.message);
  return {
    message:
      action === undefined
        ? `Access denied: ${error.message}`
        : `Access denied: the credentials may not call ${action}.`,
    hint: `Grant ${action ?? "the missing permission"} to the identity you use.${advice.policy === "" ? "" : ` ${advice.policy}`}`,
  };
};

const notFound =
  (what: string, where: string): Describe =>
  (error, context) => ({
    message: `${context.resource ?? what} was not found${context.region === undefined ? "" : ` in ${context.region}`}: ${error.message}`,
    hint: `Check the ID and the region (--region or AWS_REGION): ${where}`,
  });

const malformed =
  (what: string): Describe =>
  (error) => ({
    message: `Malformed ${what}: ${error.message}`,
    hint: `Give ${what}s as AWS prints them (for example subnet-0123456789abcdef0, sg-0123456789abcdef0).`,
  });

const throttled: Describe = (_error, _context, advice) => ({
  message: "AWS throttled the requests even after retries.",
  hint: `Wait a minute and ${advice.rerun}; other tools may be calling the same API heavily.`,
});

const unreachableEndpoint: Describe = (error, context) => ({
  message: `Could not connect to ${context.endpoint ?? "the AWS endpoint"}: ${error.message}`,
  hint: "If you use the emulator, start it (npm run emulator) and check AWS_ENDPOINT_URL; otherwise check the network and the region name.",
});

const regionMissing: Describe = () => ({
  message: "No AWS region is configured.",
  hint: "Pass --region (for example --region us-east-1), export AWS_REGION, or set region in the profile.",
});

const notAppRunnerCustomer: Describe = (error, _context, advice) => ({
  message: `This account cannot use App Runner: ${error.message}`,
  hint: `App Runner stopped accepting new customers in 2026. ${advice.withoutAppRunner}`,
});

/** Keyed by error.name. The lab engineer may append lab-specific entries. */
export const AWS_ERRORS: Record<string, Describe> = {
  CredentialsProviderError: credentialsMissing,
  InvalidClientTokenId: credentialsRejected,
  UnrecognizedClientException: credentialsRejected,
  AuthFailure: credentialsRejected,
  SignatureDoesNotMatch: credentialsRejected,
  ExpiredToken: credentialsExpired,
  ExpiredTokenException: credentialsExpired,
  RequestExpired: credentialsExpired,
  UnauthorizedOperation: accessDenied,
  AccessDenied: accessDenied,
  AccessDeniedException: accessDenied,
  OptInRequired: (error) => ({
    message: `The account is not subscribed to this service or region: ${error.message}`,
    hint: "Enable the region in the account settings, or use another region.",
  }),
  "InvalidSubnetID.NotFound": notFound("A subnet", "DescribeSubnets lists the subnets of a region."),
  "InvalidSubnetID.Malformed": malformed("subnet ID"),
  "InvalidVpcID.NotFound": notFound("A VPC", "DescribeVpcs lists the VPCs of a region."),
  "InvalidGroup.NotFound": notFound("A security group", "DescribeSecurityGroups lists them."),
  "InvalidGroupId.Malformed": malformed("security group ID"),
  ResourceNotFoundException: notFound(
    "The App Runner resource",
    "`aws apprunner list-services` and `aws apprunner list-vpc-connectors` list them.",
  ),
  InvalidRequestException: (error) => ({
    message: `App Runner refused the request: ${error.message}`,
    hint: "Check the service name or ARN (arn:aws:apprunner:<region>:<account>:service/<name>/<id>).",
  }),
  NotAppRunnerCustomer: notAppRunnerCustomer,
  Throttling: throttled,
  ThrottlingException: throttled,
  RequestLimitExceeded: throttled,
  TimeoutError: unreachableEndpoint,
  ECONNREFUSED: unreachableEndpoint,
  ENOTFOUND: unreachableEndpoint,
  RegionMissing: regionMissing,
};

export function describeAwsError(error: unknown, context: AwsErrorContext = {}): AwsErrorDescription {
  if (!(error instanceof Error)) return { message: String(error), hint: "", known: false };
  const tagged = { ...context, ...(readAction(error) === undefined ? {} : { action: readAction(error) }) };
  const describe = AWS_ERRORS[classifyError(error)];
  if (describe === undefined) return { message: `${error.name}: ${error.message}`, hint: "", known: false };
  const advice = context.tool === undefined ? NO_TOOL_ADVICE : TOOL_ADVICE[context.tool];
  return { ...describe(error, tagged as AwsErrorContext, advice), known: true };
}

/** The table key of an error: its name, or a pseudo-name for errors the SDK reports generically. */
export function classifyError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code in AWS_ERRORS && error.name === "Error") return code;
  if (/region is missing/i.test(error.message)) return "RegionMissing";
  if (isNotAppRunnerCustomer(error)) return "NotAppRunnerCustomer";
  return error.name;
}

/**
 * How AWS refuses an account that is not an App Runner customer is not documented; the emulator and
 * reports seen so far use an access-denied style error whose message mentions customers.
 */
export function isNotAppRunnerCustomer(error: Error): boolean {
  return (
    /NotACustomer|SubscriptionRequired/i.test(error.name) ||
    (/AccessDenied|InvalidRequest|Forbidden/i.test(error.name) && /customer/i.test(error.message))
  );
}

// Symbol.for: one key even if the module is loaded twice (tests, tsx and vitest side by side).
const ACTION = Symbol.for("apprunner-egress-lab.awsAction");

/** Tags a failing call with its IAM action, so an access-denied message can name the permission. */
export async function tagAwsAction<T>(action: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof Error && readAction(error) === undefined)
      Object.defineProperty(error, ACTION, { value: action });
    throw error;
  }
}

function readAction(error: Error): string | undefined {
  const value = (error as unknown as Record<symbol, unknown>)[ACTION];
  return typeof value === "string" ? value : undefined;
}

/** IAM messages usually name the action: "... is not authorized to perform: ec2:DescribeRouteTables ...". */
function findActionInMessage(message: string): string | undefined {
  return /perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message)?.[1];
}
