// Tags of every resource, kept in one map by resource ID, and TagSpecification.N on create calls
// (TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.1.Key=Name&...Value=...).

import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";
import type { Ec2State } from "./state.ts";

export interface TagInput {
  key: string;
  value: string;
}

/** Tags from a list parameter such as Tag.N.Key / Tag.N.Value. */
export function readTags(params: QueryParams, name = "Tag"): TagInput[] {
  return params.objects(name).map((tag) => {
    const key = tag.string("Key");
    if (key === undefined || key === "") {
      throw new AwsError("InvalidParameterValue", "Tag key must not be empty");
    }
    if (key.length > 128)
      throw new AwsError("InvalidParameterValue", `Tag key exceeds 128 characters: ${key}`);
    if (key.toLowerCase().startsWith("aws:")) {
      throw new AwsError(
        "InvalidParameterValue",
        "Tag keys starting with 'aws:' are reserved for internal use",
      );
    }
    const value = tag.string("Value") ?? "";
    if (value.length > 256) throw new AwsError("InvalidParameterValue", `Tag value exceeds 256 characters`);
    return { key, value };
  });
}

/**
 * The tags of TagSpecification.N, each of which must name the resource type the call creates
 * (e.g. "vpc", "natgateway") and carry at least one tag. Read it before creating anything, so that
 * a refused specification leaves nothing behind. AWS's replies: "Tag specification resource type
 * must have a value" (InvalidParameterValue, quoted in yegor256/rultor#1991) and "'…' is not a valid
 * taggable resource type for this operation." (InvalidParameter, quoted in jonrau1/SyntheticSun#13);
 * "Tag specification must have at least one tag" is moto's text, not checked against AWS.
 */
export function readTagSpecifications(
  params: QueryParams,
  resourceType: string,
  /** Types AWS accepts on this call for parts the emulator does not model (e.g. "volume"). */
  unmodelled: readonly string[] = [],
  /** The wire name: most calls say TagSpecification.N, some (transit gateway attachments) TagSpecifications.N. */
  member = "TagSpecification",
): TagInput[] {
  const tags: TagInput[] = [];
  for (const spec of params.objects(member)) {
    const type = spec.string("ResourceType");
    if (type === undefined || type === "") {
      throw new AwsError("InvalidParameterValue", "Tag specification resource type must have a value");
    }
    if (unmodelled.includes(type)) {
      throw new AwsError(
        "UnsupportedOperation",
        `The emulator does not model '${type}' resources on this call, so it cannot tag them; leave that TagSpecification out.`,
      );
    }
    if (type !== resourceType) {
      throw new AwsError(
        "InvalidParameter",
        `'${type}' is not a valid taggable resource type for this operation.`,
      );
    }
    const specTags = readTags(spec);
    if (specTags.length === 0) {
      throw new AwsError("InvalidParameterValue", "Tag specification must have at least one tag");
    }
    tags.push(...specTags);
  }
  return tags;
}

export function setTags(state: Ec2State, resourceId: string, tags: TagInput[]): void {
  if (tags.length === 0) return;
  const map = state.tags.get(resourceId) ?? new Map<string, string>();
  const keys = new Set([...map.keys(), ...tags.map((t) => t.key)]);
  // AWS allows 50 tags per resource; the whole request is refused, nothing applied.
  if (keys.size > 50) throw new AwsError("TagLimitExceeded", "The maximum number of tags (50) was exceeded");
  for (const { key, value } of tags) map.set(key, value);
  state.tags.set(resourceId, map);
}

/** The tags of a resource as EC2 XML elements: [{ key, value }]. */
export function tagsOf(state: Ec2State, resourceId: string): { key: string; value: string }[] {
  return [...(state.tags.get(resourceId) ?? new Map<string, string>())].map(([key, value]) => ({
    key,
    value,
  }));
}

/** tagSet only when the resource has tags (AWS omits the element otherwise). */
export function tagSetOf(state: Ec2State, resourceId: string): { tagSet?: { key: string; value: string }[] } {
  const tags = tagsOf(state, resourceId);
  return tags.length > 0 ? { tagSet: tags } : {};
}

export function dropTags(state: Ec2State, resourceId: string): void {
  state.tags.delete(resourceId);
}
