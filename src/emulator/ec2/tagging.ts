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

/** The tags of TagSpecification.N whose ResourceType matches (e.g. "vpc", "natgateway"). */
export function readTagSpecifications(params: QueryParams, resourceType: string): TagInput[] {
  const tags: TagInput[] = [];
  for (const spec of params.objects("TagSpecification")) {
    const type = spec.string("ResourceType");
    if (type !== undefined && type !== resourceType) {
      throw new AwsError(
        "InvalidParameterValue",
        `'${type}' is not a valid taggable resource type for this operation.`,
      );
    }
    tags.push(...readTags(spec));
  }
  return tags;
}

export function applyTagSpecifications(
  state: Ec2State,
  params: QueryParams,
  resourceType: string,
  resourceId: string,
): void {
  setTags(state, resourceId, readTagSpecifications(params, resourceType));
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
