// All lab output goes through here, to injectable streams, so tests capture it. Numbered steps
// with resource IDs and elapsed time on stdout; while steps run, each is shown with its elapsed time
// and, where known, AWS's usual duration ("NAT gateway: 0:47, usually 1-2 min"): in an ora spinner
// on stderr ticking every second when interactive (TTY, not CI, not TERM=dumb), otherwise as a
// "still waiting" line every 30 s. NO_COLOR honoured. Build pages run notebooks with NO_COLOR=1 and
// no TTY, so what they show is the plain form.

import ora, { type Ora } from "ora";
import { createColors } from "picocolors";

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface NarratorOptions {
  stdout: OutputStream;
  stderr: OutputStream;
  env?: NodeJS.ProcessEnv;
  /** Overrides the TTY/CI/TERM detection. */
  interactive?: boolean;
  now?: () => number;
  /** Non-interactive runs print a "still waiting" line this often while a step runs (default 30 s). */
  heartbeatMs?: number;
}

export interface StepOptions {
  /** A short name for the spinner and heartbeat lines ("NAT gateway"); default: the label. */
  name?: string;
  /** How long AWS usually takes for this step ("1-2 min"; src/lab/usual-durations.ts). */
  usually?: string;
}

interface RunningStep {
  name: string;
  begin: number;
  usually: string | undefined;
}

export interface StepHandle {
  done(detail?: string): void;
  fail(detail: string): void;
  /** Stopped by Ctrl-C: not a failure, so no error text. */
  interrupted(): void;
}

export type Narrator = ReturnType<typeof createNarrator>;

export function isInteractive(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !isSet(env["CI"]) && env["TERM"] !== "dumb";
}

export function useColor(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  // https://no-color.org: any non-empty NO_COLOR disables colour.
  if (isSet(env["NO_COLOR"])) return false;
  if (isSet(env["FORCE_COLOR"]) && env["FORCE_COLOR"] !== "0") return true;
  return stream.isTTY === true && env["TERM"] !== "dumb";
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "false";
}

/** "0:47", "12:05": elapsed time as a clock shows it. */
export function formatClock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

export function formatSeconds(ms: number): string {
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function createNarrator(options: NarratorOptions) {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const { stdout, stderr } = options;
  const interactive = options.interactive ?? isInteractive(stderr, env);
  const c = createColors(useColor(stdout, env));
  const started = now();
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  let stepCount = 0;
  const running = new Map<number, RunningStep>();
  let nextRunningId = 0;
  let spinner: Ora | undefined;
  // Interactive: the spinner's clock ticks every second. Otherwise: a heartbeat line, so a log
  // (CI, a pipe, the guide's build) shows the run is alive during AWS's minutes-long waits.
  let ticker: ReturnType<typeof setInterval> | undefined;

  /** "NAT gateway: 0:47, usually 1-2 min; App Runner service: 0:47, usually 2-5 min". */
  const describeRunning = () =>
    [...running.values()]
      .map(
        (step) =>
          `${step.name}: ${formatClock(now() - step.begin)}${step.usually === undefined ? "" : `, usually ${step.usually}`}`,
      )
      .join("; ");

  const updateTicker = () => {
    if (running.size === 0) {
      if (ticker !== undefined) clearInterval(ticker);
      ticker = undefined;
      return;
    }
    if (ticker !== undefined) return;
    ticker = setInterval(
      () => {
        if (interactive) refreshSpinner();
        else
          write(
            stdout,
            c.dim(`     ... still waiting (at ${formatClock(now() - started)}): ${describeRunning()}`),
          );
      },
      interactive ? 1_000 : heartbeatMs,
    );
    // Never the reason the process stays alive.
    ticker.unref?.();
  };

  const refreshSpinner = () => {
    updateTicker();
    if (!interactive) return;
    if (running.size === 0) {
      spinner?.stop();
      spinner = undefined;
      return;
    }
    const text = describeRunning();
    if (spinner === undefined) {
      spinner = ora({
        text,
        stream: stderr as NodeJS.WritableStream,
        isEnabled: true,
        discardStdin: false,
      }).start();
    } else spinner.text = text;
  };

  /** Writes a line without tearing the spinner. */
  const write = (stream: OutputStream, text: string) => {
    spinner?.clear();
    stream.write(`${text}\n`);
    spinner?.render();
  };

  return {
    colors: c,
    interactive,
    elapsed: () => now() - started,
    heading(text: string) {
      write(stdout, `\n${c.bold(text)}`);
    },
    line(text = "") {
      write(stdout, text);
    },
    note(text: string) {
      write(stdout, c.dim(text));
    },
    warn(text: string) {
      write(stdout, `${c.yellow("!")} ${text}`);
    },
    error(text: string) {
      write(stderr, `${c.red("x")} ${text}`);
    },
    /** A numbered step: numbered when it finishes, so parallel steps still print in order. */
    startStep(label: string, stepOptions: StepOptions = {}): StepHandle {
      const id = nextRunningId++;
      const begin = now();
      running.set(id, { name: stepOptions.name ?? label, begin, usually: stepOptions.usually });
      refreshSpinner();
      const finish = (ok: boolean | "interrupted", detail: string | undefined) => {
        if (!running.has(id)) return;
        running.delete(id);
        refreshSpinner();
        stepCount++;
        const mark = ok === "interrupted" ? c.yellow("interrupted") : ok ? c.green("ok") : c.red("FAILED");
        const took = c.dim(`(${formatSeconds(now() - begin)}, at ${formatSeconds(now() - started)})`);
        write(
          stdout,
          `${String(stepCount).padStart(3)}. ${label}${detail ? `: ${detail}` : ""} ${mark} ${took}`,
        );
      };
      return {
        done: (detail) => finish(true, detail),
        fail: (detail) => finish(false, detail),
        interrupted: () => finish("interrupted", undefined),
      };
    },
    stop() {
      running.clear();
      refreshSpinner();
    },
  };
}
