// What a FunctionName in a request names. Lambda takes a name ("my-function"), a full ARN
// ("arn:aws:lambda:us-west-2:123456789012:function:my-function") or a partial ARN
// ("123456789012:function:my-function"), each optionally followed by ":<qualifier>" (Lambda API
// Reference, GetFunctionConfiguration, FunctionName). The model's pattern has already been checked.

import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";
import type { FunctionRecord } from "./state.ts";

export function functionArn(ctx: RequestContext, name: string): string {
  return `arn:aws:lambda:${ctx.region}:${ctx.emulator.accountId}:function:${name}`;
}

interface NamedFunction {
  name: string;
  qualifier: string | undefined;
  /** The account and region the name carries, when it is an ARN. */
  account?: string;
  region?: string;
}

export function parseFunctionName(text: string): NamedFunction {
  const full = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([^:]+)(?::(.+))?$/.exec(text);
  if (full)
    return {
      region: full[1] as string,
      account: full[2] as string,
      name: full[3] as string,
      qualifier: full[4],
    };
  const partial = /^(\d{12}):function:([^:]+)(?::(.+))?$/.exec(text);
  if (partial) return { account: partial[1] as string, name: partial[2] as string, qualifier: partial[3] };
  const [name = text, qualifier] = text.split(":", 2);
  return { name, qualifier };
}

export function functionNotFound(ctx: RequestContext, name: string, qualifier?: string): AwsError {
  const arn = `${functionArn(ctx, name)}${qualifier === undefined ? "" : `:${qualifier}`}`;
  // AWS's wording ("Function not found: <arn>"), as botocore's and the SDK's users quote it.
  return new AwsError("ResourceNotFoundException", `Function not found: ${arn}`, 404);
}

/**
 * The function a request names, or ResourceNotFoundException. The emulator publishes no versions or
 * aliases, so a qualifier other than $LATEST names nothing; an ARN of another account or region
 * names nothing here either.
 */
export function findFunction(ctx: RequestContext, text: string, qualifierMember?: string): FunctionRecord {
  const named = parseFunctionName(text);
  const qualifier = qualifierMember ?? named.qualifier;
  if (qualifierMember !== undefined && named.qualifier !== undefined && named.qualifier !== qualifierMember)
    throw new AwsError(
      "InvalidParameterValueException",
      "The derived qualifier from the function name does not match the specified qualifier.",
    );
  const record = ctx.backend.lambda.functions.get(named.name);
  const elsewhere =
    (named.account !== undefined && named.account !== ctx.emulator.accountId) ||
    (named.region !== undefined && named.region !== ctx.region);
  if (record === undefined || elsewhere || (qualifier !== undefined && qualifier !== "$LATEST"))
    throw functionNotFound(ctx, named.name, qualifier);
  return record;
}
