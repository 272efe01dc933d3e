// The lab's two availability zones. The instance (--workload instance, or auto, which may fall back
// to an instance at creation time) goes in the first one, so that zone must offer the instance type.

import { UsageError } from "../aws/command-line.ts";
import { pickAvailabilityZones } from "./create-network.ts";
import { INSTANCE_TYPE, zonesOfferingInstanceType } from "./create-workload.ts";
import type { LabContext } from "./lab-context.ts";

const ZONE_COUNT = 2;

export async function chooseZones(
  ctx: LabContext,
  workload: { instance: boolean; auto: boolean },
): Promise<string[]> {
  const picked = await pickAvailabilityZones(ctx, ZONE_COUNT);
  if (!workload.instance && !workload.auto) return picked;
  const offering = await zonesOfferingInstanceType(ctx, INSTANCE_TYPE);
  if (offering.has(picked[0] ?? "")) return picked;
  const all = await pickAvailabilityZones(ctx, Number.MAX_SAFE_INTEGER);
  const first = all.find((zone) => offering.has(zone));
  if (first === undefined) {
    // auto can still use App Runner; only an instance needs the type.
    if (!workload.instance) return picked;
    throw new UsageError(
      `No zone of ${ctx.clients.region} offers ${INSTANCE_TYPE} (DescribeInstanceTypeOfferings): ` +
        "run the notebook in another region (--region), or with --workload none. Nothing was created.",
    );
  }
  ctx.narrator.note(
    `  ${picked[0]} does not offer ${INSTANCE_TYPE}; the instance's subnet goes to ${first} instead.`,
  );
  return [first, ...all.filter((zone) => zone !== first)].slice(0, ZONE_COUNT);
}
