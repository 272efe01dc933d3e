// AWS REST-JSON (Lambda): the operation is chosen by method and path, as the model's `http` binding
// says (GET /2015-03-31/functions/{FunctionName}/configuration); members travel in the path
// ("uri"), the query string ("querystring") or the JSON body. This codec turns the three into one
// input by member name, so the model check and the handlers see what JSON services see. Errors: the
// code in the x-amzn-ErrorType header and a JSON body with Type and message (botocore and the SDK
// read either). Routes come from the committed model, not from a hand-written table.

import type { AwsError } from "../errors.ts";
import type { HttpBinding, ServiceModel } from "../models/service-model.ts";
import { parseJsonBody } from "./json10.ts";

export const REST_JSON_CONTENT_TYPE = "application/json";

interface Route {
  operation: string;
  method: string;
  /** The path as a pattern: literal segments and {Label} or {Label+} captures. */
  pattern: RegExp;
  labels: string[];
  responseCode: number;
}

const routes = new WeakMap<ServiceModel, Route[]>();

function routesOf(model: ServiceModel): Route[] {
  let table = routes.get(model);
  if (!table) {
    table = Object.entries(model.operations)
      .filter((entry): entry is [string, { http: HttpBinding }] => entry[1].http !== undefined)
      .map(([operation, { http }]) => toRoute(operation, http));
    routes.set(model, table);
  }
  return table;
}

function toRoute(operation: string, http: HttpBinding): Route {
  const path = http.requestUri.split("?")[0] ?? "";
  const labels: string[] = [];
  const source = path
    .split("/")
    .map((segment) => {
      const label = /^\{([A-Za-z0-9]+)(\+?)\}$/.exec(segment);
      if (!label) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      labels.push(label[1] as string);
      return label[2] === "+" ? "(.+)" : "([^/]+)";
    })
    .join("/");
  return {
    operation,
    method: http.method,
    pattern: new RegExp(`^${source}$`),
    labels,
    responseCode: http.responseCode ?? 200,
  };
}

export interface RestRequest {
  operation: string;
  input: Record<string, unknown>;
  responseCode: number;
}

/** The operation a method and path address, with its input by member name; null when none matches. */
export function readRestRequest(
  model: ServiceModel,
  method: string,
  url: string,
  body: string,
): RestRequest | null {
  const [rawPath = "/", query = ""] = url.split("?", 2);
  for (const route of routesOf(model)) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(rawPath);
    if (!match) continue;
    const inputShape = model.operations[route.operation]?.input;
    const members = inputShape === undefined ? {} : (model.shapes[inputShape]?.members ?? {});
    const input: Record<string, unknown> = method === "GET" || method === "DELETE" ? {} : parseJsonBody(body);
    const byLocation = (location: string, name: string): string | undefined =>
      Object.entries(members).find(
        ([member, ref]) => ref.location === location && (ref.locationName ?? member) === name,
      )?.[0];
    route.labels.forEach((label, i) => {
      const member = byLocation("uri", label) ?? label;
      input[member] = decodeURIComponent(match[i + 1] as string);
    });
    for (const [name, value] of new URLSearchParams(query)) {
      const member = byLocation("querystring", name);
      // A query parameter the operation does not take is refused like an unknown body member.
      input[member ?? name] = value;
    }
    return { operation: route.operation, input, responseCode: route.responseCode };
  }
  return null;
}

export function encodeRestJsonError(error: AwsError): string {
  return JSON.stringify({ Type: error.status >= 500 ? "Service" : "User", message: error.message });
}
