// How a lab run ends: the expected outcome checked against what the probes saw (or, without a
// workload, what the model traced), and the summary printed last. Pure: the session passes in what it holds.

import type { ReasonCode, TraceResult } from "../egress/index.ts";
import { type CostEstimate, costForDuration, formatUsd } from "./estimate-cost.ts";
import type { Narrator } from "./narrator.ts";
import type { WorkloadKind } from "./plan-stack.ts";
import type { ProbeOutcome } from "./probe-workload.ts";

export type Expectation = "no-egress" | "egress-through-nat";

/** Did the run show what it set out to show, in words. */
export interface Verdict {
  ok: boolean;
  message: string;
}

/** What the lab keeps of the traced path: the model's verdict, the address the internet would see, why not. */
export interface TraceVerdict {
  verdict: TraceResult["verdict"];
  sourceAddress: string | null;
  code: ReasonCode | null;
}

export interface ExpectationInput {
  expected: Expectation;
  workload: WorkloadKind;
  lastProbe: ProbeOutcome | undefined;
  trace: TraceVerdict | undefined;
  /** The NAT gateway's Elastic IP, when the stack has one. */
  natIp: string | undefined;
}

/** The workload's last probe decides; with no workload, the traced path does. */
export function checkExpectation(input: ExpectationInput): Verdict {
  const { expected, trace, natIp, lastProbe: last } = input;
  if (input.workload !== "none") {
    if (last === undefined) return { ok: false, message: "no probe result" };
    if (expected === "no-egress") {
      return last.kind === "no-egress"
        ? {
            ok: true,
            message: `no egress, as expected (${last.resolved ? "the name resolved, " : ""}TCP ${last.error})`,
          }
        : { ok: false, message: `expected no egress, saw ${describeOutcome(last, natIp)}` };
    }
    return last.kind === "egress" && last.publicIp === natIp
      ? { ok: true, message: `egress through the NAT gateway's Elastic IP ${natIp}, as expected` }
      : {
          ok: false,
          message: `expected egress through ${natIp ?? "the NAT's Elastic IP"}, saw ${describeOutcome(last, natIp)}`,
        };
  }
  if (trace === undefined) return { ok: false, message: "no traced path" };
  if (expected === "no-egress") {
    return trace.verdict === "unreachable"
      ? { ok: true, message: `the model says unreachable (${trace.code}), as expected` }
      : { ok: false, message: `expected unreachable, the model says ${trace.verdict}` };
  }
  return trace.verdict === "reachable" && trace.sourceAddress === natIp
    ? { ok: true, message: `the model says reachable through ${natIp}, as expected` }
    : {
        ok: false,
        message: `expected reachable through ${natIp}, the model says ${trace.verdict} (${trace.sourceAddress})`,
      };
}

export function describeOutcome(outcome: ProbeOutcome, natIp: string | undefined): string {
  switch (outcome.kind) {
    case "no-egress":
      return `NO EGRESS: ${outcome.resolved ? "the name resolved but " : ""}the TCP connection failed (${outcome.error})`;
    case "egress":
      return `EGRESS: the internet saw ${outcome.publicIp}${natIp === undefined ? "" : outcome.publicIp === natIp ? " = the NAT gateway's Elastic IP" : ` (not the NAT's ${natIp})`}`;
    case "inconclusive":
      return `inconclusive: ${outcome.detail}`;
  }
}

export interface SummaryInput {
  /** "kind id" for each resource created or being created. */
  created: string[];
  verdict: Verdict;
  estimate: CostEstimate;
  /** How long the resources were held (since the first create). */
  heldMs: number;
  realAws: boolean;
  /** --keep: the stack was left on purpose. */
  kept: boolean;
  createdAnything: boolean;
  torn: boolean;
  interrupted: boolean;
}

export function printSummary(n: Narrator, input: SummaryInput): void {
  const { verdict, estimate, torn, interrupted } = input;
  n.heading("Summary");
  n.line(`  Created: ${input.created.join(", ") || "nothing"}`);
  n.line(`  Observed: ${verdict.message}`);
  n.line(
    `  Cost of this run: ${input.realAws ? `about ${formatUsd(costForDuration(estimate, input.heldMs))}` : "$0 (emulator)"} ` +
      `(${formatUsd(estimate.usdPerHour)}/h for ${(input.heldMs / 60_000).toFixed(1)} min; AWS may round partial hours)`,
  );
  n.line(
    `  Teardown: ${input.kept ? "skipped (--keep)" : !input.createdAnything ? "nothing to delete" : torn ? "all deleted" : "INCOMPLETE (see above)"}`,
  );
  n.line(
    `  Result: ${
      interrupted
        ? `interrupted, ${input.kept ? "stack kept (--keep)" : torn ? "teardown complete" : "teardown INCOMPLETE"}`
        : verdict.ok && torn
          ? "ok"
          : "FAILED"
    }`,
  );
}
