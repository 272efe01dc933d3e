import { describe, expect, test } from "vitest";
import {
  cidrContains,
  cidrsOverlap,
  formatIpv4,
  isPrivateIpv4,
  parseCidr,
  parseIpv4,
  prefixLength,
} from "../../src/egress/ip.ts";

describe("ip", () => {
  test("parses a dotted quad and rejects malformed addresses", () => {
    expect(parseIpv4("10.0.1.5")).toBe(10 * 2 ** 24 + 1 * 2 ** 8 + 5);
    expect(parseIpv4("255.255.255.255")).toBe(2 ** 32 - 1);
    for (const bad of ["10.0.1", "10.0.1.256", "a.b.c.d", "1.2.3.4.5", "", "1..2.3"])
      expect(parseIpv4(bad)).toBeNull();
  });

  test("formats back what it parses", () => {
    expect(formatIpv4(parseIpv4("203.0.113.10") ?? -1)).toBe("203.0.113.10");
  });

  test("clears host bits and treats a bare address as a /32", () => {
    expect(parseCidr("10.0.1.77/16")).toEqual({ network: parseIpv4("10.0.0.0"), prefix: 16 });
    expect(prefixLength("10.0.0.1")).toBe(32);
    expect(prefixLength("0.0.0.0/0")).toBe(0);
    expect(parseCidr("10.0.0.0/33")).toBeNull();
  });

  test("containment needs the inner block entirely inside the outer one", () => {
    expect(cidrContains("0.0.0.0/0", "93.184.215.14")).toBe(true);
    expect(cidrContains("10.0.0.0/16", "10.0.200.0/24")).toBe(true);
    expect(cidrContains("10.0.0.0/24", "10.0.0.0/16")).toBe(false);
    expect(cidrContains("10.0.0.0/16", "10.1.0.1")).toBe(false);
    expect(cidrContains("not-a-cidr", "10.1.0.1")).toBe(false);
  });

  test("two blocks overlap when either contains the other", () => {
    expect(cidrsOverlap("10.0.0.0/24", "10.0.0.0/16")).toBe(true);
    expect(cidrsOverlap("10.0.1.0/24", "10.0.2.0/24")).toBe(false);
  });

  test("recognises the RFC 1918 private blocks only", () => {
    expect(["10.9.9.9", "172.20.0.1", "192.168.1.1"].map(isPrivateIpv4)).toEqual([true, true, true]);
    expect(["172.32.0.1", "8.8.8.8", "100.64.0.1"].map(isPrivateIpv4)).toEqual([false, false, false]);
  });
});
