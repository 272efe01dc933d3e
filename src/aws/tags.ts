// Tag conventions (ARCHITECTURE.md; README "The notebooks"): everything a lab creates carries
// `apprunner-egress-lab:stack = <stack name>` plus `Name`; cleanup deletes only what carries it.

import type { Filter, ResourceType, TagSpecification } from "@aws-sdk/client-ec2";

/** EC2 and App Runner tags have this shape. */
export interface AnyTag {
  Key?: string | undefined;
  Value?: string | undefined;
}

export const STACK_TAG_KEY = "apprunner-egress-lab:stack";

export interface LabTag {
  Key: string;
  Value: string;
}

export function labTags(stackName: string, name: string): LabTag[] {
  return [
    { Key: STACK_TAG_KEY, Value: stackName },
    { Key: "Name", Value: name },
  ];
}

/** EC2 tags applied at creation (TagSpecifications), so nothing exists untagged even for a moment. */
export function tagSpecification(
  resourceType: ResourceType,
  stackName: string,
  name: string,
): TagSpecification[] {
  return [{ ResourceType: resourceType, Tags: labTags(stackName, name) }];
}

/** EC2 filters selecting one stack's resources, or every lab stack's when stackName is undefined. */
export function labFilters(stackName: string | undefined): Filter[] {
  return stackName === undefined
    ? [{ Name: "tag-key", Values: [STACK_TAG_KEY] }]
    : [{ Name: `tag:${STACK_TAG_KEY}`, Values: [stackName] }];
}

export function findTag(tags: readonly AnyTag[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

/** True when the tags mark the resource as the lab's (for the given stack, or any stack). */
export function hasLabTag(tags: readonly AnyTag[] | undefined, stackName?: string): boolean {
  const value = findTag(tags, STACK_TAG_KEY);
  return value !== undefined && (stackName === undefined || value === stackName);
}
