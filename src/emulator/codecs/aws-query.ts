// AWS Query protocol replies (STS): <ActionResponse xmlns><ActionResult>...</ActionResult>
// <ResponseMetadata><RequestId>; errors as <ErrorResponse><Error><Type>/<Code>/<Message>; lists as <member>.

import type { AwsError } from "../errors.ts";
import { escapeXml, toXml } from "./xml.ts";

export function encodeQueryResponse(
  namespace: string,
  action: string,
  requestId: string,
  result: Record<string, unknown>,
): string {
  const inner = Object.entries(result)
    .map(([k, v]) => toXml(k, v, "member"))
    .join("");
  return `<${action}Response xmlns="${namespace}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export function encodeQueryError(error: AwsError, requestId: string): string {
  return `<ErrorResponse><Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
