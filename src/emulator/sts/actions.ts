// STS (AWS Query protocol, version 2011-06-15): only GetCallerIdentity, which the labs use to name
// the account before asking for confirmation.

import { actionTable } from "../action-table.ts";
import type { QueryParams } from "../codecs/query-params.ts";
import type { RequestContext } from "../context.ts";
import { honours } from "../models/honours.ts";

export const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

export type StsHandler = (ctx: RequestContext, params: QueryParams) => Record<string, unknown>;

export const stsActions: Record<string, StsHandler> = actionTable<StsHandler>("STS", {
  // GetCallerIdentity has no input members.
  GetCallerIdentity: honours((ctx: RequestContext) => ({
    UserId: "AIDAEMULATOR000000001",
    Account: ctx.emulator.accountId,
    Arn: `arn:aws:iam::${ctx.emulator.accountId}:user/apprunner-egress-lab`,
  })),
});
