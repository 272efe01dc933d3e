import { expect, test } from "vitest";
import { INTERNET_STAND_IN, resolveDestination } from "../../src/aws/resolve-destination.ts";
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
