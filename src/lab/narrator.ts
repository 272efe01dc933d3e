// All lab output goes through here, to injectable streams, so tests capture it. Numbered steps
// with resource IDs and elapsed time on stdout; an ora spinner on stderr listing what is running,
// only when interactive (TTY, not CI, not TERM=dumb); NO_COLOR honoured. Build pages run notebooks
// with NO_COLOR=1 and no TTY, so what they show is the plain form.

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
  let stepCount = 0;
  const running = new Map<number, string>();
  let nextRunningId = 0;
  let spinner: Ora | undefined;

  const refreshSpinner = () => {
    if (!interactive) return;
    if (running.size === 0) {
      spinner?.stop();
      spinner = undefined;
      return;
    }
    const text = [...running.values()].join(", ");
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
    startStep(label: string): StepHandle {
      const id = nextRunningId++;
      const begin = now();
      running.set(id, label);
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
