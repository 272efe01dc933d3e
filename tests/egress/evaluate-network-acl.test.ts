import { describe, expect, test } from "vitest";
import { EPHEMERAL_PORTS, evaluateNetworkAcl } from "../../src/egress/evaluate-network-acl.ts";
import type { NetworkAcl, NetworkAclEntry } from "../../src/egress/types.ts";

function acl(entries: NetworkAclEntry[]): NetworkAcl {
  return { id: "acl-test", vpcId: "vpc-test", isDefault: false, subnetIds: [], entries };
}

const replies = { egress: false, protocol: "tcp", peer: "93.184.215.14", ports: EPHEMERAL_PORTS } as const;

describe("evaluateNetworkAcl", () => {
  test("the lowest matching rule number wins, whatever the list order", () => {
    const answer = evaluateNetworkAcl(
      acl([
        { ruleNumber: 200, egress: true, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" },
        {
          ruleNumber: 100,
          egress: true,
          protocol: "tcp",
          action: "deny",
          cidr: "0.0.0.0/0",
          portRange: { from: 443, to: 443 },
        },
      ]),
      { egress: true, protocol: "tcp", peer: "93.184.215.14", ports: { from: 443, to: 443 } },
    );
    expect(answer).toMatchObject({ allowed: false, entry: { ruleNumber: 100 } });
  });

  test("no matching rule means the final deny", () => {
    expect(evaluateNetworkAcl(acl([]), replies)).toEqual({ allowed: false, entry: null });
  });

  test("replies are allowed when allow rules cover the whole ephemeral range before any deny", () => {
    const answer = evaluateNetworkAcl(
      acl([
        {
          ruleNumber: 100,
          egress: false,
          protocol: "tcp",
          action: "allow",
          cidr: "0.0.0.0/0",
          portRange: { from: 1024, to: 30000 },
        },
        {
          ruleNumber: 110,
          egress: false,
          protocol: "tcp",
          action: "allow",
          cidr: "0.0.0.0/0",
          portRange: { from: 30001, to: 65535 },
        },
        { ruleNumber: 120, egress: false, protocol: "-1", action: "deny", cidr: "0.0.0.0/0" },
      ]),
      replies,
    );
    expect(answer).toMatchObject({ allowed: true, entry: { ruleNumber: 110 } });
  });

  test("a deny rule touching part of the ephemeral range before full coverage denies the replies", () => {
    const answer = evaluateNetworkAcl(
      acl([
        {
          ruleNumber: 100,
          egress: false,
          protocol: "tcp",
          action: "allow",
          cidr: "0.0.0.0/0",
          portRange: { from: 1024, to: 30000 },
        },
        {
          ruleNumber: 110,
          egress: false,
          protocol: "tcp",
          action: "deny",
          cidr: "93.184.0.0/16",
          portRange: { from: 30001, to: 30001 },
        },
        { ruleNumber: 120, egress: false, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" },
      ]),
      replies,
    );
    expect(answer).toMatchObject({ allowed: false, entry: { ruleNumber: 110 } });
  });

  test("a deny rule for ports already allowed by a lower rule does not matter", () => {
    const answer = evaluateNetworkAcl(
      acl([
        {
          ruleNumber: 100,
          egress: false,
          protocol: "tcp",
          action: "allow",
          cidr: "0.0.0.0/0",
          portRange: { from: 1024, to: 30000 },
        },
        {
          ruleNumber: 110,
          egress: false,
          protocol: "tcp",
          action: "deny",
          cidr: "0.0.0.0/0",
          portRange: { from: 2000, to: 3000 },
        },
        {
          ruleNumber: 120,
          egress: false,
          protocol: "tcp",
          action: "allow",
          cidr: "0.0.0.0/0",
          portRange: { from: 30001, to: 65535 },
        },
      ]),
      replies,
    );
    expect(answer.allowed).toBe(true);
  });

  test("rules for other protocols, other peers or the other direction are ignored", () => {
    const answer = evaluateNetworkAcl(
      acl([
        { ruleNumber: 10, egress: false, protocol: "udp", action: "deny", cidr: "0.0.0.0/0" },
        { ruleNumber: 20, egress: false, protocol: "tcp", action: "deny", cidr: "198.51.100.0/24" },
        { ruleNumber: 30, egress: true, protocol: "-1", action: "deny", cidr: "0.0.0.0/0" },
        { ruleNumber: 40, egress: false, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" },
      ]),
      replies,
    );
    expect(answer).toMatchObject({ allowed: true, entry: { ruleNumber: 40 } });
  });
});
