// Doctor: can this App Runner service (or these subnets, this Lambda function, this ECS service) reach
// the internet, and if not, why and what fixes it. Read-only. Contract: README.md and the guide's labs/doctor page. Exit codes: 0 every subnet reaches
// the destination, 1 at least one does not (or cannot be followed: verdict "unknown"), 2 usage,
// credentials or API errors. scripts/doctor.ts is its
// entry point.

import { writeFile } from "node:fs/promises";
import { checkEndpointAnswers, parseEndpoint } from "./check-endpoint.ts";
import { createAwsClients } from "./clients.ts";
import { envRegion, nonEmpty, parseFlags, UsageError } from "./command-line.ts";
import { type Diagnosis, diagnoseEgress } from "./diagnose-egress.ts";
import { diagnoseRecipe, type RecipeFile } from "./diagnose-recipe.ts";
import { describeAwsError } from "./errors.ts";
import { formatDiagnosis, toDoctorExport, toDoctorJson } from "./format-diagnosis.ts";
import { loadTopology } from "./load-topology.ts";
import { readRecipeFile } from "./read-recipe-file.ts";
import { type LookupHost, resolveDestination } from "./resolve-destination.ts";
import { type DoctorInput, DoctorInputError } from "./resolve-doctor-input.ts";
import { ENDPOINT_VARIABLES } from "./target.ts";

export const HELP = `Usage: npx tsx scripts/doctor.ts (--service <name|arn> | --vpc-connector <arn> |
                                --lambda-function <name|arn> | --ecs-service <cluster>/<service> |
                                --subnets <id,...> [--security-groups <id,...>] |
                                --template <file> | --terraform-plan <file>)
                               [--destination <host|ip>] [--port 443] [--json] [--export <file>]
                               [--region <name>] [--profile <name>]

Traces outbound TCP from each subnet to the destination with the same model as the guide, using only
read-only Describe/List calls, and says why a subnet cannot get out and what to change.

  --service          an App Runner service name or ARN (DEFAULT egress is reported as AWS-managed)
  --vpc-connector    an App Runner VPC connector ARN
  --lambda-function  a Lambda function name or ARN: its VpcConfig's subnets and security groups
                     (Lambda's interfaces never have a public IP); no VpcConfig: Lambda's own
                     networking, reported as such
  --ecs-service      <cluster>/<service> (or a service ARN): the awsvpc subnets, security groups and
                     assignPublicIp of its tasks; a Fargate task with a public IP in a public subnet
                     goes out through the internet gateway
  --subnets          subnet IDs (EC2, or anything else: interfaces without a public IP)
  --security-groups  with --subnets; none means the VPC's default group
  --template         before deployment: a CloudFormation template (JSON or YAML, cdk synth output
                     too); every App Runner VPC connector a service uses, Lambda function with a
                     VpcConfig and ECS service with awsvpc networking in it is traced through the
                     network the template declares; fixes name its logical IDs
  --terraform-plan   before deployment: the JSON of \`terraform show -json <planfile>\`, read the
                     same way; fixes name Terraform addresses
                     With either, no AWS call is made unless the file uses existing subnets or VPCs
                     by ID; those are loaded read-only when credentials allow, else the subnets
                     that need them get the verdict "unknown" (UNRESOLVED_REFERENCE)
  --destination      a host name (resolved here: its IPv4 address, or its IPv6 address when it has
                     only AAAA records) or an IPv4 or IPv6 address; default: the internet,
                     represented by 203.0.113.10 (RFC 5737 documentation address). AWS service
                     names (secretsmanager.<region>.amazonaws.com, sts.<region>.amazonaws.com, ...)
                     are not looked up: they reach an interface endpoint in the VPC when its
                     private DNS answers them, else a public address (203.0.113.10 stands for it)
  --port             TCP port, default 443
  --json             print the result as JSON (on exit 2: {"verdict": "error", "error": {...}})
  --export           also write what was read (the VPC's topology, the interfaces traced, the
                     destination) to <file> as JSON, to diagnose it again in the guide's
                     playground page, which runs in your browser and sends nothing anywhere
  --region, --profile  as for the AWS CLI (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL also work)

Exit codes: 0 every subnet reaches the destination, 1 at least one does not or its path continues
where these credentials cannot read (verdict "unknown": the output says what to run next, and where),
2 usage, credentials or API errors, or a file that cannot be read as a template or plan. The IAM
permissions needed are in scripts/doctor-iam-policy.json.`;

export interface DoctorIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  lookupHost?: LookupHost;
}

const OPTIONS = {
  service: { type: "string" },
  "vpc-connector": { type: "string" },
  "lambda-function": { type: "string" },
  "ecs-service": { type: "string" },
  subnets: { type: "string" },
  "security-groups": { type: "string" },
  template: { type: "string" },
  "terraform-plan": { type: "string" },
  destination: { type: "string" },
  port: { type: "string", default: "443" },
  json: { type: "boolean", default: false },
  export: { type: "string" },
  region: { type: "string" },
  profile: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** What `--json` prints on stdout when the doctor stops with exit code 2. */
export interface DoctorJsonError {
  verdict: "error";
  error: { kind: "usage" | "input" | "aws" | "unexpected"; name: string; message: string; hint: string };
}

export async function runDoctor(argv: readonly string[], io: DoctorIo): Promise<number> {
  // Known before parsing succeeds, so that a usage error still answers --json in JSON.
  const json = argv.includes("--json");
  const fail = (error: DoctorJsonError["error"], text: string): number => {
    if (json)
      io.stdout(`${JSON.stringify({ verdict: "error", error } satisfies DoctorJsonError, null, 2)}\n`);
    io.stderr(text);
    return 2;
  };
  let values: ReturnType<typeof parse>;
  let input: DoctorInput | RecipeInput;
  let port: number;
  try {
    values = parse(argv);
    if (values.help) {
      io.stdout(`${HELP}\n`);
      return 0;
    }
    input = readRecipeInput(values) ?? readInput(values);
    port = readPort(values.port);
    if (values.export !== undefined) {
      required(values.export, "--export");
      if (input.kind === "recipe-file")
        throw new UsageError(
          "--export writes what the doctor read from an account; with --template or --terraform-plan the file itself is the input (run the doctor with --subnets after deployment to export).",
        );
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(
      { kind: "usage", name: "UsageError", message, hint: "Run with --help for usage." },
      `doctor: ${message}\n\n${HELP}\n`,
    );
  }

  // An ARN names its region; it beats the environment's, which may be set for other work.
  const region =
    values.region ??
    regionOfArn(
      values.service ?? values["vpc-connector"] ?? values["lambda-function"] ?? values["ecs-service"],
    ) ??
    envRegion(io.env);
  const endpoint = nonEmpty(io.env["AWS_ENDPOINT_URL"]);
  let clients: ReturnType<typeof createAwsClients> | undefined;
  try {
    // A malformed endpoint or one where nothing answers is named before the SDK turns it into UnknownError.
    for (const variable of ENDPOINT_VARIABLES) {
      const value = nonEmpty(io.env[variable]);
      if (value !== undefined) await checkEndpointAnswers(variable, parseEndpoint(variable, value));
    }
    const destination = await resolveDestination(values.destination, port, io.lookupHost);
    // Without --region or AWS_REGION the SDK may still find one in the profile; it throws "Region is missing" if not.
    const connect = async () => {
      clients = createAwsClients({
        region: region ?? (await regionFromProfile(values.profile)),
        ...(values.profile === undefined ? {} : { profile: values.profile }),
        // Passed explicitly so that an in-process run (tests) honours io.env; the SDK reads process.env.
        ...(endpoint === undefined ? {} : { endpoint }),
        maxAttempts: 3,
      });
      return clients;
    };
    let diagnosis: Diagnosis;
    if (input.kind === "recipe-file") {
      // A template or plan is diagnosed offline; the account is asked only for existing resources
      // it refers to by ID, and a failure there makes those subnets "unknown", not the run an error.
      const file = await readRecipeFile(input.format, input.path, region ?? "us-east-1");
      diagnosis = await diagnoseRecipe({
        file,
        destination,
        loadExisting: async (ids) => {
          try {
            return await loadTopology((await connect()).ec2, ids);
          } catch (error) {
            const described = describeAwsError(error, {
              tool: "doctor",
              ...(region === undefined ? {} : { region }),
              ...(endpoint === undefined ? {} : { endpoint }),
            });
            throw new Error(`${described.message}${described.hint === "" ? "" : ` ${described.hint}`}`);
          }
        },
      });
    } else {
      const { ec2, appRunner, lambda, ecs } = await connect();
      diagnosis = await diagnoseEgress({ ec2, appRunner, lambda, ecs, input, destination });
    }
    if (values.export !== undefined) {
      const file = values.export.trim();
      try {
        await writeFile(file, `${JSON.stringify(toDoctorExport(diagnosis), null, 2)}\n`);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new UsageError(`cannot write the --export file ${file}: ${reason}`);
      }
      // On stderr: with --json, stdout holds the JSON report only.
      io.stderr(
        `doctor: wrote ${file}; load it in the guide's playground page (diagnosed in your browser, sent nowhere).\n`,
      );
    }
    if (values.json) io.stdout(`${JSON.stringify(toDoctorJson(diagnosis), null, 2)}\n`);
    else io.stdout(`${formatDiagnosis(diagnosis).join("\n")}\n`);
    return diagnosis.verdict === "reachable" ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      return fail(
        { kind: "usage", name: error.name, message: error.message, hint: "" },
        `doctor: ${error.message}\n`,
      );
    }
    if (error instanceof DoctorInputError) {
      return fail(
        { kind: "input", name: error.name, message: error.message, hint: error.hint },
        `doctor: ${error.message}\n${error.hint}\n`,
      );
    }
    const described = describeAwsError(error, {
      tool: "doctor",
      ...(region === undefined ? {} : { region }),
      ...(endpoint === undefined ? {} : { endpoint }),
    });
    const name = error instanceof Error ? error.name : "Error";
    return fail(
      {
        kind: described.known ? "aws" : "unexpected",
        name,
        message: described.message,
        hint: described.hint,
      },
      described.known
        ? `doctor: ${described.message}\n${described.hint}\n`
        : `doctor: unexpected error: ${described.message}\n${error instanceof Error && error.stack ? error.stack : ""}\n`,
    );
  } finally {
    clients?.destroy();
  }
}

function parse(argv: readonly string[]) {
  return parseFlags(argv, OPTIONS);
}

const ONE_INPUT =
  "give exactly one of --service, --vpc-connector, --lambda-function, --ecs-service, --subnets, --template or --terraform-plan.";

interface RecipeInput {
  kind: "recipe-file";
  format: RecipeFile["format"];
  path: string;
}

/** --template or --terraform-plan, alone (a file says itself which workloads and subnets). */
function readRecipeInput(values: ReturnType<typeof parse>): RecipeInput | undefined {
  const template = values.template;
  const plan = values["terraform-plan"];
  if (template === undefined && plan === undefined) return undefined;
  const others = [
    values.service,
    values["vpc-connector"],
    values["lambda-function"],
    values["ecs-service"],
    values.subnets,
    values["security-groups"],
  ];
  if ((template !== undefined && plan !== undefined) || others.some((value) => value !== undefined))
    throw new UsageError(
      `${ONE_INPUT.slice(0, -1)} (a template or plan names its own workloads, subnets and security groups).`,
    );
  if (template !== undefined)
    return { kind: "recipe-file", format: "cloudformation", path: required(template, "--template") };
  return { kind: "recipe-file", format: "terraform-plan", path: required(plan ?? "", "--terraform-plan") };
}

function readInput(values: ReturnType<typeof parse>): DoctorInput {
  const given = [
    values.service,
    values["vpc-connector"],
    values["lambda-function"],
    values["ecs-service"],
    values.subnets,
  ].filter((value) => value !== undefined);
  if (given.length !== 1) throw new UsageError(ONE_INPUT);
  if (values["security-groups"] !== undefined && values.subnets === undefined)
    throw new UsageError(
      "--security-groups goes with --subnets (a connector or service has its own groups).",
    );
  if (values.service !== undefined)
    return { kind: "service", service: required(values.service, "--service") };
  if (values["vpc-connector"] !== undefined)
    return {
      kind: "vpc-connector",
      arn: readConnectorArn(required(values["vpc-connector"], "--vpc-connector")),
    };
  if (values["lambda-function"] !== undefined)
    return {
      kind: "lambda-function",
      function: readFunctionName(required(values["lambda-function"], "--lambda-function")),
    };
  if (values["ecs-service"] !== undefined)
    return { kind: "ecs-service", ...readEcsService(required(values["ecs-service"], "--ecs-service")) };
  const subnetIds = splitList(values.subnets ?? "");
  if (subnetIds.length === 0) throw new UsageError("--subnets needs at least one subnet ID.");
  return { kind: "subnets", subnetIds, securityGroupIds: splitList(values["security-groups"] ?? "") };
}

/**
 * A VPC connector ARN as App Runner prints it: arn:aws:apprunner:<region>:<account>:vpcconnector/<name>/<revision>/<id>
 * (App Runner API Reference, VpcConnector.VpcConnectorArn). Checked here so that a service ARN or a
 * name gets the connector format in the message, not App Runner's generic refusal.
 */
function readConnectorArn(text: string): string {
  if (/^arn:aws[a-z-]*:apprunner:[a-z0-9-]+:\d{12}:vpcconnector\/[^/]+\/\d+\/[^/]+$/.test(text)) return text;
  throw new UsageError(
    `--vpc-connector needs a VPC connector ARN (arn:aws:apprunner:<region>:<account>:vpcconnector/<name>/<revision>/<id>), not ${text}. ` +
      "`aws apprunner list-vpc-connectors` lists them; for a service, use --service <name|arn>.",
  );
}

/**
 * A function name ("my-function"), a full ARN or a partial ARN ("123456789012:function:my-function"),
 * as GetFunctionConfiguration takes them (Lambda API Reference; the model's FunctionName pattern,
 * without its qualifier: the doctor reads the unpublished $LATEST configuration).
 */
function readFunctionName(text: string): string {
  if (
    /^(arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:|\d{12}:function:)?[a-zA-Z0-9_-]{1,64}$/.test(text)
  )
    return text;
  throw new UsageError(
    `--lambda-function needs a function name (letters, digits, - and _, up to 64) or ARN (arn:aws:lambda:<region>:<account>:function:<name>), not ${text}.`,
  );
}

/**
 * "<cluster>/<service>", or a service ARN in ECS's long format
 * (arn:aws:ecs:<region>:<account>:service/<cluster>/<service>), which names its cluster. Names are
 * letters, digits, hyphens and underscores, up to 255 (ECS API Reference, CreateCluster and CreateService).
 */
function readEcsService(text: string): { cluster: string; service: string } {
  const name = "[a-zA-Z0-9_-]{1,255}";
  const match =
    new RegExp(`^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:service/(${name})/(${name})$`).exec(text) ??
    new RegExp(`^(${name})/(${name})$`).exec(text);
  if (match) return { cluster: match[1] as string, service: match[2] as string };
  throw new UsageError(
    `--ecs-service needs <cluster>/<service> (for example prod/web) or a service ARN (arn:aws:ecs:<region>:<account>:service/<cluster>/<service>), not ${text}. ` +
      "`aws ecs list-clusters` and `aws ecs list-services --cluster <cluster>` list them.",
  );
}

function readPort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--port must be a whole number from 1 to 65535, not ${text}.`);
  return port;
}

function required(value: string, flag: string): string {
  if (value.trim() === "") throw new UsageError(`${flag} needs a value.`);
  return value.trim();
}

function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== ""),
    ),
  ];
}

/** "arn:aws:apprunner:eu-west-1:123456789012:service/..." -> "eu-west-1" (App Runner, Lambda, ECS ARNs). */
export function regionOfArn(text: string | undefined): string | undefined {
  return /^arn:aws[a-z-]*:(?:apprunner|lambda|ecs):([a-z0-9-]+):/.exec(text ?? "")?.[1];
}

/** The region from the shared config (~/.aws/config) the way the SDK finds it, or "Region is missing". */
async function regionFromProfile(profile: string | undefined): Promise<string> {
  const { EC2Client } = await import("@aws-sdk/client-ec2");
  const probe = new EC2Client(profile === undefined ? {} : { profile });
  try {
    return await probe.config.region();
  } finally {
    probe.destroy();
  }
}
