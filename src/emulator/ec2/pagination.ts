// MaxResults / NextToken for the Describe calls AWS paginates (botocore's paginators-1.json for
// EC2). The token is opaque to clients; here it encodes the offset of the next page.

import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export function paginate<T>(
  params: QueryParams,
  items: T[],
  limits: { min: number; max: number } = { min: 5, max: 1000 },
): Page<T> {
  const maxResults = params.int("MaxResults");
  const token = params.string("NextToken");
  if (maxResults !== undefined && (maxResults < limits.min || maxResults > limits.max)) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between ${limits.min} and ${limits.max}.`,
    );
  }
  let start = 0;
  if (token !== undefined && token !== "") {
    const decoded = /^emu-(\d{1,9})$/.exec(Buffer.from(token, "base64url").toString("utf8"));
    if (!decoded) throw new AwsError("InvalidNextToken", `The token '${token}' is invalid.`);
    start = Number(decoded[1]);
  }
  if (maxResults === undefined && start === 0) return { items };
  const size = maxResults ?? limits.max;
  const page = items.slice(start, start + size);
  const next = start + size;
  return next < items.length
    ? { items: page, nextToken: Buffer.from(`emu-${next}`, "utf8").toString("base64url") }
    : { items: page };
}
