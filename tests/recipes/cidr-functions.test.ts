import { describe, expect, test } from "vitest";
import { computeCidrSubnet, computeFnCidr } from "../../src/recipes/index.ts";

describe("Fn::Cidr", () => {
  test("splits a block into consecutive blocks with cidrBits host bits", () => {
    expect(computeFnCidr("10.0.0.0/16", 3, 8)).toEqual(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]);
  });

  test("matches the CloudFormation User Guide example (192.168.0.0/24, 6, 5)", () => {
    expect(computeFnCidr("192.168.0.0/24", 6, 5)).toEqual([
      "192.168.0.0/27",
      "192.168.0.32/27",
      "192.168.0.64/27",
      "192.168.0.96/27",
      "192.168.0.128/27",
      "192.168.0.160/27",
    ]);
  });

  test("rejects a count that does not fit in the block", () => {
    expect(() => computeFnCidr("10.0.0.0/24", 3, 7)).toThrow(/fewer than 3 blocks/);
  });

  test("rejects host bits wider than the block", () => {
    expect(() => computeFnCidr("10.0.0.0/24", 1, 9)).toThrow(/shorter than/);
  });
});

describe("cidrsubnet", () => {
  test("returns the netnum-th block after adding newbits to the prefix", () => {
    expect(computeCidrSubnet("10.0.0.0/16", 8, 20)).toBe("10.0.20.0/24");
    expect(computeCidrSubnet("172.16.0.0/12", 4, 2)).toBe("172.18.0.0/16");
  });

  test("rejects a netnum that does not fit in newbits", () => {
    expect(() => computeCidrSubnet("10.0.0.0/16", 2, 4)).toThrow(/does not fit/);
  });
});
