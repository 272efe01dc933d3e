// One table of the prices the lab's cost lines use, each with its source and the date it was read
// (docs/FACTS.md "Alternatives and costs"). Update the date and source with the value.

export interface Price {
  usd: number;
  unit: "hour" | "GB" | "vCPU-hour" | "GB-hour";
  source: string;
  checked: string;
  /** false: not confirmed from an AWS page; shown as such and left out of totals. */
  verified: boolean;
}

export type PriceKey =
  | "natGatewayHour"
  | "natGatewayGb"
  | "publicIpv4Hour"
  | "appRunnerVcpuHour"
  | "appRunnerGbHour"
  | "t4gNanoHour";

const VPC_PRICING = "https://aws.amazon.com/vpc/pricing/ (NAT gateway, public IPv4 address)";
const APP_RUNNER_PRICING = "https://aws.amazon.com/apprunner/pricing/";

export const PRICES: Record<string, Partial<Record<PriceKey, Price>>> = {
  "us-east-1": {
    natGatewayHour: { usd: 0.045, unit: "hour", source: VPC_PRICING, checked: "2026-05", verified: true },
    natGatewayGb: { usd: 0.045, unit: "GB", source: VPC_PRICING, checked: "2026-05", verified: true },
    publicIpv4Hour: { usd: 0.005, unit: "hour", source: VPC_PRICING, checked: "2026-05", verified: true },
    appRunnerVcpuHour: {
      usd: 0.064,
      unit: "vCPU-hour",
      source: APP_RUNNER_PRICING,
      checked: "2026-05",
      verified: true,
    },
    appRunnerGbHour: {
      usd: 0.007,
      unit: "GB-hour",
      source: APP_RUNNER_PRICING,
      checked: "2026-05",
      verified: true,
    },
    // Not confirmed from the EC2 pricing page in this project: shown, marked, left out of totals.
    t4gNanoHour: {
      usd: 0.0042,
      unit: "hour",
      source: "https://aws.amazon.com/ec2/pricing/on-demand/",
      checked: "unverified",
      verified: false,
    },
  },
  "ap-northeast-1": {
    natGatewayHour: { usd: 0.062, unit: "hour", source: VPC_PRICING, checked: "2026-05", verified: true },
    natGatewayGb: { usd: 0.062, unit: "GB", source: VPC_PRICING, checked: "2026-05", verified: false },
    publicIpv4Hour: { usd: 0.005, unit: "hour", source: VPC_PRICING, checked: "2026-05", verified: true },
    appRunnerGbHour: {
      usd: 0.009,
      unit: "GB-hour",
      source: APP_RUNNER_PRICING,
      checked: "2026-05",
      verified: true,
    },
  },
};

/** The region's price, else us-east-1's (flagged), else undefined. Public IPv4 is the same in every region. */
export function findPrice(region: string, key: PriceKey): { price: Price; fromRegion: string } | undefined {
  const own = PRICES[region]?.[key];
  if (own !== undefined) return { price: own, fromRegion: region };
  const fallback = PRICES["us-east-1"]?.[key];
  return fallback === undefined ? undefined : { price: fallback, fromRegion: "us-east-1" };
}
