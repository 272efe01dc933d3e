// The EC2 actions the emulator implements, by wire name. Each handler only reads QueryParams and
// returns the reply's elements (EC2 XML names, lists as arrays); state rules live in the models.

import type { QueryParams } from "../codecs/query-params.ts";
import type { RequestContext } from "../context.ts";
import { instanceActions } from "./instances.ts";

export type Ec2Handler = (ctx: RequestContext, params: QueryParams) => Record<string, unknown>;

export const ec2Actions: Record<string, Ec2Handler> = {
  ...instanceActions,
};
