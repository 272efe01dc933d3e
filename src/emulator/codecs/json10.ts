// AWS JSON 1.0 (App Runner) and 1.1 (ECS): POST with X-Amz-Target: <prefix>.<Operation>, body and
// reply in application/x-amz-json-1.0 or -1.1 (the versions differ in nothing the emulator serves);
// errors carry __type (and x-amzn-ErrorType) plus message. The REST-JSON body of Lambda is read here too.

import { AwsError } from "../errors.ts";

export const JSON10_CONTENT_TYPE = "application/x-amz-json-1.0";
export const JSON11_CONTENT_TYPE = "application/x-amz-json-1.1";

export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new AwsError("SerializationException", "Unable to parse the request body as JSON", 400);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AwsError("SerializationException", "The request body must be a JSON object", 400);
  }
  return value as Record<string, unknown>;
}

export function encodeJsonError(error: AwsError): string {
  return JSON.stringify({ __type: error.code, message: error.message });
}
