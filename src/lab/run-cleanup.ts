// npm run cleanup: deletes every resource carrying the lab tag in a region (or one stack's, with
// --stack), in dependency order, after listing them. Same target and confirmation rules as the
// notebooks; never touches an untagged resource or the default VPC (find-lab-resources.ts).

import { parseFlags, UsageError } from "../aws/command-line.ts";
import { selectTarget } from "../aws/target.ts";
import { EMBEDDED_GONE } from "./cleanup-command.ts";
import { askYesNo, connectTarget, mfaPrompt } from "./connect-target.ts";
import { describeLabError } from "./describe-lab-error.ts";
import { type AppRunnerCheck, describeUncheckedAppRunner, searchLabResources } from "./find-lab-resources.ts";
import { InterruptedError, type LabContext } from "./lab-context.ts";
import { createNarrator, type OutputStream } from "./narrator.ts";
import { teardownStack } from "./teardown-stack.ts";

export const CLEANUP_USAGE = `Usage: npm run cleanup -- [--region <name>] [--profile <name>] [--stack <name>] [--dry-run] [--yes] [--local]

Deletes every resource tagged apprunner-egress-lab:stack (any stack, or the one given) in one region,
in dependency order. Untagged resources and the default VPC are never touched.
Target: AWS_ENDPOINT_URL* (an emulator you started), else your AWS account after a confirmation; cleanup
never falls back to the emulator: without working credentials it stops with exit 2. --local has nothing
to clean: a notebook's embedded emulator ends with the notebook's process.
Exit codes: 0 nothing left, 1 something could not be deleted or App Runner could not be listed (the EC2
resources are deleted all the same), 2 usage, credentials or confirmation refused, 130 interrupted.`;

export interface CleanupOptions {
  argv: readonly string[];
  env?: NodeJS.ProcessEnv;
  stdout?: OutputStream;
  stderr?: OutputStream;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  signal?: AbortSignal;
}

export async function runCleanup(options: CleanupOptions): Promise<number> {
  const env = options.env ?? process.env;
  const narrator = createNarrator({
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    env,
  });
  let values: ReturnType<typeof parseCleanupArgs>;
  try {
    values = parseCleanupArgs(options.argv);
  } catch (error) {
    narrator.error(`${(error as Error).message}. Run with --help for the options.`);
    return 2;
  }
  return runWith(values, options, narrator, env);
}

function parseCleanupArgs(argv: readonly string[]) {
  return parseFlags(argv, {
    region: { type: "string" },
    profile: { type: "string" },
    stack: { type: "string" },
    local: { type: "boolean" },
    "dry-run": { type: "boolean" },
    yes: { type: "boolean", short: "y" },
    help: { type: "boolean", short: "h" },
  });
}

async function runWith(
  values: ReturnType<typeof parseCleanupArgs>,
  options: CleanupOptions,
  narrator: ReturnType<typeof createNarrator>,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  if (values.help) {
    narrator.line(CLEANUP_USAGE);
    return 0;
  }
  if (values.local) {
    // A new embedded emulator would be empty and say "Nothing tagged": say why instead.
    narrator.line(`--local: ${EMBEDDED_GONE}`);
    return 0;
  }
  const dryRun = values["dry-run"] ?? false;
  const yes = values.yes ?? false;
  const stdin = options.stdin ?? process.stdin;
  let close = async () => {};
  try {
    const target = await selectTarget({
      local: values.local ?? false,
      region: values.region,
      profile: values.profile,
      env,
      // Never "Nothing tagged" from an empty emulator while the real stack keeps billing.
      noEmulatorFallback: true,
      ...mfaPrompt(stdin.isTTY === true, options.stdin),
    });
    if (target.kind === "aws" && !yes && !dryRun && stdin.isTTY !== true) {
      throw new UsageError(
        `Refusing to delete resources in your AWS account (region ${target.region}) without confirmation: this is not an interactive terminal. Pass --yes, or --dry-run to list them.`,
      );
    }
    const connection = await connectTarget({
      target,
      narrator,
      env,
      yes: true,
      canPrompt: false,
      costLine: "",
      what: "",
      tool: "cleanup",
    });
    close = connection.close;
    const signal = options.signal ?? new AbortController().signal;
    const ctx: LabContext = {
      clients: connection.clients,
      narrator,
      stackName: values.stack ?? "",
      signal,
      timing: connection.timing,
    };
    const search = await searchLabResources(ctx, values.stack);
    const { resources } = search;
    const scope = values.stack === undefined ? "any lab stack" : `stack ${values.stack}`;
    const region = connection.clients.region;
    const appRunnerNote = (check: AppRunnerCheck) => {
      if (!check.checked) narrator.warn(describeUncheckedAppRunner(region, check.why));
    };
    if (resources.length === 0) {
      narrator.line(
        `Nothing tagged apprunner-egress-lab:stack (${scope}) in ${region}${search.appRunner.checked ? "" : " on the EC2 side"}.`,
      );
      appRunnerNote(search.appRunner);
      return search.appRunner.checked ? 0 : 1;
    }
    narrator.heading(`${resources.length} lab resources (${scope}) in ${region}:`);
    for (const resource of resources)
      narrator.line(
        `  ${resource.kind} ${resource.id} (stack ${resource.stack}${resource.name ? `, ${resource.name}` : ""})`,
      );
    if (dryRun) {
      appRunnerNote(search.appRunner);
      narrator.line("Dry run: nothing was deleted.");
      return 0;
    }
    if (target.kind === "aws" && !yes) {
      const ok = await askYesNo(
        `Delete these ${resources.length} resources in account ${connection.account}, region ${target.region}? [y/N] `,
        stdin,
      );
      if (!ok) throw new UsageError("Not confirmed: nothing was deleted.");
    }
    const report = await teardownStack(ctx, { stackName: values.stack, resources: search });
    for (const entry of report.left)
      narrator.error(`Left: ${entry.resource.kind} ${entry.resource.id}: ${entry.reason}`);
    narrator.line(
      report.left.length === 0
        ? `All ${report.deleted.length} resources deleted${report.appRunner.checked ? "" : " (EC2 only)"}.`
        : `${report.deleted.length} deleted, ${report.left.length} left (run again; see the reasons above).`,
    );
    appRunnerNote(report.appRunner);
    // Exit 0 means nothing is left; an unchecked App Runner part cannot say so.
    return report.left.length === 0 && report.appRunner.checked ? 0 : 1;
  } catch (error) {
    narrator.stop();
    if (error instanceof UsageError) {
      narrator.error(error.message);
      return 2;
    }
    if (error instanceof InterruptedError) return 130;
    narrator.error(describeLabError(error, "cleanup"));
    return 1;
  } finally {
    await close();
  }
}
