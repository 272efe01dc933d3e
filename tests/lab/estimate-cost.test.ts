import { describe, expect, test } from "vitest";
import { costForDuration, estimateHourlyCost, formatUsd } from "../../src/lab/estimate-cost.ts";
import { PRICES } from "../../src/lab/prices.ts";

const usEast1 = PRICES["us-east-1"];

describe("estimateHourlyCost", () => {
  test("02 in us-east-1 costs the NAT gateway hour plus the public IPv4 hour plus the service's share", () => {
    const estimate = estimateHourlyCost("us-east-1", "02-with-nat", "apprunner");
    const expected =
      (usEast1?.natGatewayHour?.usd ?? Number.NaN) +
      (usEast1?.publicIpv4Hour?.usd ?? Number.NaN) +
      (usEast1?.appRunnerVcpuHour?.usd ?? Number.NaN) * 0.25 +
      (usEast1?.appRunnerGbHour?.usd ?? Number.NaN) * 0.5;
    expect(estimate.usdPerHour).toBeCloseTo(expected, 10);
    expect(estimate.lines.find((line) => line.item === "NAT gateway")?.usdPerHour).toBe(0.045);
  });

  test("a NAT gateway held for two hours in us-east-1 costs twice its hourly price", () => {
    const estimate = estimateHourlyCost("us-east-1", "02-with-nat", "none");
    expect(estimate.usdPerHour).toBeCloseTo(0.045 + 0.005, 10);
    expect(costForDuration(estimate, 2 * 3_600_000)).toBeCloseTo(2 * (0.045 + 0.005), 10);
    expect(costForDuration(estimate, 0)).toBe(0);
  });

  test("01 has no NAT gateway or Elastic IP line", () => {
    const estimate = estimateHourlyCost("us-east-1", "01-without-nat", "none");
    expect(estimate.lines).toEqual([]);
    expect(estimate.usdPerHour).toBe(0);
  });

  test("uses the region's own price when the table has one", () => {
    const estimate = estimateHourlyCost("ap-northeast-1", "02-with-nat", "none");
    const nat = estimate.lines.find((line) => line.item === "NAT gateway");
    expect(nat?.usdPerHour).toBe(PRICES["ap-northeast-1"]?.natGatewayHour?.usd);
    expect(nat?.priceFromRegion).toBeUndefined();
  });

  test("falls back to us-east-1's price for a region not in the table, and says so", () => {
    const estimate = estimateHourlyCost("eu-west-3", "02-with-nat", "none");
    expect(estimate.lines.find((line) => line.item === "NAT gateway")).toMatchObject({
      usdPerHour: 0.045,
      priceFromRegion: "us-east-1",
    });
    expect(estimate.notes.join("\n")).toMatch(/eu-west-3 price not in the table, using us-east-1's/);
  });

  test("shows an unverified price but leaves it out of the total", () => {
    const estimate = estimateHourlyCost("us-east-1", "01-without-nat", "instance");
    expect(estimate.lines).toEqual([expect.objectContaining({ item: "EC2 t4g.nano", verified: false })]);
    expect(estimate.usdPerHour).toBe(0);
    expect(estimate.notes.join("\n")).toMatch(/unverified/);
  });
});

describe("formatUsd", () => {
  test("shows cents, and four decimals below a cent", () => {
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(0.05)).toBe("$0.05");
    expect(formatUsd(0.0035)).toBe("$0.0035");
    expect(formatUsd(1.234)).toBe("$1.23");
  });
});
