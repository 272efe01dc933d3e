// Availability zones per region: a small table, enough for the labs. Zone IDs (use1-az1, ...)
// map to names differently in every real account; these pairs are plausible, not authoritative.
// Tokyo has no ap-northeast-1b for accounts created since 2012, hence a, c, d.

import type { AvailabilityZoneRecord } from "./records.ts";

const ZONES: Record<string, [string, string][]> = {
  "us-east-1": [
    ["a", "use1-az1"],
    ["b", "use1-az2"],
    ["c", "use1-az4"],
    ["d", "use1-az6"],
    ["e", "use1-az3"],
    ["f", "use1-az5"],
  ],
  "ap-northeast-1": [
    ["a", "apne1-az4"],
    ["c", "apne1-az1"],
    ["d", "apne1-az2"],
  ],
  "eu-west-1": [
    ["a", "euw1-az1"],
    ["b", "euw1-az2"],
    ["c", "euw1-az3"],
  ],
  "us-west-2": [
    ["a", "usw2-az1"],
    ["b", "usw2-az2"],
    ["c", "usw2-az3"],
    ["d", "usw2-az4"],
  ],
};

/** The zones of a region; a generic a-c for regions not in the table. */
export function listAvailabilityZones(region: string): AvailabilityZoneRecord[] {
  const table = ZONES[region] ?? [
    ["a", `${zoneIdPrefix(region)}-az1`],
    ["b", `${zoneIdPrefix(region)}-az2`],
    ["c", `${zoneIdPrefix(region)}-az3`],
  ];
  return table.map(([letter, zoneId]) => ({ zoneName: `${region}${letter}`, zoneId }));
}

/** "eu-central-1" -> "euc1": first part, initials of the middle parts, the number. */
function zoneIdPrefix(region: string): string {
  const parts = region.split("-");
  const first = parts[0] ?? "x";
  const last = parts[parts.length - 1] ?? "1";
  const middle = parts
    .slice(1, -1)
    .map((p) => p.charAt(0))
    .join("");
  return `${first}${middle}${last}`;
}
