// DescribeAvailabilityZones: the region's zones from the table in zones.ts, all "available".

import { AwsError } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { type FilterTable, matchesFilters, readFilters } from "./filters.ts";
import type { Ec2Handler } from "./handler.ts";
import type { AvailabilityZoneRecord } from "./records.ts";

const describeAvailabilityZones: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const names = params.strings("ZoneName");
  const ids = params.strings("ZoneId");
  for (const name of names) {
    if (!state.availabilityZones.some((z) => z.zoneName === name)) {
      throw new AwsError("InvalidParameterValue", `Invalid availability zone: [${name}]`);
    }
  }
  const table: FilterTable<AvailabilityZoneRecord> = {
    "zone-name": (zone) => zone.zoneName,
    "zone-id": (zone) => zone.zoneId,
    "region-name": () => state.region,
    state: () => "available",
    "zone-type": () => "availability-zone",
    "group-name": () => state.region,
    "opt-in-status": () => "opt-in-not-required",
    // Availability zones have no message and no parent zone (those are for Local/Wavelength Zones).
    message: () => undefined,
    "parent-zone-id": () => undefined,
    "parent-zone-name": () => undefined,
  };
  const filters = readFilters(params, "DescribeAvailabilityZones", table);
  const zones = state.availabilityZones.filter((zone) => {
    if (names.length > 0 && !names.includes(zone.zoneName)) return false;
    if (ids.length > 0 && !ids.includes(zone.zoneId)) return false;
    return matchesFilters(state, zone.zoneName, zone, filters, table);
  });
  return {
    availabilityZoneInfo: zones.map((zone) => ({
      zoneName: zone.zoneName,
      zoneState: "available",
      regionName: state.region,
      zoneId: zone.zoneId,
      optInStatus: "opt-in-not-required",
      groupName: state.region,
      networkBorderGroup: state.region,
      zoneType: "availability-zone",
      messageSet: [],
    })),
  };
};

export const availabilityZoneActions: Record<string, Ec2Handler> = {
  DescribeAvailabilityZones: honours(describeAvailabilityZones, "ZoneName", "ZoneId", "Filter"),
};
