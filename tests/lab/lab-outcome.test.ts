// The end of a lab run, read alone: the expected outcome checked against the probe (or, without a
// workload, the traced path), and the summary's lines for a run that created nothing.

import { stripVTControlCharacters } from "node:util";
import { describe, expect, test } from "vitest";
import { estimateHourlyCost } from "../../src/lab/estimate-cost.ts";
import { checkExpectation, printSummary } from "../../src/lab/lab-outcome.ts";
import { createNarrator } from "../../src/lab/narrator.ts";
import { planStack } from "../../src/lab/plan-stack.ts";

describe("checkExpectation", () => {
  test("with a workload, the last probe decides: egress from another address is not the NAT's", () => {
    const verdict = checkExpectation({
      expected: "egress-through-nat",
      workload: "instance",
      lastProbe: { kind: "egress", publicIp: "198.51.100.7" },
      trace: { verdict: "reachable", sourceAddress: "203.0.113.5", code: null },
      natIp: "203.0.113.5",
    });
    expect(verdict).toEqual({
      ok: false,
      message:
        "expected egress through 203.0.113.5, saw EGRESS: the internet saw 198.51.100.7 (not the NAT's 203.0.113.5)",
    });
  });

  test("without a workload, the traced path decides", () => {
    const verdict = checkExpectation({
      expected: "no-egress",
      workload: "none",
      lastProbe: undefined,
      trace: { verdict: "unreachable", sourceAddress: null, code: "NO_ROUTE" },
      natIp: undefined,
    });
    expect(verdict).toEqual({ ok: true, message: "the model says unreachable (NO_ROUTE), as expected" });
  });
});

describe("printSummary", () => {
  test("a run that created nothing says so, costs $0 and fails", () => {
    let text = "";
    const stream = {
      isTTY: false,
      write(chunk: string) {
        text += chunk;
        return true;
      },
    };
    const narrator = createNarrator({ stdout: stream, stderr: stream, env: {} });
    printSummary(narrator, {
      created: [],
      verdict: { ok: false, message: "failed before the outcome was shown" },
      estimate: estimateHourlyCost(
        "us-east-1",
        planStack({ notebook: "02-with-nat", stackName: "s", workload: "none" }),
      ),
      heldMs: 0,
      realAws: true,
      kept: false,
      createdAnything: false,
      torn: true,
      interrupted: false,
    });
    const lines = stripVTControlCharacters(text).split("\n");
    expect(lines).toContain("  Created: nothing");
    expect(lines).toContain(
      "  Cost of this run: about $0.00 ($0.05/h for 0.0 min; AWS may round partial hours)",
    );
    expect(lines).toContain("  Teardown: nothing to delete");
    expect(lines).toContain("  Result: FAILED");
  });
});
