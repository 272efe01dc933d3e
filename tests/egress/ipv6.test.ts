import { describe, expect, test } from "vitest";
import {
  addressFamily,
  cidrContains,
  cidrsOverlap,
  formatIpv6,
  nat64Ipv4,
  parseIpv6,
  parseIpv6Cidr,
  prefixLength,
} from "../../src/egress/index.ts";

describe("IPv6 arithmetic", () => {
  test("parses the text forms and rejects malformed ones", () => {
    expect(parseIpv6("::")).toBe(0n);
    expect(parseIpv6("::1")).toBe(1n);
    expect(parseIpv6("2001:db8::1")).toBe(0x20010db8000000000000000000000001n);
    expect(parseIpv6("2001:DB8:0:0:0:0:0:1")).toBe(0x20010db8000000000000000000000001n);
    expect(parseIpv6("::ffff:192.0.2.1")).toBe(0xffffc0000201n);
    for (const bad of [
      "",
      "1.2.3.4",
      "2001:db8::1::2",
      "12345::",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3",
      "g::1",
      "::1.2.3",
    ])
      expect(parseIpv6(bad), bad).toBeNull();
  });

  test("formats in the RFC 5952 canonical form", () => {
    expect(formatIpv6(0n)).toBe("::");
    expect(formatIpv6(0x20010db8000000000000000000000001n)).toBe("2001:db8::1");
    expect(formatIpv6(0x20010db8000100000000000100000000n)).toBe("2001:db8:1::1:0:0");
  });

  test("clears host bits, a bare address is a /128", () => {
    expect(parseIpv6Cidr("2001:db8:1234:1a00::ff/56")).toEqual({
      network: 0x20010db812341a000000000000000000n,
      prefix: 56,
    });
    expect(parseIpv6Cidr("2001:db8::1")?.prefix).toBe(128);
    expect(parseIpv6Cidr("2001:db8::/129")).toBeNull();
    expect(prefixLength("::/0")).toBe(0);
  });

  test("containment and overlap stay within one family", () => {
    expect(cidrContains("::/0", "2001:db8::1")).toBe(true);
    expect(cidrContains("2001:db8:1234:1a00::/56", "2001:db8:1234:1a01::/64")).toBe(true);
    expect(cidrContains("2001:db8:1234:1a00::/56", "2001:db8:1234:1b00::/64")).toBe(false);
    expect(cidrContains("0.0.0.0/0", "2001:db8::1")).toBe(false);
    expect(cidrContains("::/0", "203.0.113.10")).toBe(false);
    expect(cidrsOverlap("2001:db8::/32", "2001:db8:ffff::/48")).toBe(true);
    expect(addressFamily("10.0.0.0/16")).toBe(4);
    expect(addressFamily("2600:1f18::/56")).toBe(6);
    expect(addressFamily("example.com")).toBeNull();
  });

  test("NAT64 addresses embed an IPv4 address in their last 32 bits", () => {
    expect(nat64Ipv4("64:ff9b::cb00:710a")).toBe("203.0.113.10");
    expect(nat64Ipv4("2001:db8::1")).toBeNull();
  });
});
