import { describe, expect, test } from "vitest";
import { cidrContains } from "../../src/egress/index.ts";
import { listPrefixLists } from "../../src/emulator/ec2/prefix-lists.ts";
import { resolveName } from "../../src/emulator/workloads/resolve-name.ts";

describe("name resolution inside the emulated VPC", () => {
  test("S3 and DynamoDB names resolve into their prefix lists, so a gateway endpoint route matches them", () => {
    const lists = listPrefixLists("us-east-1");
    for (const [name, suffix] of [
      ["s3.us-east-1.amazonaws.com", ".s3"],
      ["my-bucket.s3.amazonaws.com", ".s3"],
      ["dynamodb.us-east-1.amazonaws.com", ".dynamodb"],
    ] as const) {
      const resolution = resolveName(name, true);
      if (!resolution.ok) throw new Error(`${name} did not resolve`);
      const list = lists.find((candidate) => candidate.prefixListName.endsWith(suffix));
      const address = resolution.addresses[0] ?? "";
      expect(list?.cidrs.some((cidr) => cidrContains(cidr, address))).toBe(true);
    }
  });

  test("other public names resolve outside the prefix lists and never into private ranges", () => {
    const resolution = resolveName("api.example.com", true);
    if (!resolution.ok) throw new Error("api.example.com did not resolve");
    const address = resolution.addresses[0] ?? "";
    expect(cidrContains("198.18.0.0/15", address)).toBe(true);
  });

  test("without DNS support in the VPC the resolver does not answer", () => {
    expect(resolveName("api.example.com", false)).toEqual({ ok: false, error: "EAI_AGAIN" });
  });
});
