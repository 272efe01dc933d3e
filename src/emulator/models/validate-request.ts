// Every request the emulator serves is checked against AWS's official model of its operation before
// the handler runs (required members, enums, string lengths, patterns, numeric ranges, list sizes,
// types, unknown members), and then against what the emulator honours: a member that AWS accepts
// but the emulator does not model is refused by name, never accepted and ignored.
//
// Wire names. EC2 Query (botocore's EC2 serializer): a member is sent under its queryName, else its
// locationName with the first letter capitalised, else its member name; lists are always flattened
// as Name.N (1-based); structures as Name.Member. AWS Query (STS): member names, lists as
// Name.member.N unless flattened, maps as Name.entry.N.key/value. JSON 1.0 (App Runner): member
// names in a JSON document. QueryParams has already turned the form into a tree (numbered segments
// are arrays).
//
// Errors, per protocol:
//   EC2: MissingParameter "The request must contain the parameter X", UnknownParameter "The parameter
//   X is not recognized" (AWS's wording, seen in replies quoted in aws/aws-sdk-cpp#327 and
//   aws/aws-cli#21), InvalidParameterValue "Value (v) for parameter X is invalid. ..." (AWS's
//   opening; what follows the first sentence is the emulator's approximation, naming the broken
//   model rule).
//   App Runner: InvalidRequestException; STS: ValidationError / MissingParameter. Both messages
//   follow the "1 validation error detected: Value 'v' at 'a.b' failed to satisfy constraint:
//   Member must ..." form AWS's JSON and Query services use for model violations (an approximation:
//   no App Runner reply was available to copy).

import type { ParamTree } from "../codecs/query-params.ts";
import { AwsError, type AwsErrorCode } from "../errors.ts";
import type { MemberRef, ServiceModel, Shape } from "./service-model.ts";

export type WireProtocol = "ec2" | "query" | "json";

/** One input member the request carries, by its wire path without list indices ("IpPermissions.IpRanges.CidrIp"). */
interface Seen {
  path: string;
  shown: string;
  /** The same member by the model's names ("IpPermissions.IpRanges.CidrIp"), as SDK users know it. */
  member: string;
  /** The value, for a scalar. */
  value?: unknown;
}

interface Walk {
  model: ServiceModel;
  protocol: WireProtocol;
  seen: Seen[];
  codes: JsonErrorCodes;
}

/** JSON services differ in the codes they answer a model violation with (service-errors.ts). */
export interface JsonErrorCodes {
  validation: AwsErrorCode;
  notModelled: AwsErrorCode;
}

const APP_RUNNER_CODES: JsonErrorCodes = {
  validation: "InvalidRequestException",
  notModelled: "InvalidRequestException",
};

/** Query-protocol parameters that are the envelope, not the operation's input. */
const ENVELOPE = new Set(["Action", "Version"]);

/**
 * Checks the input of `operation` against the model, then against `honoured` (wire paths the handler
 * honours; a path honours everything under it). Throws the protocol's AwsError on the first problem.
 */
export function validateRequest(
  model: ServiceModel,
  protocol: WireProtocol,
  operation: string,
  input: ParamTree | Record<string, unknown>,
  honoured: ReadonlySet<string>,
  codes: JsonErrorCodes = APP_RUNNER_CODES,
): void {
  const op = model.operations[operation];
  if (!op) {
    throw new AwsError(
      protocol === "json" ? "InternalServiceErrorException" : "InternalError",
      `The emulator's copy of the ${String(model.metadata["serviceId"])} model lacks ${operation}: run npm run models.`,
      500,
    );
  }
  const walk: Walk = { model, protocol, seen: [], codes };
  const root = op.input ? shape(model, op.input) : ({ type: "structure", members: {} } as Shape);
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!(protocol !== "json" && ENVELOPE.has(k))) body[k] = v;
  checkStructure(walk, root, body, ROOT);
  for (const seen of walk.seen) {
    if (!isHonoured(seen, honoured)) throw notModelled(walk, operation, seen);
  }
}

/** Honoured: the path, a path above it, or "path=value" for that value only (e.g. a false flag). */
function isHonoured({ path, value }: Seen, honoured: ReadonlySet<string>): boolean {
  if (honoured.has(path)) return true;
  if (value !== undefined && honoured.has(`${path}=${String(value)}`)) return true;
  for (let i = path.lastIndexOf("."); i > 0; i = path.lastIndexOf(".", i - 1)) {
    if (honoured.has(path.slice(0, i))) return true;
  }
  return false;
}

/**
 * AWS would accept and act on the member, so no AWS error fits. EC2: UnsupportedOperation ("The
 * specified request includes an unsupported operation", EC2 API Reference, error codes); App Runner and STS: their validation error codes. The message says the
 * emulator is speaking.
 */
function notModelled({ protocol, codes }: Walk, operation: string, seen: Seen): AwsError {
  const sent = seen.shown === seen.member ? "" : ` (sent as ${seen.shown})`;
  const message =
    `The emulator does not model ${seen.member} on ${operation}${sent}: AWS would act on it, so the ` +
    "emulator refuses the request rather than ignore it; leave it out. (This error comes from the " +
    "App Runner Egress Lab emulator, not from AWS.)";
  if (protocol === "json") return new AwsError(codes.notModelled, message);
  if (protocol === "query") return new AwsError("ValidationError", message);
  return new AwsError("UnsupportedOperation", message);
}

function shape(model: ServiceModel, name: string): Shape {
  const s = model.shapes[name];
  if (!s) throw new AwsError("InternalError", `Shape ${name} is missing from the emulator's model copy`, 500);
  return s;
}

/** The name a member travels under. */
function wireName(protocol: WireProtocol, member: string, ref: MemberRef): string {
  if (protocol !== "ec2") return member;
  if (ref.queryName) return ref.queryName;
  if (ref.locationName) return ref.locationName.charAt(0).toUpperCase() + ref.locationName.slice(1);
  return member;
}

function join(prefix: string, name: string): string {
  return prefix === "" ? name : `${prefix}.${name}`;
}

/** JSON members read as camelCase paths in AWS's validation messages ("instanceConfiguration.cpu"). */
function jsonPath(prefix: string, member: string): string {
  return join(prefix, member.charAt(0).toLowerCase() + member.slice(1));
}

/** Each structure's members by wire name, computed once per shape (a shape belongs to one protocol). */
const wireNames = new WeakMap<Shape, Map<string, [string, MemberRef]>>();

function membersByWire(protocol: WireProtocol, s: Shape): Map<string, [string, MemberRef]> {
  let byWire = wireNames.get(s);
  if (!byWire) {
    byWire = new Map();
    for (const [name, ref] of Object.entries(s.members ?? {}))
      byWire.set(wireName(protocol, name, ref), [name, ref]);
    wireNames.set(s, byWire);
  }
  return byWire;
}

/** Where a value sits: wire path without indices, wire path as sent, AWS's camelCase path, model path. */
interface At {
  path: string;
  shown: string;
  jsonAt: string;
  member: string;
}

const ROOT: At = { path: "", shown: "", jsonAt: "", member: "" };

function checkStructure(walk: Walk, s: Shape, value: unknown, at: At): void {
  const { protocol } = walk;
  if (!isObject(value)) throw typeError(walk, at.shown, at.jsonAt, value, "structure");
  const members = s.members ?? {};
  const byWire = membersByWire(protocol, s);
  for (const key of Object.keys(value)) {
    if (byWire.has(key)) continue;
    throw unknownMember(walk, join(at.shown, key), at.jsonAt, key);
  }
  for (const name of s.required ?? []) {
    const ref = members[name];
    if (!ref) continue;
    const wire = wireName(protocol, name, ref);
    const v = value[wire];
    if (
      v === undefined ||
      v === null ||
      (protocol !== "json" && v === "" && shape(walk.model, ref.shape).type === "string")
    ) {
      throw missing(walk, join(at.shown, wire), jsonPath(at.jsonAt, name));
    }
  }
  for (const [wire, [name, ref]] of byWire) {
    const v = value[wire];
    if (v === undefined || (protocol === "json" && v === null)) continue;
    const child: At = {
      path: join(at.path, wire),
      shown: join(at.shown, wire),
      jsonAt: jsonPath(at.jsonAt, name),
      member: join(at.member, name),
    };
    const memberShape = shape(walk.model, ref.shape);
    const scalar =
      memberShape.type !== "structure" && memberShape.type !== "list" && memberShape.type !== "map";
    walk.seen.push({
      path: child.path,
      shown: child.shown,
      member: child.member,
      ...(scalar ? { value: v } : {}),
    });
    checkValue(walk, memberShape, ref, v, child);
  }
}

function checkValue(walk: Walk, s: Shape, ref: MemberRef, value: unknown, at: At): void {
  switch (s.type) {
    case "structure": {
      // A structure member's own members are checked and recorded one by one; the member itself was recorded.
      const self = walk.seen.pop();
      checkStructure(walk, s, value, at);
      if (self && Object.keys(value as object).length === 0) walk.seen.push(self);
      return;
    }
    case "list":
      checkList(walk, s, ref, value, at);
      return;
    case "map":
      checkMap(walk, s, value, at);
      return;
    default:
      checkScalar(walk, s, value, at.shown, at.jsonAt);
  }
}

function checkList(walk: Walk, s: Shape, ref: MemberRef, value: unknown, at: At): void {
  const { protocol } = walk;
  const { shown, jsonAt } = at;
  const wrapped = protocol === "query" && !(ref.flattened || s.flattened);
  let items: unknown[];
  if (protocol === "json") {
    if (!Array.isArray(value)) throw typeError(walk, shown, jsonAt, value, "list");
    items = value;
  } else if (wrapped) {
    // Name.member.N
    if (!isObject(value) || !Array.isArray(value["member"]) || Object.keys(value).length !== 1) {
      throw unknownMember(walk, `${shown}.${firstKey(value)}`, jsonAt, shown);
    }
    items = value["member"];
  } else {
    if (!Array.isArray(value)) {
      // Name=value or Name.Sub=value where Name.N was expected.
      throw unknownMember(
        walk,
        typeof value === "string" ? shown : `${shown}.${firstKey(value)}`,
        jsonAt,
        shown,
      );
    }
    items = value;
  }
  const present = items.filter((x) => x !== undefined);
  checkLength(walk, s, present.length, shown, jsonAt, `${present.length} items`, "length");
  const member = s.member as MemberRef;
  const memberShape = shape(walk.model, member.shape);
  // A list of structures is recorded member by member (Filter.Name, Filter.Value), not as a whole.
  if (memberShape.type === "structure" && present.length > 0) walk.seen.pop();
  items.forEach((item, i) => {
    if (item === undefined) return;
    const itemAt: At = {
      path: at.path,
      shown: `${shown}${wrapped ? ".member" : ""}.${i + 1}`,
      jsonAt: `${jsonAt}.${i + 1}.member`,
      member: at.member,
    };
    if (memberShape.type === "structure") checkStructure(walk, memberShape, item, itemAt);
    else checkValue(walk, memberShape, member, item, itemAt);
  });
}

function checkMap(walk: Walk, s: Shape, value: unknown, { shown, jsonAt }: At): void {
  const valueShape = shape(walk.model, (s.value as MemberRef).shape);
  const keyShape = shape(walk.model, (s.key as MemberRef).shape);
  let entries: [unknown, unknown][];
  if (walk.protocol === "json") {
    if (!isObject(value)) throw typeError(walk, shown, jsonAt, value, "map");
    entries = Object.entries(value);
  } else {
    const list = isObject(value) && Array.isArray(value["entry"]) ? value["entry"] : null;
    if (!list) throw unknownMember(walk, `${shown}.${firstKey(value)}`, jsonAt, shown);
    entries = list.filter(isObject).map((e) => [e["key"], e["value"]]);
  }
  checkLength(walk, s, entries.length, shown, jsonAt, `${entries.length} entries`, "length");
  for (const [k, v] of entries) {
    checkScalar(walk, keyShape, k, `${shown} key`, `${jsonAt}.key`);
    if (valueShape.type === "structure" || valueShape.type === "list" || valueShape.type === "map") {
      throw new AwsError("InternalError", `The emulator does not validate maps of ${valueShape.type}s`, 500);
    }
    checkScalar(walk, valueShape, v, `${shown}.${String(k)}`, `${jsonAt}.${String(k)}`);
  }
}

function checkScalar(walk: Walk, s: Shape, value: unknown, shown: string, jsonAt: string): void {
  const json = walk.protocol === "json";
  if (!json && typeof value !== "string") {
    throw unknownMember(walk, `${shown}.${firstKey(value)}`, jsonAt, shown);
  }
  switch (s.type) {
    case "string": {
      if (typeof value !== "string") throw typeError(walk, shown, jsonAt, value, "string");
      // Lengths count characters (code points), as the models' min/max do.
      const length = [...value].length;
      checkLength(walk, s, length, shown, jsonAt, value, "length");
      if (s.enum && !s.enum.includes(value)) {
        throw invalid(
          walk,
          shown,
          jsonAt,
          value,
          `Member must satisfy enum value set: [${s.enum.join(", ")}]`,
          `Valid values: ${s.enum.join(", ")}.`,
        );
      }
      if (s.pattern && !patternOf(s.pattern).test(value)) {
        throw invalid(
          walk,
          shown,
          jsonAt,
          value,
          `Member must satisfy regular expression pattern: ${s.pattern}`,
          `It must match ${s.pattern}.`,
        );
      }
      return;
    }
    case "integer":
    case "long": {
      const n = json ? value : /^[+-]?\d+$/.test(value as string) ? Number(value) : Number.NaN;
      if (typeof n !== "number" || !Number.isInteger(n))
        throw typeError(walk, shown, jsonAt, value, "integer");
      if (s.type === "integer" && (n > 2147483647 || n < -2147483648))
        throw typeError(walk, shown, jsonAt, value, "integer");
      checkRange(walk, s, n, shown, jsonAt, value);
      return;
    }
    case "double":
    case "float": {
      const n = json ? value : (value as string).trim() === "" ? Number.NaN : Number(value);
      if (typeof n !== "number" || Number.isNaN(n)) throw typeError(walk, shown, jsonAt, value, "number");
      checkRange(walk, s, n, shown, jsonAt, value);
      return;
    }
    case "boolean":
      if (json ? typeof value !== "boolean" : value !== "true" && value !== "false") {
        throw typeError(walk, shown, jsonAt, value, "boolean");
      }
      return;
    case "timestamp": {
      const ok = json
        ? typeof value === "number" || (typeof value === "string" && !Number.isNaN(Date.parse(value)))
        : !Number.isNaN(Date.parse(value as string));
      if (!ok) throw typeError(walk, shown, jsonAt, value, "timestamp");
      return;
    }
    case "blob":
      if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
        throw typeError(walk, shown, jsonAt, value, "base64 blob");
      return;
    default:
      throw typeError(walk, shown, jsonAt, value, s.type);
  }
}

function checkLength(
  walk: Walk,
  s: Shape,
  length: number,
  shown: string,
  jsonAt: string,
  value: unknown,
  what: string,
): void {
  if (s.min !== undefined && length < s.min) {
    throw invalid(
      walk,
      shown,
      jsonAt,
      value,
      `Member must have ${what} greater than or equal to ${s.min}`,
      `Its ${what} must be at least ${s.min}.`,
    );
  }
  if (s.max !== undefined && length > s.max) {
    throw invalid(
      walk,
      shown,
      jsonAt,
      value,
      `Member must have ${what} less than or equal to ${s.max}`,
      `Its ${what} must be at most ${s.max}.`,
    );
  }
}

function checkRange(walk: Walk, s: Shape, n: number, shown: string, jsonAt: string, value: unknown): void {
  if (s.min !== undefined && n < s.min) {
    throw invalid(
      walk,
      shown,
      jsonAt,
      value,
      `Member must have value greater than or equal to ${s.min}`,
      `It must be at least ${s.min}.`,
    );
  }
  if (s.max !== undefined && n > s.max) {
    throw invalid(
      walk,
      shown,
      jsonAt,
      value,
      `Member must have value less than or equal to ${s.max}`,
      `It must be at most ${s.max}.`,
    );
  }
}

const patterns = new Map<string, RegExp>();

/** Model patterns are Java regular expressions matched against the whole value; the ones in the served
 * operations compile as JavaScript ones without the u flag (Java allows escapes such as `\:` that u
 * refuses), except those with Unicode property escapes, which need it. */
function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    // Unicode property escapes (\p{L}, ECS's tag patterns) mean what Java means only with the u flag;
    // without it `\p{L}` matches the letters "p{L}" and a valid key such as "team" is refused.
    re = new RegExp(`^(?:${source})$`, source.includes("\\p{") ? "u" : "");
    patterns.set(source, re);
  }
  return re;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function firstKey(v: unknown): string {
  if (Array.isArray(v)) return "1";
  if (isObject(v)) return Object.keys(v)[0] ?? "";
  return "";
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function missing(walk: Walk, shown: string, jsonAt: string): AwsError {
  if (walk.protocol === "ec2")
    return new AwsError("MissingParameter", `The request must contain the parameter ${shown}`);
  if (walk.protocol === "query")
    return new AwsError("MissingParameter", `The request must contain the parameter ${shown}`);
  return validation(
    walk,
    `1 validation error detected: Value null at '${jsonAt}' failed to satisfy constraint: Member must not be null`,
  );
}

function unknownMember(walk: Walk, shown: string, jsonAt: string, key: string): AwsError {
  if (walk.protocol === "json") {
    return validation(
      walk,
      `Unknown member '${key}' at '${jsonAt === "" ? key : jsonAt}': it is not in the ${String(walk.model.metadata["serviceId"])} API model.`,
    );
  }
  if (walk.protocol === "query")
    return new AwsError("ValidationError", `The parameter ${shown} is not recognized`);
  return new AwsError("UnknownParameter", `The parameter ${shown} is not recognized`);
}

function typeError(walk: Walk, shown: string, jsonAt: string, value: unknown, expected: string): AwsError {
  if (walk.protocol === "json") {
    return new AwsError(
      "SerializationException",
      `Value ${JSON.stringify(value)} at '${jsonAt}' is not a valid ${expected}`,
    );
  }
  return invalid(walk, shown, jsonAt, value, `Member must be a ${expected}`, `Expected a ${expected}.`);
}

function invalid(
  walk: Walk,
  shown: string,
  jsonAt: string,
  value: unknown,
  constraint: string,
  ec2Detail: string,
): AwsError {
  if (walk.protocol === "ec2") {
    // AWS names the parameter with a lower-case first letter here ("for parameter groupId").
    const name = shown.charAt(0).toLowerCase() + shown.slice(1);
    return new AwsError(
      "InvalidParameterValue",
      `Value (${show(value)}) for parameter ${name} is invalid. ${ec2Detail}`,
    );
  }
  const at = walk.protocol === "json" ? jsonAt : shown;
  return validation(
    walk,
    `1 validation error detected: Value '${show(value)}' at '${at}' failed to satisfy constraint: ${constraint}`,
  );
}

function validation(walk: Walk, message: string): AwsError {
  return new AwsError(walk.protocol === "json" ? walk.codes.validation : "ValidationError", message);
}

/**
 * Whether a declared honoured path ("IpPermissions.IpRanges", "AmazonProvidedIpv6CidrBlock=false")
 * names an input member of the operation, by wire names, list indices left out.
 */
export function inputPathExists(
  model: ServiceModel,
  protocol: WireProtocol,
  operation: string,
  declared: string,
): boolean {
  const input = model.operations[operation]?.input;
  if (!input) return false;
  let s = shape(model, input);
  for (const part of declared.split("=")[0]?.split(".") ?? []) {
    while (s.type === "list") s = shape(model, (s.member as MemberRef).shape);
    const found = Object.entries(s.members ?? {}).find(
      ([name, ref]) => wireName(protocol, name, ref) === part,
    );
    if (!found) return false;
    s = shape(model, found[1].shape);
  }
  return true;
}
