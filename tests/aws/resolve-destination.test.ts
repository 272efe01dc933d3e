import { expect, test } from "vitest";
import {
  INTERNET_STAND_IN,
  lookupIpv4ThenIpv6,
  resolveDestination,
} from "../../src/aws/resolve-destination.ts";
import { DoctorInputError } from "../../src/aws/resolve-doctor-input.ts";

test("without a destination the doctor traces to the documented stand-in public address", async () => {
  expect(await resolveDestination(undefined, 443)).toEqual({
    address: INTERNET_STAND_IN,
    protocol: "tcp",
    port: 443,
    hostname: "a public internet address",
  });
});

test("an IPv4 address is used as given, without a lookup", async () => {
  const destination = await resolveDestination("10.0.2.15", 5432, () =>
    Promise.reject(new Error("no lookup")),
  );
  expect(destination).toEqual({ address: "10.0.2.15", protocol: "tcp", port: 5432 });
});

test("a host name is resolved and kept for messages", async () => {
  expect(await resolveDestination("api.example.com", 443, async () => "198.51.100.7")).toEqual({
    address: "198.51.100.7",
    protocol: "tcp",
    port: 443,
    hostname: "api.example.com",
  });
});

test("a host name that does not resolve is a usage error", async () => {
  await expect(
    resolveDestination("nowhere.invalid", 443, () => Promise.reject(new Error("ENOTFOUND"))),
  ).rejects.toBeInstanceOf(DoctorInputError);
});

test("an IPv6 address is used as given, without a lookup; a CIDR block is not a destination", async () => {
  const noLookup = () => Promise.reject(new Error("no lookup"));
  expect(await resolveDestination("2001:db8::10", 443, noLookup)).toEqual({
    address: "2001:db8::10",
    protocol: "tcp",
    port: 443,
  });
  await expect(resolveDestination("2001:db8::/64", 443, noLookup)).rejects.toBeInstanceOf(DoctorInputError);
});

test("a host name resolves to its A record, or to its AAAA record when it has no A", async () => {
  const records: Record<string, { 4?: string; 6?: string }> = {
    "dual.example": { 4: "198.51.100.7", 6: "2001:db8::7" },
    "v6only.example": { 6: "2001:db8::8" },
  };
  const lookupHost = lookupIpv4ThenIpv6(async (hostname, family) => {
    const address = records[hostname]?.[family];
    if (address === undefined) throw new Error(`ENODATA ${hostname} ${family}`);
    return address;
  });
  expect((await resolveDestination("dual.example", 443, lookupHost)).address).toBe("198.51.100.7");
  expect((await resolveDestination("v6only.example", 443, lookupHost)).address).toBe("2001:db8::8");
  await expect(resolveDestination("none.example", 443, lookupHost)).rejects.toThrow(/ENODATA none.example 4/);
});
