// TagResource, UntagResource, ListTagsForResource for services and VPC connectors.

import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";
import { readArn } from "./arns.ts";
import { invalid, readStringList, readTags, writeTags } from "./read-input.ts";
import type { Tags } from "./state.ts";

function tagsOfResource(ctx: RequestContext, arn: string): Tags {
  const { apprunner } = ctx.backend;
  const resource = apprunner.services.get(arn) ?? apprunner.vpcConnectors.get(arn);
  if (resource === undefined)
    throw new AwsError("ResourceNotFoundException", `Resource ${arn} does not exist.`);
  return resource.tags;
}

export function tagResource(ctx: RequestContext, input: Record<string, unknown>) {
  const tags = tagsOfResource(ctx, readArn(input, "ResourceArn"));
  const added = readTags(input);
  if (added.size === 0) throw invalid("Tags is required.");
  for (const [key, value] of added) tags.set(key, value);
  if (tags.size > 50) throw invalid("A resource can have at most 50 tags.");
  return {};
}

export function untagResource(ctx: RequestContext, input: Record<string, unknown>) {
  const tags = tagsOfResource(ctx, readArn(input, "ResourceArn"));
  const keys = readStringList(input, "TagKeys");
  if (keys === undefined) throw invalid("TagKeys is required.");
  for (const key of keys) tags.delete(key);
  return {};
}

export function listTagsForResource(ctx: RequestContext, input: Record<string, unknown>) {
  return { Tags: writeTags(tagsOfResource(ctx, readArn(input, "ResourceArn"))) };
}
