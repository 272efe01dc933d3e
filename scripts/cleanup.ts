// npm run cleanup: removes every lab resource (tag apprunner-egress-lab:stack) in a region.
// The work is in src/lab/run-cleanup.ts; this file only wires the process (Ctrl-C, exit code).

import "../src/node-version/require-supported-node.ts";
import { InterruptedError } from "../src/lab/lab-context.ts";
import { runCleanup } from "../src/lab/run-cleanup.ts";

const controller = new AbortController();
let interrupts = 0;
process.on("SIGINT", () => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  process.stderr.write(
    "Interrupted: stopping (Ctrl-C again to quit at once; run cleanup again to finish).\n",
  );
  controller.abort(new InterruptedError());
});
process.exitCode = await runCleanup({ argv: process.argv.slice(2), signal: controller.signal });
