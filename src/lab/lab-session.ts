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
import { type CleanupAdvice, cleanupAdvice, describeCleanup } from "./cleanup-command.ts";
import { type Connection, connectTarget, mfaPrompt } from "./connect-target.ts";
import { pickAvailabilityZones } from "./create-network.ts";
import {
  detectAppRunnerAccess,
  INSTANCE_TYPE,
  NotAppRunnerCustomerError,
  UnsupportedConnectorZoneError,
  zonesOfferingInstanceType,
} from "./create-workload.ts";
import { describeLabError } from "./describe-lab-error.ts";
import { estimateHourlyCost, formatUsd } from "./estimate-cost.ts";
import { describeUncheckedAppRunner, type LabResource } from "./find-lab-resources.ts";
import { InterruptPresses } from "./interrupt-presses.ts";
import { InterruptedError, type LabContext, sleep } from "./lab-context.ts";
import {
  checkExpectation,
  describeOutcome,
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
import {
  classifyProbe,
  describeProbe,
  type ProbeOutcome,
  probeInstance,
  probeService,
} from "./probe-workload.ts";
import { shieldFromLauncher } from "./shield-from-launcher.ts";
import type { StackState } from "./stack-state.ts";
import { teardownStack } from "./teardown-stack.ts";
import { traceStack } from "./trace-stack.ts";

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
      this.#zones = await pickAvailabilityZones(this.context, 2);
      // The instance goes in the first zone: it must offer the instance type (also for auto,
      // which may fall back to an instance at creation time).
      if (workload === "instance" || this.#args.workload === "auto")
        this.#zones = await this.#zonesForInstance(workload === "instance");
      this.#setPlan(workload);
      printPlan(this.narrator, this.plan, false);
      this.narrator.note(`  Availability zones: ${this.#zones.join(", ")}.`);
      printEstimate(this.narrator, estimateHourlyCost(this.#connection.clients.region, this.plan));
    });
  }

  /** The picked zones, reordered so the first offers the instance type, or another offering zone put first. */
  async #zonesForInstance(required: boolean): Promise<string[]> {
    const offering = await zonesOfferingInstanceType(this.context, INSTANCE_TYPE);
    if (offering.has(this.#zones[0] ?? "")) return this.#zones;
    const all = await pickAvailabilityZones(this.context, Number.MAX_SAFE_INTEGER);
    const first = all.find((zone) => offering.has(zone));
    if (first === undefined) {
      if (!required) return this.#zones;
      throw new UsageError(
        `No zone of ${this.#connection.clients.region} offers ${INSTANCE_TYPE} (DescribeInstanceTypeOfferings): ` +
          "run the notebook in another region (--region), or with --workload none. Nothing was created.",
      );
    }
    this.narrator.note(
      `  ${this.#zones[0]} does not offer ${INSTANCE_TYPE}; the instance's subnet goes to ${first} instead.`,
    );
    return [first, ...all.filter((zone) => zone !== first)].slice(0, this.#zones.length);
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

  /** Asks the running workload; `after` a previous probe, waits for a newer result. */
  async probe(): Promise<ProbeOutcome | undefined> {
    return this.#guard(async () => {
      this.narrator.heading("Probe: can the workload reach the internet?");
      if (this.workload === "none") {
        // No workload to ask: the egress model's verdict over the VPC as it is now stands in.
        const traced = await traceStack(
          this.context,
          this.state,
          "an interface with a private IP only",
          undefined,
        );
        const verdict = traced.lines.filter((line) => /^(Verdict|Reason):/.test(line));
        for (const line of verdict) this.narrator.line(`     ${line} (model only: --workload none)`);
        return undefined;
      }
      const handle = this.narrator.startStep(
        this.workload === "apprunner"
          ? "GET <service URL>/probe"
          : "Read the probe line from the instance console (GetConsoleOutput)",
      );
      const ask = () =>
        this.workload === "apprunner"
          ? probeService(this.context, this.#created("service").facts.serviceUrl ?? "")
          : probeInstance(this.context, this.#created("instance").id, this.lastProbe?.at);
      let result = await ask();
      // After the fix, a real VPC may take a moment to use the new route: ask again a few times.
      for (let again = 0; this.#fixed && this.#connection.isRealAws && !result.tcp.ok && again < 3; again++) {
        await sleep(this.#connection.timing.pollIntervalMs, this.#work.signal);
        result = await ask();
      }
      handle.done(result.at);
      this.lastProbe = result;
      for (const line of describeProbe(result)) this.narrator.line(`     ${line}`);
      const outcome = classifyProbe(result);
      this.probes.push(outcome);
      this.narrator.line(`     => ${describeOutcome(outcome, this.#natIp())}`);
      return outcome;
    });
  }

  /** The path a connection takes, from the egress model over the VPC as it is now. */
  async trace(): Promise<void> {
    await this.#guard(async () => {
      this.narrator.heading("Traced path (src/egress over the VPC as loaded now)");
      const label =
        this.workload === "apprunner"
          ? "App Runner VPC connector ENI (private IP only)"
          : this.workload === "instance"
            ? `EC2 instance ${this.#created("instance").id} (no public IP)`
            : "an interface with a private IP only";
      const address = this.lastProbe?.dns.ok === true ? this.lastProbe.dns.addresses[0] : undefined;
      const privateIp = this.state.get("instance")?.facts.privateIp;
      const traced = await traceStack(this.context, this.state, label, address, privateIp || undefined);
      for (const line of traced.lines) this.narrator.line(`  ${line}`);
      this.traceVerdict = {
        verdict: traced.result.verdict,
        sourceAddress: traced.result.sourceAddress,
        code: traced.result.reason?.code ?? null,
      };
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

  #created(key: string) {
    const found = this.state.get(key);
    if (found === undefined) throw new Error(`${key} was not created`);
    return found;
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
    this.narrator.heading(`Teardown: everything tagged apprunner-egress-lab:stack = ${this.#stackName}`);
    try {
      const report = await teardownStack(this.#context(this.#teardown.signal), {
        stackName: this.#stackName,
        onProgress: (left) => {
          this.#left = left;
        },
      });
      this.#left = report.left.map((entry) => entry.resource);
      // App Runner could not be listed: the EC2 part was deleted all the same; the App Runner part
      // matters only when this run created something there.
      const appRunnerUnknown = !report.appRunner.checked && this.#usedAppRunner();
      if (!report.appRunner.checked) {
        const note = describeUncheckedAppRunner(this.#connection.clients.region, report.appRunner.why);
        if (appRunnerUnknown) this.narrator.error(note);
        else this.narrator.note(`  ${note} This run created no App Runner resource.`);
      }
      if (report.left.length === 0 && !appRunnerUnknown) {
        this.narrator.line(
          `  All ${report.deleted.length} resources deleted (${(report.wallMs / 1000).toFixed(1)} s).`,
        );
        return true;
      }
      for (const entry of report.left)
        this.narrator.error(`Left: ${entry.resource.kind} ${entry.resource.id}: ${entry.reason}`);
      this.narrator.error(describeCleanup(this.#cleanup, "Remove what is left with:"));
      return false;
    } catch (error) {
      this.narrator.error(`Teardown failed: ${describeLabError(error)}`);
      this.narrator.error(describeCleanup(this.#cleanup, "Remove what is left with:"));
      return false;
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
