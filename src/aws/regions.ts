// The commercial AWS regions (partition "aws"), so that a typo fails before any API call.
// Source: the partition data shipped with the AWS SDK for JavaScript v3 (@aws-sdk/core 3.981,
// dist-cjs/submodules/client, partition "aws", regions list; "aws-global" left out). Update when
// AWS opens a region.

export const COMMERCIAL_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "me-west-1",
  "mx-central-1",
  "sa-east-1",
  "sa-west-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
];

export function isCommercialRegion(region: string): boolean {
  return COMMERCIAL_REGIONS.includes(region);
}

/** The closest region names, for "did you mean" in error messages. */
export function suggestRegions(region: string): string[] {
  const prefix = region.split("-").slice(0, 2).join("-");
  return COMMERCIAL_REGIONS.filter((candidate) => candidate.startsWith(prefix)).slice(0, 5);
}
