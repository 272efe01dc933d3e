// The notebook's last cell, or what runs after a failure or Ctrl-C: tear down everything tagged with
// the stack's name and report what is left and how to remove it. Finding the resources by tag (not
// from the run's own memory) is what makes a crashed or interrupted run cleanable the same way.

import { type CleanupAdvice, describeCleanup } from "./cleanup-command.ts";
import { describeLabError } from "./describe-lab-error.ts";
import { describeUncheckedAppRunner, type LabResource } from "./find-lab-resources.ts";
import type { LabContext } from "./lab-context.ts";
import { teardownStack } from "./teardown-stack.ts";

export interface SessionTeardown {
  /** The teardown's own context: its signal is the second Ctrl-C, not the first. */
  ctx: LabContext;
  cleanup: CleanupAdvice;
  /** Did this run create (or start creating) an App Runner resource? */
  usedAppRunner: boolean;
  /** What is still left while the teardown runs (for the message after a second Ctrl-C). */
  onProgress: (left: LabResource[]) => void;
}

/** true when nothing the stack's tag marks is left. */
export async function tearDownSession(teardown: SessionTeardown): Promise<boolean> {
  const { ctx, cleanup } = teardown;
  const { narrator } = ctx;
  narrator.heading(`Teardown: everything tagged apprunner-egress-lab:stack = ${ctx.stackName}`);
  try {
    const report = await teardownStack(ctx, { stackName: ctx.stackName, onProgress: teardown.onProgress });
    teardown.onProgress(report.left.map((entry) => entry.resource));
    // App Runner could not be listed: the EC2 part was deleted all the same; the App Runner part
    // matters only when this run created something there.
    const appRunnerUnknown = !report.appRunner.checked && teardown.usedAppRunner;
    if (!report.appRunner.checked) {
      const note = describeUncheckedAppRunner(ctx.clients.region, report.appRunner.why);
      if (appRunnerUnknown) narrator.error(note);
      else narrator.note(`  ${note} This run created no App Runner resource.`);
    }
    if (report.left.length === 0 && !appRunnerUnknown) {
      narrator.line(
        `  All ${report.deleted.length} resources deleted (${(report.wallMs / 1000).toFixed(1)} s).`,
      );
      return true;
    }
    for (const entry of report.left)
      narrator.error(`Left: ${entry.resource.kind} ${entry.resource.id}: ${entry.reason}`);
    narrator.error(describeCleanup(cleanup, "Remove what is left with:"));
    return false;
  } catch (error) {
    narrator.error(`Teardown failed: ${describeLabError(error)}`);
    narrator.error(describeCleanup(cleanup, "Remove what is left with:"));
    return false;
  }
}
