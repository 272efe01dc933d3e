// App Runner ARNs: arn:aws:apprunner:<region>:<account>:<type>/<name>/<id or revision/id>.

import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";

export function serviceArn(ctx: RequestContext, name: string, serviceId: string): string {
  return `arn:aws:apprunner:${ctx.region}:${ctx.emulator.accountId}:service/${name}/${serviceId}`;
}

export function vpcConnectorArn(ctx: RequestContext, name: string, revision: number): string {
  return `arn:aws:apprunner:${ctx.region}:${ctx.emulator.accountId}:vpcconnector/${name}/${revision}/${ctx.emulator.hex(32)}`;
}

/** The ARN in a request, checked against the model's pattern (InvalidRequestException otherwise). */
export function readArn(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  if (typeof value !== "string" || value === "") {
    throw new AwsError("InvalidRequestException", `${member} is required.`);
  }
  if (!/^arn:aws(-[\w]+)*:[a-z0-9-.]{0,63}:[a-z0-9-.]{0,63}:[0-9]{12}:[\w/-]{1,1011}$/.test(value)) {
    throw new AwsError("InvalidRequestException", `Invalid ${member}: ${value}`);
  }
  return value;
}
