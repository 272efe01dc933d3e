// One notebook run, as a session the notebook drives cell by cell: open (arguments, target,
// confirmation, plan), build, probe, fix (02), trace, finish (teardown and summary). Every method
// catches failures, tears down by tag and exits with the reason, so a notebook needs no try/finally
// spanning cells. Ctrl-C (or an abort signal, in tests) stops the current step and tears down; a
// second Ctrl-C stops the teardown and prints what is left and how to remove it.

// First, so that an unsupported Node stops here before anything else loads (the notebooks' entry check).
import "../node-version/require-supported-node.ts";
import { UsageError } from "../aws/command-line.ts";
import { selectTarget } from "../aws/target.ts";
import type { ProbeResult } from "../probe/index.ts";
import { buildStack } from "./build-stack.ts";
import { chooseZones } from "./choose-zones.ts";
import { type CleanupAdvice, cleanupAdvice, describeCleanup } from "./cleanup-command.ts";
import { type Connection, connectTarget, mfaPrompt } from "./connect-target.ts";
import {
  detectAppRunnerAccess,
  NotAppRunnerCustomerError,
  UnsupportedConnectorZoneError,
} from "./create-workload.ts";
import { describeLabError } from "./describe-lab-error.ts";
import { estimateHourlyCost, formatUsd } from "./estimate-cost.ts";
import type { LabResource } from "./find-lab-resources.ts";
import { InterruptPresses } from "./interrupt-presses.ts";
import { InterruptedError, type LabContext } from "./lab-context.ts";
import {
  checkExpectation,
  type Expectation,
  printSummary,
  type TraceVerdict,
  type Verdict,
} from "./lab-outcome.ts";
import { createNarrator, type Narrator, type OutputStream } from "./narrator.ts";
import { type LabArgs, labUsage, parseLabArgs } from "./parse-lab-args.ts";
import {
  makeStackName,
  type NotebookId,
  planStack,
  type ResourceKind,
  type StackPlan,
  type WorkloadKind,
} from "./plan-stack.ts";
import { printEstimate, printPlan } from "./print-plan.ts";
import type { ProbeOutcome } from "./probe-workload.ts";
import { runProbeStep, runTraceStep } from "./session-steps.ts";
import { tearDownSession } from "./session-teardown.ts";
import { shieldFromLauncher } from "./shield-from-launcher.ts";
import type { StackState } from "./stack-state.ts";

export interface OpenLabOptions {
  notebook: NotebookId;
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  stdout?: OutputStream;
  stderr?: OutputStream;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Default: process.exit. Tests pass one that throws LabExit. */
  exit?: (code: number) => never;
  /** Aborting it acts like Ctrl-C (tests). */
  signal?: AbortSignal;
  /** Install SIGINT handlers (default true). */
  handleSignals?: boolean;
  /** Overrides the stack name (tests). */
  stackName?: string;
  /** How often a non-interactive run prints "still waiting" during a step (default 30 s; tests). */
  heartbeatMs?: number;
}

export async function openLab(options: OpenLabOptions): Promise<LabSession> {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const narrator = createNarrator({
    stdout,
    stderr,
    env,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let args: LabArgs;
  try {
    args = parseLabArgs(options.argv ?? process.argv.slice(2));
  } catch (error) {
    narrator.error(error instanceof Error ? error.message : String(error));
    return exit(2);
  }
  if (args.help) {
    narrator.line(labUsage(options.notebook));
    return exit(0);
  }
  // A run from a terminal or a launcher (not a test driving the session in-process) keeps its
  // teardown out of reach of the launcher's signals (./shield-from-launcher.ts).
  if (options.argv === undefined && options.handleSignals !== false && !args.dryRun) {
    await shieldFromLauncher(env);
  }
  try {
    const stdin = options.stdin ?? process.stdin;
    const target = await selectTarget({
      local: args.local,
      region: args.region,
      profile: args.profile,
      env,
      ...mfaPrompt(stdin.isTTY === true, options.stdin),
    });
    const requested: WorkloadKind = args.workload === "auto" ? "apprunner" : args.workload;
    const stackName = options.stackName ?? makeStackName(options.notebook);
    const draft = planStack({ notebook: options.notebook, stackName, workload: requested });
    const estimate = estimateHourlyCost(target.region, draft);
    const costLine = `about ${formatUsd(estimate.usdPerHour)} per hour while it exists`;
    if (args.dryRun) {
      printPlan(narrator, draft, args.workload === "auto");
      printEstimate(narrator, estimate);
      narrator.line(
        `Dry run: nothing was created (target would be ${target.kind === "aws" ? `AWS, region ${target.region}` : "the emulator"}).`,
      );
      return exit(0);
    }
    const connection = await connectTarget({
      target,
      narrator,
      env,
      yes: args.yes,
      canPrompt: (options.stdin ?? process.stdin).isTTY === true,
      costLine,
      what: `the ${options.notebook} lab stack`,
      ...(options.stdin === undefined ? {} : { input: options.stdin }),
    });
    const session = new LabSession(
      { ...options, env, exit },
      args,
      narrator,
      connection,
      stackName,
      cleanupAdvice(target, env, stackName),
    );
    await session.start(requested);
    return session;
  } catch (error) {
    narrator.stop();
    if (error instanceof UsageError) {
      narrator.error(error.message);
      return exit(2);
    }
    narrator.error(describeLabError(error));
    return exit(1);
  }
}

export class LabSession {
  readonly narrator: Narrator;
  readonly state: StackState = new Map();
  plan!: StackPlan;
  workload!: WorkloadKind;
  readonly probes: ProbeOutcome[] = [];
  lastProbe: ProbeResult | undefined;
  traceVerdict: TraceVerdict | undefined;
  #options: OpenLabOptions & { env: NodeJS.ProcessEnv; exit: (code: number) => never };
  #args: LabArgs;
  #connection: Connection;
  #stackName: string;
  #cleanup: CleanupAdvice;
  #zones: string[] = [];
  #work = new AbortController();
  #teardown = new AbortController();
  readonly #interrupts = new InterruptPresses({
    first: () => this.#stopWork(),
    second: () => this.#stopTeardown(),
  });
  /** Resources that exist but were not ready yet (NAT gateway, service, instance), by plan key. */
  readonly #creating = new Map<string, { kind: ResourceKind; id: string }>();
  #left: LabResource[] = [];
  #tearingDown = false;
  #firstCreate: number | undefined;
  #fixed = false;
  #onSigint = () => this.#interrupt();

  constructor(
    options: OpenLabOptions & { env: NodeJS.ProcessEnv; exit: (code: number) => never },
    args: LabArgs,
    narrator: Narrator,
    connection: Connection,
    stackName: string,
    cleanup: CleanupAdvice,
  ) {
    this.#cleanup = cleanup;
    this.#options = options;
    this.#args = args;
    this.narrator = narrator;
    this.#connection = connection;
    this.#stackName = stackName;
    if (options.handleSignals !== false) process.on("SIGINT", this.#onSigint);
    options.signal?.addEventListener("abort", () => this.#interrupt(), { once: true });
  }

  get context(): LabContext {
    return this.#context(this.#work.signal);
  }

  #context(signal: AbortSignal): LabContext {
    return {
      clients: this.#connection.clients,
      narrator: this.narrator,
      stackName: this.#stackName,
      signal,
      timing: this.#connection.timing,
      ...(this.#connection.emulatorUrl === undefined ? {} : { emulatorUrl: this.#connection.emulatorUrl }),
      onCreating: (resource) => this.#creating.set(resource.key, resource),
    };
  }

  /** Resolves the workload (auto), the zones and the plan, and prints plan and estimate. */
  async start(requested: WorkloadKind): Promise<void> {
    await this.#guard(async () => {
      let workload = requested;
      if (this.#args.workload === "auto") {
        const access = await detectAppRunnerAccess(this.context);
        if (!access.ok) {
          this.narrator.warn(
            `This account cannot use App Runner (${access.why}); using an EC2 instance in the same network position instead.`,
          );
          workload = "instance";
        }
      }
      this.#zones = await chooseZones(this.context, {
        instance: workload === "instance",
        auto: this.#args.workload === "auto",
      });
      this.#setPlan(workload);
      printPlan(this.narrator, this.plan, false);
      this.narrator.note(`  Availability zones: ${this.#zones.join(", ")}.`);
      printEstimate(this.narrator, estimateHourlyCost(this.#connection.clients.region, this.plan));
    });
  }

  #setPlan(workload: WorkloadKind): void {
    this.workload = workload;
    this.plan = planStack({ notebook: this.#options.notebook, stackName: this.#stackName, workload });
  }

  /** Creates the stack (everything but the "fix" phase), in parallel where possible. */
  async build(): Promise<void> {
    await this.#guard(async () => {
      this.#firstCreate ??= Date.now();
      this.narrator.heading(`Building stack ${this.#stackName}`);
      try {
        const report = await buildStack(this.context, this.plan, {
          phase: "build",
          zones: this.#zones,
          state: this.state,
        });
        this.narrator.note(`  Built in ${(report.wallMs / 1000).toFixed(1)} s.`);
      } catch (error) {
        const fallback =
          error instanceof NotAppRunnerCustomerError || error instanceof UnsupportedConnectorZoneError;
        if (!fallback || this.#args.workload !== "auto") throw error;
        // auto: App Runner refused the account, or every zone picked, at creation time. Same
        // network, EC2 instance instead.
        this.narrator.warn(
          error instanceof NotAppRunnerCustomerError
            ? `App Runner refused this account (${error.message}); switching to an EC2 instance.`
            : `${error.message} Switching to an EC2 instance in the same network position.`,
        );
        this.#setPlan("instance");
        await buildStack(this.context, this.plan, { phase: "build", zones: this.#zones, state: this.state });
      }
    });
  }

  /** The 02 story's fix: the private subnets' default route to the NAT gateway. */
  async fix(): Promise<void> {
    await this.#guard(async () => {
      this.narrator.heading("The fix: send the private subnets' 0.0.0.0/0 to the NAT gateway");
      await buildStack(this.context, this.plan, { phase: "fix", zones: this.#zones, state: this.state });
      this.#fixed = true;
    });
  }

  /** Asks the running workload; after a previous probe, waits for a newer result. */
  async probe(): Promise<ProbeOutcome | undefined> {
    return this.#guard(async () => {
      const probed = await runProbeStep({
        ctx: this.context,
        state: this.state,
        workload: this.workload,
        lastProbe: this.lastProbe,
        retryAfterFix: this.#fixed && this.#connection.isRealAws,
        natIp: this.#natIp(),
      });
      if (probed === undefined) return undefined;
      this.lastProbe = probed.result;
      this.probes.push(probed.outcome);
      return probed.outcome;
    });
  }

  /** The path a connection takes, from the egress model over the VPC as it is now. */
  async trace(): Promise<void> {
    await this.#guard(async () => {
      this.traceVerdict = await runTraceStep(this.context, this.state, this.workload, this.lastProbe);
    });
  }

  /** Checks the expected outcome, tears down (unless --keep), prints the summary and exits. */
  async finish(expected: Expectation): Promise<never> {
    const verdict = this.#checkExpectation(expected);
    const torn = await this.#teardown_();
    // A Ctrl-C during this teardown did not stop it (only a second one does), but the run still
    // ends as interrupted.
    const interrupted = this.#interrupts.interrupted;
    this.#summary(interrupted ? { ok: false, message: "interrupted" } : verdict, torn, interrupted);
    return this.#exit(interrupted ? 130 : verdict.ok && torn ? 0 : 1);
  }

  #checkExpectation(expected: Expectation): Verdict {
    return checkExpectation({
      expected,
      workload: this.workload,
      lastProbe: this.probes.at(-1),
      trace: this.traceVerdict,
      natIp: this.#natIp(),
    });
  }

  #natIp(): string | undefined {
    return this.state.get("nat-gateway")?.facts.publicIp ?? this.state.get("elastic-ip")?.facts.publicIp;
  }

  /** true when nothing is left (or --keep). */
  async #teardown_(): Promise<boolean> {
    this.narrator.stop();
    if (this.#firstCreate === undefined) {
      // Nothing was asked to be created (the run stopped while planning): nothing to look for, and
      // no call to an endpoint that may be the reason it stopped.
      this.narrator.line("  Nothing was created, so there is nothing to tear down.");
      return true;
    }
    if (this.#args.keep) {
      this.narrator.heading("Keeping the stack (--keep)");
      this.narrator.line(`  ${describeCleanup(this.#cleanup, "Remove it later with:")}`);
      return true;
    }
    this.#tearingDown = true;
    try {
      return await tearDownSession({
        ctx: this.#context(this.#teardown.signal),
        cleanup: this.#cleanup,
        usedAppRunner: this.#usedAppRunner(),
        onProgress: (left) => {
          this.#left = left;
        },
      });
    } finally {
      this.#tearingDown = false;
    }
  }

  /** Did this run create (or start creating) an App Runner resource? */
  #usedAppRunner(): boolean {
    const kinds = [...this.state.values(), ...this.#creating.values()].map((resource) => resource.kind);
    return this.workload === "apprunner" || kinds.includes("service") || kinds.includes("vpc-connector");
  }

  #summary(verdict: Verdict, torn: boolean, interrupted = false): void {
    const created = [...this.state.values()]
      .filter((r) => r.kind !== "default-route")
      .map((r) => `${r.kind} ${r.id}`);
    for (const [key, resource] of this.#creating)
      if (!this.state.has(key)) created.push(`${resource.kind} ${resource.id} (was being created)`);
    // A run that failed before start() chose its workload has no plan yet: estimate the part every workload shares.
    const plan: StackPlan | undefined = this.plan;
    printSummary(this.narrator, {
      created,
      verdict,
      estimate: estimateHourlyCost(
        this.#connection.clients.region,
        plan ?? planStack({ notebook: this.#options.notebook, stackName: this.#stackName, workload: "none" }),
      ),
      heldMs: this.#firstCreate === undefined ? 0 : Date.now() - this.#firstCreate,
      realAws: this.#connection.isRealAws,
      kept: this.#args.keep,
      createdAnything: this.#firstCreate !== undefined,
      torn,
      interrupted,
    });
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      if (this.#work.signal.aborted) throw new InterruptedError();
      return await work();
    } catch (error) {
      const interrupted = this.#work.signal.aborted;
      this.narrator.stop();
      // An interrupt was announced when it came (#interrupt).
      if (!interrupted) this.narrator.error(describeLabError(error));
      const torn = await this.#teardown_();
      this.#summary(
        { ok: false, message: interrupted ? "interrupted" : "failed before the outcome was shown" },
        torn,
        interrupted,
      );
      return this.#exit(interrupted ? 130 : error instanceof UsageError ? 2 : 1);
    }
  }

  #interrupt(): void {
    this.#interrupts.press();
  }

  /** First Ctrl-C: stop the work; the run tears down what it created. */
  #stopWork(): void {
    this.narrator.stop();
    this.narrator.error(
      `Interrupted: tearing down ${this.#tearingDown ? "(already under way)" : "what was created"}; ` +
        "press Ctrl-C again to stop the teardown (resources may be left).",
    );
    this.#work.abort(new InterruptedError());
  }

  /** Second Ctrl-C: stop now and say what is left. */
  #stopTeardown(): void {
    this.#teardown.abort(new InterruptedError());
    this.narrator.stop();
    this.narrator.error("Stopped. These lab resources may be left:");
    for (const resource of this.#left) this.narrator.error(`  ${resource.kind} ${resource.id}`);
    this.narrator.error(describeCleanup(this.#cleanup, "Remove them with:"));
    void this.#exit(130);
  }

  #exit(code: number): never {
    process.off("SIGINT", this.#onSigint);
    void this.#connection.close();
    return this.#options.exit(code);
  }
}
