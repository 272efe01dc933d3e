// AWS resource IDs: a prefix and 17 lowercase hex digits (vpc-0a1b2c3d4e5f67890), from one
// generator so that a seeded emulator produces the same IDs run after run.

export const ID_PREFIXES = {
  vpc: "vpc",
  subnet: "subnet",
  internetGateway: "igw",
  natGateway: "nat",
  allocation: "eipalloc",
  association: "eipassoc",
  routeTable: "rtb",
  routeTableAssociation: "rtbassoc",
  securityGroup: "sg",
  securityGroupRule: "sgr",
  networkAcl: "acl",
  networkAclAssociation: "aclassoc",
  networkInterface: "eni",
  instance: "i",
  reservation: "r",
  vpcEndpoint: "vpce",
  prefixList: "pl",
  image: "ami",
  cidrAssociation: "vpc-cidr-assoc",
  attachment: "eni-attach",
  transitGateway: "tgw",
  transitGatewayAttachment: "tgw-attach",
  transitGatewayRouteTable: "tgw-rtb",
  vpcPeeringConnection: "pcx",
  egressOnlyInternetGateway: "eigw",
  subnetCidrAssociation: "subnet-cidr-assoc",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/** Mulberry32: a small seeded PRNG; enough for IDs and fault draws, not for cryptography. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createIdGenerator(random: () => number): {
  id: (kind: IdKind) => string;
  hex: (digits: number) => string;
} {
  const hex = (digits: number): string => {
    let out = "";
    for (let i = 0; i < digits; i++) out += Math.floor(random() * 16).toString(16);
    return out;
  };
  return { id: (kind) => `${ID_PREFIXES[kind]}-${hex(17)}`, hex };
}
