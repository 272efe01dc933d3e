// Public API of the pure egress model. Everything else in src/egress is an implementation detail.

export { applyChange, ChangeNotApplicable, NEW_ID_PREFIX } from "./apply-change.ts";
export { createEmptyTopology } from "./create-empty-topology.ts";
export { describeDestination } from "./describe-destination.ts";
export { type FormatTraceOptions, formatTrace } from "./format-trace.ts";
export {
  cidrContains,
  cidrsOverlap,
  formatIpv4,
  type Ipv4Range,
  isPrivateIpv4,
  PRIVATE_IPV4_BLOCKS,
  parseCidr,
  parseIpv4,
  prefixLength,
} from "./ip.ts";
export { parseIpProtocol } from "./parse-ip-protocol.ts";
export { traceEgress } from "./trace-egress.ts";
export type * from "./types.ts";
export { type EgressWarning, type FindWarningsOptions, findWarnings, type WarningCode } from "./warnings.ts";
