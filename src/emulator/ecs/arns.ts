// ECS ARNs in the long format AWS uses for new resources (ECS Developer Guide, "Amazon Resource
// Names (ARNs) and IDs"): arn:aws:ecs:<region>:<account>:cluster/<name>,
// service/<cluster>/<name>, task-definition/<family>:<revision>.

import type { RequestContext } from "../context.ts";

export function ecsArn(ctx: RequestContext, resource: string): string {
  return `arn:aws:ecs:${ctx.region}:${ctx.emulator.accountId}:${resource}`;
}

/** The name in a short name or an ARN ("arn:...:cluster/prod" -> "prod", "arn:...:service/prod/web" -> "web"). */
export function nameOf(nameOrArn: string): string {
  if (!nameOrArn.startsWith("arn:")) return nameOrArn;
  return nameOrArn.split("/").at(-1) ?? nameOrArn;
}
