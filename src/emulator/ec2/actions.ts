// The EC2 actions the emulator implements, by wire name. Each handler parses nothing itself beyond
// reading QueryParams, and returns the reply's elements (EC2 XML names, lists as arrays).

import type { QueryParams } from "../codecs/query-params.ts";
import type { RequestContext } from "../context.ts";

export type Ec2Handler = (ctx: RequestContext, params: QueryParams) => Record<string, unknown>;

export const ec2Actions: Record<string, Ec2Handler> = {};
