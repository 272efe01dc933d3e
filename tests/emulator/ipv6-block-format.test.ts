// The emulator's Amazon-provided IPv6 blocks are random; a fourth group of zero must still come out
// in the canonical form AWS writes ("2001:db8:6e07::/56"), and the tests' /64 helper must fit every
// block. CI once drew "2001:db8:6e07:0::/56", which a test's text pattern did not fit.

import { describe, expect, test } from "vitest";
import { associateAmazonIpv6 } from "../../src/emulator/ec2/ipv6-block-model.ts";
import type { VpcRecord } from "../../src/emulator/ec2/records.ts";
import type { Ec2State } from "../../src/emulator/ec2/state.ts";
import type { Emulator } from "../../src/emulator/emulator.ts";
import { ipv6Subnet } from "../../test-support/ipv6-subnet.ts";

function blockFor(digits: string[]): string {
  const draws = [...digits];
  const emulator = { hex: () => draws.shift() ?? "", newId: () => "vpc-cidr-assoc-1" } as unknown as Emulator;
  const state = { vpcs: new Map(), routeTables: new Map(), networkAcls: new Map() } as unknown as Ec2State;
  const vpc = { vpcId: "vpc-1" } as VpcRecord;
  associateAmazonIpv6(state, emulator, vpc);
  return vpc.ipv6?.cidrBlock ?? "";
}

describe("Amazon-provided IPv6 blocks", () => {
  test.each([
    [["6e07", "1a"], "2001:db8:6e07:1a00::/56", "2001:db8:6e07:1a0a::/64"],
    [["6e07", "00"], "2001:db8:6e07::/56", "2001:db8:6e07:a::/64"],
    [["0000", "00"], "2001:db8::/56", "2001:db8:0:a::/64"],
    [["00ab", "0c"], "2001:db8:ab:c00::/56", "2001:db8:ab:c0a::/64"],
  ])("draws %j give %s, whose /64 number 10 is %s", (digits, block, subnet) => {
    expect(blockFor(digits)).toBe(block);
    expect(ipv6Subnet(block, 0x0a)).toBe(subnet);
  });

  test("the /64 helper refuses what is not a /56 and numbers outside 0-255", () => {
    expect(() => ipv6Subnet("2001:db8::/64", 0)).toThrow(/not an IPv6 \/56/);
    expect(() => ipv6Subnet("2001:db8::/56", 256)).toThrow(/0 to 255/);
  });
});
