// One HTTP server, one port, routing by protocol: JSON 1.0 and 1.1 (X-Amz-Target) to App Runner and
// ECS, REST-JSON paths under /2015-03-31/ to Lambda, form posts to EC2 (Version 2016-11-15) or STS
// (Version 2011-06-15), /_emulator/ to the control routes, anything else to the service URLs of
// running workloads. The server only parses and serialises; the handlers own the behaviour.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkAccess } from "./access.ts";
import { appRunnerActions } from "./apprunner/actions.ts";
import { serveWorkload } from "./apprunner/serve-workload.ts";
import { encodeQueryError, encodeQueryResponse } from "./codecs/aws-query.ts";
import { EC2_API_VERSION, encodeEc2Error, encodeEc2Response } from "./codecs/ec2-query.ts";
import { encodeJsonError, JSON10_CONTENT_TYPE, JSON11_CONTENT_TYPE, parseJsonBody } from "./codecs/json10.ts";
import { QueryParams } from "./codecs/query-params.ts";
import { encodeRestJsonError, REST_JSON_CONTENT_TYPE, readRestRequest } from "./codecs/rest-json.ts";
import type { RequestContext, ServiceName } from "./context.ts";
import { handleControl } from "./control.ts";
import { ec2Actions } from "./ec2/actions.ts";
import { ECS_TARGET_PREFIX, ecsActions } from "./ecs/actions.ts";
import { Emulator, type EmulatorOptions } from "./emulator.ts";
import { AwsError } from "./errors.ts";
import { lambdaActions } from "./lambda/actions.ts";
import { honouredMembers } from "./models/honours.ts";
import { serviceModel } from "./models/service-model.ts";
import { validateRequest } from "./models/validate-request.ts";
import { sendReply } from "./send-reply.ts";
import { SERVICE_ERRORS } from "./service-errors.ts";
import { STS_NAMESPACE, stsActions } from "./sts/actions.ts";

/** AWS Query APIs accept bodies far smaller than this; anything larger is refused, not buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;
const STS_API_VERSION = "2011-06-15";

export interface StartOptions extends EmulatorOptions {
  port?: number;
  /** 127.0.0.1 unless asked otherwise: the emulator is not meant to be reachable from the network. */
  host?: string;
}

export interface RunningEmulator {
  url: string;
  port: number;
  emulator: Emulator;
  server: Server;
  close: () => Promise<void>;
}

export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator(options);
  const server = createServer((req, res) => {
    handleRequest(emulator, req, res).catch((error: unknown) => {
      // A bug must not take the server down: answer 500 and keep serving.
      console.error("emulator: unexpected error", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal emulator error");
    });
  });
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  emulator.url = url;
  return {
    url,
    port,
    emulator,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Protocol = "ec2" | "query" | "json" | "rest";

type JsonHandler = (ctx: RequestContext, input: Record<string, unknown>) => Record<string, unknown>;

/** The JSON services by X-Amz-Target prefix (botocore models' metadata.targetPrefix). */
const JSON_SERVICES: Record<
  string,
  { service: ServiceName; actions: Record<string, JsonHandler>; contentType: string }
> = {
  AppRunner: { service: "apprunner", actions: appRunnerActions, contentType: JSON10_CONTENT_TYPE },
  [ECS_TARGET_PREFIX]: { service: "ecs", actions: ecsActions, contentType: JSON11_CONTENT_TYPE },
};

async function handleRequest(emulator: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const target = header(req, "x-amz-target");
  const isApiPost = req.method === "POST" && (target !== undefined || isFormEncoded(req));

  if (path.startsWith("/_emulator/")) {
    const body = await readBody(req);
    if (body === null)
      return sendReply(res, 413, "application/json", JSON.stringify({ error: "body too large" }));
    const reply = handleControl(emulator, req.method ?? "GET", path, body);
    return sendReply(res, reply.status, "application/json", JSON.stringify(reply.body, mapReplacer, 2));
  }
  if (path.startsWith(LAMBDA_PATH_PREFIX)) return handleRest(emulator, req, res);
  if (!isApiPost) {
    if (serveWorkload(emulator, req, res)) return;
    return sendReply(res, 404, "text/plain", "Not found: this is the App Runner Egress Lab AWS emulator.\n");
  }

  const protocol: Protocol = target !== undefined ? "json" : "ec2";
  const body = await readBody(req);
  const requestId = emulator.newRequestId();
  if (body === null) {
    return sendError(
      res,
      protocol,
      new AwsError("RequestEntityTooLarge", "Request body is too large", 413),
      requestId,
    );
  }

  const scope = credentialScope(req);
  const region = scope?.region ?? "us-east-1";
  try {
    if (protocol === "json") {
      await dispatchJson(emulator, req, res, target as string, body, region, requestId, scope !== null);
    } else {
      await dispatchQuery(emulator, res, body, region, requestId, scope !== null, scope?.service);
    }
  } catch (error) {
    const awsError =
      error instanceof AwsError
        ? error
        : new AwsError(
            protocol === "json" ? "InternalServiceErrorException" : "InternalError",
            String(error),
            500,
          );
    if (!(error instanceof AwsError)) console.error("emulator: handler error", error);
    const errorProtocol: Protocol =
      protocol === "json" ? "json" : isStsBody(body, scope?.service) ? "query" : "ec2";
    sendError(res, errorProtocol, awsError, requestId);
  }
}

/** Lambda's REST-JSON API: every operation's path starts with its API version (botocore lambda model). */
const LAMBDA_PATH_PREFIX = "/2015-03-31/";

async function handleRest(emulator: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const requestId = emulator.newRequestId();
  const scope = credentialScope(req);
  const region = scope?.region ?? "us-east-1";
  try {
    if (body === null) throw new AwsError("RequestEntityTooLarge", "Request body is too large", 413);
    if (scope === null)
      throw new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
    const request = readRestRequest(serviceModel("lambda"), req.method ?? "GET", req.url ?? "/", body);
    const handler = request === null ? undefined : lambdaActions[request.operation];
    if (request === null || handler === undefined)
      throw new AwsError("UnknownOperationException", `Unknown operation ${req.method} ${req.url}`, 404);
    const { operation, input } = request;
    checkAccess(emulator, "lambda", operation, region);
    await applyFaults(emulator, "lambda", operation, region);
    const ctx = context(emulator, "lambda", operation, region, requestId);
    checkRequest(emulator, "lambda", operation, input, handler);
    const output = handler(ctx, input);
    res.writeHead(request.responseCode, {
      "content-type": REST_JSON_CONTENT_TYPE,
      "x-amzn-requestid": requestId,
    });
    res.end(request.responseCode === 204 ? "" : JSON.stringify(output));
  } catch (error) {
    if (!(error instanceof AwsError)) console.error("emulator: handler error", error);
    const awsError = error instanceof AwsError ? error : new AwsError("ServiceException", String(error), 500);
    sendError(res, "rest", awsError, requestId);
  }
}

async function dispatchJson(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  target: string,
  body: string,
  region: string,
  requestId: string,
  signed: boolean,
): Promise<void> {
  if (!signed) throw new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
  const [prefix = "", operation = ""] = target.split(".");
  const json = Object.hasOwn(JSON_SERVICES, prefix) ? JSON_SERVICES[prefix] : undefined;
  const handler =
    json !== undefined && Object.hasOwn(json.actions, operation) ? json.actions[operation] : undefined;
  if (json === undefined || handler === undefined)
    throw new AwsError("UnknownOperationException", `Unknown operation ${target}`, 400);
  void req;
  const input = parseJsonBody(body);
  const { service } = json;
  checkAccess(emulator, service, operation, region);
  await applyFaults(emulator, service, operation, region);
  const ctx = context(emulator, service, operation, region, requestId);
  checkRequest(emulator, service, operation, input, handler);
  const output = handler(ctx, input);
  res.writeHead(200, { "content-type": json.contentType, "x-amzn-requestid": requestId });
  res.end(JSON.stringify(output));
}

async function dispatchQuery(
  emulator: Emulator,
  res: ServerResponse,
  body: string,
  region: string,
  requestId: string,
  signed: boolean,
  signingService: string | undefined,
): Promise<void> {
  const params = QueryParams.parse(body);
  const action = params.string("Action");
  const version = params.string("Version");
  // The body is already parsed: no second pass over it to tell STS from EC2.
  const service: ServiceName = signingService === "sts" || version === STS_API_VERSION ? "sts" : "ec2";
  if (!signed) {
    throw service === "sts"
      ? new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
      : new AwsError(
          "MissingAuthenticationToken",
          "The request must contain either a valid (registered) AWS access key ID or X.509 certificate.",
          401,
        );
  }
  if (!action) throw new AwsError("MissingAction", "The request must contain the parameter Action", 400);
  if (service === "ec2" && version !== undefined && version !== EC2_API_VERSION) {
    throw new AwsError("InvalidParameterValue", `Unsupported API version ${version}; use ${EC2_API_VERSION}`);
  }
  const handler = service === "sts" ? stsActions[action] : ec2Actions[action];
  if (!handler) {
    throw new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`, 400);
  }
  checkAccess(emulator, service, action, region);
  await applyFaults(emulator, service, action, region);
  const ctx = context(emulator, service, action, region, requestId);
  checkRequest(emulator, service, action, params.tree, handler);
  const result = handler(ctx, params);
  const xml =
    service === "sts"
      ? encodeQueryResponse(STS_NAMESPACE, action, requestId, result)
      : encodeEc2Response(action, requestId, result);
  res.writeHead(200, { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId });
  res.end(xml);
}

/** The request against AWS's model of the operation and what its handler honours (models/). */
function checkRequest(
  emulator: Emulator,
  service: ServiceName,
  action: string,
  input: Record<string, unknown>,
  handler: (...args: never[]) => unknown,
): void {
  if (emulator.options.validateRequests === false) return;
  const protocol = service === "ec2" ? "ec2" : service === "sts" ? "query" : "json";
  validateRequest(
    serviceModel(service),
    protocol,
    action,
    input,
    honouredMembers(handler) ?? new Set(),
    SERVICE_ERRORS[service],
  );
}

function context(
  emulator: Emulator,
  service: ServiceName,
  action: string,
  region: string,
  requestId: string,
): RequestContext {
  emulator.calls.push({ service, action, region });
  return { emulator, backend: emulator.region(region), region, service, action, requestId };
}

/** Injected latency, throttling and server errors, in protocol-specific shapes, before the handler runs. */
async function applyFaults(
  emulator: Emulator,
  service: ServiceName,
  action: string,
  region: string,
): Promise<void> {
  const { faults } = emulator;
  const latency = faults.latencyFor(action);
  if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
  const codes = SERVICE_ERRORS[service];
  if (faults.draw(faults.config.throttleRate)) {
    emulator.calls.push({ service, action, region, refused: "throttled" });
    throw new AwsError(codes.throttled.code, codes.throttled.message, codes.throttled.status);
  }
  if (faults.failsNow(action) || faults.draw(faults.config.serverErrorRate)) {
    emulator.calls.push({ service, action, region, refused: "server-error" });
    throw new AwsError(codes.serverError.code, codes.serverError.message, 500);
  }
}

function sendError(res: ServerResponse, protocol: Protocol, error: AwsError, requestId: string): void {
  const headers: Record<string, string> = { "x-amzn-requestid": requestId };
  if (protocol === "json" || protocol === "rest") {
    headers["x-amzn-errortype"] = error.code;
    if (protocol === "rest")
      sendReply(res, error.status, REST_JSON_CONTENT_TYPE, encodeRestJsonError(error), headers);
    else sendReply(res, error.status, JSON10_CONTENT_TYPE, encodeJsonError(error), headers);
    return;
  }
  const xml = protocol === "query" ? encodeQueryError(error, requestId) : encodeEc2Error(error, requestId);
  sendReply(res, error.status, "text/xml;charset=UTF-8", xml, headers);
}

/** The body, or null when it exceeds MAX_BODY_BYTES (the rest is discarded, not buffered). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function isFormEncoded(req: IncomingMessage): boolean {
  return (header(req, "content-type") ?? "").startsWith("application/x-www-form-urlencoded");
}

function isStsBody(body: string, signingService: string | undefined): boolean {
  if (signingService === "sts") return true;
  return new URLSearchParams(body).get("Version") === STS_API_VERSION;
}

/** Region and service from a SigV4 Authorization header: Credential=AKID/date/region/service/aws4_request. */
function credentialScope(req: IncomingMessage): { region: string; service: string } | null {
  const auth = header(req, "authorization");
  if (!auth) return null;
  const match = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/.exec(auth);
  if (!match) return { region: "us-east-1", service: "" };
  return { region: match[1] as string, service: match[2] as string };
}

function mapReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}
