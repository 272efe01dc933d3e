// Public API of the pure egress model. Everything else in src/egress is an implementation detail.

export { applyChange, ChangeNotApplicable, NEW_ID_PREFIX } from "./apply-change.ts";
export { createEmptyTopology } from "./create-empty-topology.ts";
export { describeDestination } from "./describe-destination.ts";
export { type FormatTraceOptions, formatTrace } from "./format-trace.ts";
export {
  addressFamily,
  cidrContains,
  cidrsOverlap,
  formatIpv4,
  formatIpv6,
  type Ipv4Range,
  type Ipv6Range,
  isIpv6,
  isPrivateIpv4,
  NAT64_PREFIX,
  nat64Ipv4,
  PRIVATE_IPV4_BLOCKS,
  parseCidr,
  parseIpv4,
  parseIpv6,
  parseIpv6Cidr,
  prefixLength,
} from "./ip.ts";
export { parseIpProtocol } from "./parse-ip-protocol.ts";
export {
  DOCTOR_EXPORT_FORMAT,
  type DoctorExport,
  type EgressSnapshot,
  type OverallVerdict,
  overallVerdict,
  type SnapshotSource,
  type SnapshotTrace,
  traceSnapshot,
} from "./snapshot.ts";
export { traceEgress } from "./trace-egress.ts";
export type * from "./types.ts";
export { type EgressWarning, type FindWarningsOptions, findWarnings, type WarningCode } from "./warnings.ts";
