// What a lab run costs: the hourly resources its plan creates (NAT gateways, Elastic IPs, the App
// Runner service or the instance) times how long it holds them. Read from the plan's steps, not from the
// notebook's name, so a plan that changes changes its estimate. Prorated by the second: AWS may bill
// partial hours differently, so the figure is an estimate and says so.

import type { ResourceKind, StackPlan } from "./plan-stack.ts";
import { findPrice, type PriceKey } from "./prices.ts";

export interface CostLine {
  item: string;
  usdPerHour: number;
  verified: boolean;
  /** Where the price was read (the pricing page). */
  source: string;
  /** Set when the region has no price of its own in the table. */
  priceFromRegion?: string;
}

export interface CostEstimate {
  lines: CostLine[];
  /** Verified lines only. */
  usdPerHour: number;
  notes: string[];
}

/** App Runner's smallest size, the one the lab uses. */
export const SERVICE_VCPU = 0.25;
export const SERVICE_MEMORY_GB = 0.5;

export function estimateHourlyCost(region: string, plan: Pick<StackPlan, "steps">): CostEstimate {
  const count = (kind: ResourceKind) => plan.steps.filter((step) => step.kind === kind).length;
  const lines: CostLine[] = [];
  const notes: string[] = [];
  const add = (name: string, key: PriceKey, quantity: number, copies = 1) => {
    if (copies === 0) return;
    const item = copies === 1 ? name : `${name} x${copies}`;
    const found = findPrice(region, key);
    if (found === undefined) {
      notes.push(`No price for ${item} in ${region}; left out.`);
      return;
    }
    lines.push({
      item,
      usdPerHour: found.price.usd * quantity * copies,
      verified: found.price.verified,
      source: found.price.source,
      ...(found.fromRegion === region ? {} : { priceFromRegion: found.fromRegion }),
    });
    if (found.fromRegion !== region)
      notes.push(`${item}: ${region} price not in the table, using ${found.fromRegion}'s.`);
  };
  const natGateways = count("nat-gateway");
  add("NAT gateway", "natGatewayHour", 1, natGateways);
  add("Elastic IP (public IPv4)", "publicIpv4Hour", 1, count("elastic-ip"));
  const services = count("service");
  add("App Runner 0.25 vCPU (active)", "appRunnerVcpuHour", SERVICE_VCPU, services);
  add("App Runner 0.5 GB", "appRunnerGbHour", SERVICE_MEMORY_GB, services);
  add("EC2 t4g.nano", "t4gNanoHour", 1, count("instance"));
  if (natGateways > 0) {
    notes.push("Data processed by the NAT gateway is billed per GB; the probe sends a few kilobytes.");
  }
  const usdPerHour = lines.filter((line) => line.verified).reduce((sum, line) => sum + line.usdPerHour, 0);
  return { lines, usdPerHour, notes };
}

/** The cost of holding the resources for the given time, prorated (an estimate). */
export function costForDuration(estimate: CostEstimate, milliseconds: number): number {
  return (estimate.usdPerHour * milliseconds) / 3_600_000;
}

/**
 * Dollars with as many decimals as the price has, up to four: AWS lists hourly prices in tenths of
 * a cent ($0.045 per NAT gateway hour), which cents would round away ($0.04). At least two decimals.
 */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.00005) return "less than $0.0001";
  const fixed = usd.toFixed(4).replace(/(\.\d\d\d*?)0+$/, "$1");
  return `$${fixed}`;
}
