// The lab's cost figures against prices written here by hand from the pricing pages (docs/FACTS.md,
// "Alternatives and costs"; us-east-1, read 2026-05): NAT gateway $0.045/h, public IPv4 $0.005/h,
// App Runner $0.064 per vCPU-hour and $0.007 per GB-hour; Tokyo NAT gateway $0.062/h. None of the
// expected values below is computed from the implementation's price table, so a wrong price, a wrong
// quantity or a missing line fails here.

import { describe, expect, test } from "vitest";
import { costForDuration, estimateHourlyCost, formatUsd } from "../../src/lab/estimate-cost.ts";
import { type NotebookId, type PlannedStep, planStack, type WorkloadKind } from "../../src/lab/plan-stack.ts";

function plan(notebook: NotebookId, workload: WorkloadKind) {
  return planStack({ notebook, stackName: "lab-cost", workload });
}

describe("estimateHourlyCost", () => {
  test("02 with App Runner in us-east-1: NAT $0.045 + IPv4 $0.005 + 0.25 vCPU x $0.064 + 0.5 GB x $0.007 = $0.0695/h", () => {
    const estimate = estimateHourlyCost("us-east-1", plan("02-with-nat", "apprunner"));
    expect(estimate.usdPerHour).toBeCloseTo(0.0695, 10);
    expect(Object.fromEntries(estimate.lines.map((line) => [line.item, line.usdPerHour]))).toEqual({
      "NAT gateway": 0.045,
      "Elastic IP (public IPv4)": 0.005,
      "App Runner 0.25 vCPU (active)": 0.016,
      "App Runner 0.5 GB": 0.0035,
    });
  });

  test("a NAT gateway and its address held for 2.5 hours in us-east-1 cost $0.125", () => {
    const estimate = estimateHourlyCost("us-east-1", plan("02-with-nat", "none"));
    expect(costForDuration(estimate, 2.5 * 3_600_000)).toBeCloseTo(0.125, 10);
    expect(costForDuration(estimate, 90 * 60_000)).toBeCloseTo(0.075, 10);
    expect(costForDuration(estimate, 0)).toBe(0);
  });

  test("01 has no NAT gateway or Elastic IP line", () => {
    const estimate = estimateHourlyCost("us-east-1", plan("01-without-nat", "none"));
    expect(estimate.lines).toEqual([]);
    expect(estimate.usdPerHour).toBe(0);
  });

  test("Tokyo's NAT gateway costs $0.062/h, its own price, not us-east-1's", () => {
    const estimate = estimateHourlyCost("ap-northeast-1", plan("02-with-nat", "none"));
    const nat = estimate.lines.find((line) => line.item === "NAT gateway");
    expect(nat?.usdPerHour).toBe(0.062);
    expect(nat?.priceFromRegion).toBeUndefined();
    expect(estimate.usdPerHour).toBeCloseTo(0.067, 10);
  });

  test("falls back to us-east-1's price for a region not in the table, and says so", () => {
    const estimate = estimateHourlyCost("eu-west-3", plan("02-with-nat", "none"));
    expect(estimate.lines.find((line) => line.item === "NAT gateway")).toMatchObject({
      usdPerHour: 0.045,
      priceFromRegion: "us-east-1",
    });
    expect(estimate.notes.join("\n")).toMatch(/eu-west-3 price not in the table, using us-east-1's/);
  });

  test("reads the plan, not the notebook's name: a plan with two NAT gateways and two addresses costs $0.10/h", () => {
    const base = plan("02-with-nat", "none");
    const doubled = base.steps.flatMap((step): PlannedStep[] =>
      step.kind === "nat-gateway" || step.kind === "elastic-ip"
        ? [step, { ...step, key: `${step.key}-2` }]
        : [step],
    );
    const estimate = estimateHourlyCost("us-east-1", { steps: doubled });
    expect(Object.fromEntries(estimate.lines.map((line) => [line.item, line.usdPerHour]))).toEqual({
      "NAT gateway x2": 0.09,
      "Elastic IP (public IPv4) x2": 0.01,
    });
    expect(estimate.usdPerHour).toBeCloseTo(0.1, 10);
  });

  test("shows an unverified price once, with its source, and leaves it out of the total", () => {
    const estimate = estimateHourlyCost("us-east-1", plan("01-without-nat", "instance"));
    expect(estimate.lines).toEqual([
      expect.objectContaining({
        item: "EC2 t4g.nano",
        verified: false,
        source: expect.stringContaining("aws.amazon.com/ec2/pricing"),
      }),
    ]);
    expect(estimate.usdPerHour).toBe(0);
    expect(estimate.notes.join("\n")).not.toContain("t4g.nano");
  });
});

describe("formatUsd", () => {
  test("keeps the tenths of a cent that AWS prices have: $0.045/h is not $0.04/h", () => {
    expect(formatUsd(0.045)).toBe("$0.045");
    expect(formatUsd(0.0695)).toBe("$0.0695");
    expect(formatUsd(0.0042)).toBe("$0.0042");
    expect(formatUsd(0.045 + 0.005)).toBe("$0.05");
  });

  test("shows at least cents, at most four decimals", () => {
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(1.5)).toBe("$1.50");
    expect(formatUsd(1.23456)).toBe("$1.2346");
    expect(formatUsd(0.00001)).toBe("less than $0.0001");
  });
});
