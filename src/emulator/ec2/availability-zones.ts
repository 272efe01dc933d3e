// DescribeAvailabilityZones: the region's zones from the table in zones.ts, all "available".

import { AwsError } from "../errors.ts";
import type { Ec2Handler } from "./actions.ts";
import { type FilterFields, matchesFilters, readFilters } from "./filters.ts";

const describeAvailabilityZones: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const names = params.strings("ZoneName");
  const ids = params.strings("ZoneId");
  for (const name of names) {
    if (!state.availabilityZones.some((z) => z.zoneName === name)) {
      throw new AwsError("InvalidParameterValue", `Invalid availability zone: [${name}]`);
    }
  }
  const filters = readFilters(params);
  const zones = state.availabilityZones.filter((zone) => {
    if (names.length > 0 && !names.includes(zone.zoneName)) return false;
    if (ids.length > 0 && !ids.includes(zone.zoneId)) return false;
    const fields: FilterFields = {
      "zone-name": zone.zoneName,
      "zone-id": zone.zoneId,
      "region-name": state.region,
      state: "available",
      "zone-type": "availability-zone",
      "group-name": state.region,
      "opt-in-status": "opt-in-not-required",
    };
    return matchesFilters(state, zone.zoneName, filters, fields);
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
  DescribeAvailabilityZones: describeAvailabilityZones,
};
