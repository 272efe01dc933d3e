// AWS-managed prefix lists for the gateway endpoint services (S3, DynamoDB). EMULATED: the IDs are
// fixed fakes and the CIDRs come from the documentation range TEST-NET-1 of RFC 5737 (192.0.2.0/24)
// so that no real AWS address appears (real lists hold many public blocks). The address plan is in
// address-plan.ts.

import type { PrefixListRecord } from "./records.ts";

export function listPrefixLists(region: string): PrefixListRecord[] {
  return [
    {
      prefixListId: "pl-63a5400a",
      prefixListName: `com.amazonaws.${region}.s3`,
      cidrs: ["192.0.2.0/26", "192.0.2.64/26"],
    },
    {
      prefixListId: "pl-02cd2c6b",
      prefixListName: `com.amazonaws.${region}.dynamodb`,
      cidrs: ["192.0.2.128/26", "192.0.2.192/26"],
    },
  ];
}
