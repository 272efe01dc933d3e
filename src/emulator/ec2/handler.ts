// The shape of every EC2 handler: the request's context and its query parameters in, the reply's
// elements out (EC2 XML names, lists as arrays). Kept apart from the registry (actions.ts) so that
// each resource's file imports this low-level type instead of importing back up to the registry.

import type { QueryParams } from "../codecs/query-params.ts";
import type { RequestContext } from "../context.ts";

export type Ec2Handler = (ctx: RequestContext, params: QueryParams) => Record<string, unknown>;
