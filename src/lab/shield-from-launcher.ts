// Keeps one Ctrl-C's teardown alive whatever launched the notebook.
//
// Under `npx tsx notebooks/…` (the README's command), tsx relays each SIGINT to its child and waits
// 30 ms for the child to acknowledge it; after a second 30 ms without an answer it kills the child
// with SIGKILL (tsx's `relaySignals` in dist/cli.mjs). A notebook whose event loop is busy, or whose
// CPU is starved for 60 ms on a loaded machine, would then die in the middle of the teardown that the
// first Ctrl-C started, leaving a NAT gateway and an Elastic IP billing.
//
// So a notebook started from a terminal runs as a child in a session of its own (out of reach of the
// terminal's and the launchers' signals), and the process the launcher knows does nothing but relay
// SIGINT, SIGTERM and SIGHUP to it and exit with its code: an idle process acknowledges in time. If the
// relay is killed all the same, the notebook notices that its parent is gone, treats it as one Ctrl-C
// (unless one already came) and finishes its teardown on its own.

import { spawn } from "node:child_process";

const CHILD_MARK = "APPRUNNER_EGRESS_LAB_SHIELDED";
const RELAYED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const PARENT_CHECK_MS = 500;

/**
 * In the launcher's process: runs this same script in a shielded child and never returns (exits with
 * the child's code). In the shielded child: watches for the relay's death and returns at once.
 */
export async function shieldFromLauncher(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env[CHILD_MARK] === "1") {
    watchParent();
    return;
  }
  const script = process.argv[1];
  if (script === undefined) return;
  const child = spawn(process.execPath, [...process.execArgv, script, ...process.argv.slice(2)], {
    env: { ...env, [CHILD_MARK]: "1" },
    stdio: "inherit",
    detached: true,
  });
  for (const signal of RELAYED_SIGNALS) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  const code = await new Promise<number>((resolve) => {
    child.on("error", (error) => {
      process.stderr.write(`Could not start the notebook: ${error.message}\n`);
      resolve(1);
    });
    child.on("exit", (exitCode, signal) => {
      resolve(exitCode ?? 128 + signalNumber(signal));
    });
  });
  process.exit(code);
}

function signalNumber(signal: NodeJS.Signals | null): number {
  if (signal === "SIGINT") return 2;
  if (signal === "SIGTERM") return 15;
  if (signal === "SIGHUP") return 1;
  return signal === "SIGKILL" ? 9 : 0;
}

/** When the relay disappears, act as if Ctrl-C was pressed once, unless it already was. */
function watchParent(): void {
  const parent = process.ppid;
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    // Before the notebook installs its own handler (or after it removed it), Ctrl-C ends the
    // process as it would without this listener.
    if (process.listenerCount("SIGINT") === 1) process.exit(130);
  };
  process.on("SIGINT", onSigint);
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    if (!interrupted) process.kill(process.pid, "SIGINT");
  }, PARENT_CHECK_MS);
  timer.unref();
}
