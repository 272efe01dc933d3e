// Typed reads of App Runner JSON input with the errors App Runner gives for bad values
// (InvalidRequestException; the botocore model lists no other validation error for these operations).

import { AwsError } from "../errors.ts";

export function invalid(message: string): AwsError {
  return new AwsError("InvalidRequestException", message);
}

export function readString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalid(`${member} must be a string.`);
  return value;
}

export function readObject(
  input: Record<string, unknown>,
  member: string,
): Record<string, unknown> | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw invalid(`${member} must be a structure.`);
  return value as Record<string, unknown>;
}

export function readStringList(input: Record<string, unknown>, member: string): string[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw invalid(`${member} must be a list of strings.`);
  }
  return value as string[];
}

/** ServiceName / VpcConnectorName: 4-40 characters, `[A-Za-z0-9][A-Za-z0-9\-_]{3,39}` (botocore model). */
export function readResourceName(input: Record<string, unknown>, member: string): string {
  const name = readString(input, member);
  if (name === undefined || name === "") throw invalid(`${member} is required.`);
  if (!/^[A-Za-z0-9][A-Za-z0-9\-_]{3,39}$/.test(name)) {
    throw invalid(
      `${member} '${name}' is invalid: use 4-40 letters, digits, hyphens or underscores, starting with a letter or digit.`,
    );
  }
  return name;
}

/** Tags: a list of { Key, Value }; keys must not start with "aws:" (model pattern `^(?!aws:).+`). */
export function readTags(input: Record<string, unknown>, member = "Tags"): Map<string, string> {
  const value = input[member];
  const tags = new Map<string, string>();
  if (value === undefined || value === null) return tags;
  if (!Array.isArray(value)) throw invalid(`${member} must be a list.`);
  for (const tag of value) {
    const key = typeof tag === "object" && tag !== null ? (tag as Record<string, unknown>)["Key"] : undefined;
    const val =
      typeof tag === "object" && tag !== null ? (tag as Record<string, unknown>)["Value"] : undefined;
    if (typeof key !== "string" || key.length < 1 || key.length > 128)
      throw invalid("Tag keys must be 1-128 characters.");
    if (key.startsWith("aws:")) throw invalid(`Tag key '${key}' is invalid: the aws: prefix is reserved.`);
    if (val !== undefined && (typeof val !== "string" || val.length > 256)) {
      throw invalid("Tag values must be at most 256 characters.");
    }
    tags.set(key, (val as string | undefined) ?? "");
  }
  return tags;
}

export function writeTags(tags: Map<string, string>): { Key: string; Value: string }[] {
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}

/** An opaque NextToken over a list (the offset, encoded). */
export function paginate<T>(
  items: T[],
  input: Record<string, unknown>,
  maxLimit: number,
  defaultLimit = maxLimit,
) {
  const max = input["MaxResults"];
  if (max !== undefined && (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > maxLimit)) {
    throw invalid(`MaxResults must be an integer from 1 to ${maxLimit}.`);
  }
  const token = readString(input, "NextToken");
  let start = 0;
  if (token !== undefined) {
    start = Number(Buffer.from(token, "base64url").toString("utf8"));
    if (!Number.isInteger(start) || start < 0) throw invalid("Invalid NextToken.");
  }
  const limit = typeof max === "number" ? max : defaultLimit;
  const page = items.slice(start, start + limit);
  const next =
    start + limit < items.length ? Buffer.from(String(start + limit)).toString("base64url") : undefined;
  return { page, nextToken: next };
}

export function epochSeconds(ms: number): number {
  return ms / 1000;
}
