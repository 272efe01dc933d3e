import { describe, expect, test } from "vitest";
import { formatTrace, traceEgress } from "../../src/egress/index.ts";
import { buildLabTopology, connectorEni, https, NAT_EIP, routePrivateToNat } from "./fixtures.ts";

describe("formatTrace", () => {
  test("renders a reachable trace hop by hop with arrows and the source address", () => {
    const lines = formatTrace(
      traceEgress(routePrivateToNat(buildLabTopology()), connectorEni("subnet-private-a"), https()),
      {
        title: "subnet-private-a -> tcp 443",
      },
    );
    expect(lines[0]).toBe("subnet-private-a -> tcp 443");
    expect(lines[1]).toMatch(/^ {3}\[interface\] /);
    expect(lines.slice(2, -1).every((line) => line.startsWith("-> ["))).toBe(true);
    expect(lines.some((line) => line.includes("[nat-gateway] nat-a"))).toBe(true);
    expect(lines.at(-1)).toBe(`Verdict: reachable, source address ${NAT_EIP}`);
  });

  test("renders an unreachable trace with its verdict, reason and fix", () => {
    const lines = formatTrace(traceEgress(buildLabTopology(), connectorEni("subnet-private-a"), https()));
    expect(lines.slice(-3)).toEqual([
      "Verdict: unreachable (NO_ROUTE)",
      expect.stringMatching(/^Reason: rtb-main .*no route to 93\.184\.215\.14\.$/),
      expect.stringMatching(/^Fix: Add a route 0\.0\.0\.0\/0 -> nat-a to rtb-main/),
    ]);
  });

  test("says that DEFAULT egress has no fixed source address", () => {
    const lines = formatTrace(traceEgress(buildLabTopology(), { mode: "apprunner-default" }, https()));
    expect(lines.join("\n")).toContain("not fixed");
  });
});
