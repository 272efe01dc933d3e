// EC2 Query protocol replies: <ActionResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
// with <requestId> first; errors as <Response><Errors><Error><Code>/<Message></Error></Errors>
// <RequestID>; lists as <item>.

import type { AwsError } from "../errors.ts";
import { escapeXml, toXml } from "./xml.ts";

export const EC2_API_VERSION = "2016-11-15";
const EC2_NAMESPACE = `http://ec2.amazonaws.com/doc/${EC2_API_VERSION}/`;

export function encodeEc2Response(
  action: string,
  requestId: string,
  result: Record<string, unknown>,
): string {
  const inner = Object.entries(result)
    .map(([k, v]) => toXml(k, v))
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}"><requestId>${requestId}</requestId>${inner}</${action}Response>`;
}

export function encodeEc2Error(error: AwsError, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}
