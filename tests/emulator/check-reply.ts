// A reply checked against the model's output shape: only model members, of the right types (strings,
// numbers, booleans, timestamps, enum values, lists, structures), and the members AWS always returns
// present. Used by reply-shapes.test.ts (whose header gives the sources for the enum
// values AWS sends outside its models) and lambda-ecs-replies.test.ts.

import { honouredMembers, honours } from "../../src/emulator/models/honours.ts";
import type { MemberRef, ServiceModel, Shape } from "../../src/emulator/models/service-model.ts";

/** The enum values AWS sends outside its model's enum, by enum shape (see the header for sources). */
const ENUM_AS_AWS_SENDS: Record<string, (values: string[], v: string) => boolean> = {
  AttachmentStatus: (_values, v) => v === "available",
  NetworkInterfaceType: (_values, v) => v === "nat_gateway",
  State: (values, v) => values.some((value) => value.toLowerCase() === v),
};

/** The problems of one reply, by path ("vpcSet.1.cidrBlock: ..."). */
export function checkReply(model: ServiceModel, json: boolean, shapeName: string, value: unknown): string[] {
  const problems: string[] = [];
  const shapeOf = (name: string): Shape => model.shapes[name] as Shape;
  const outName = (member: string, ref: MemberRef) => (json ? member : (ref.locationName ?? member));
  const walk = (name: string, v: unknown, at: string): void => {
    const s = shapeOf(name);
    switch (s.type) {
      case "structure": {
        if (typeof v !== "object" || v === null || Array.isArray(v)) {
          problems.push(`${at}: expected a structure (${name}), got ${JSON.stringify(v)}`);
          return;
        }
        const byName = new Map(
          Object.entries(s.members ?? {}).map(([m, ref]) => [outName(m, ref), [m, ref] as const]),
        );
        for (const [key, child] of Object.entries(v)) {
          if (child === undefined || child === null) continue;
          const found = byName.get(key);
          if (!found) problems.push(`${at}.${key}: not a member of ${name}`);
          else walk(found[1].shape, child, `${at}.${key}`);
        }
        const always = new Set(s.required ?? []);
        if (!json && s.members?.[`${name}Id`]) always.add(`${name}Id`);
        for (const member of always) {
          const ref = s.members?.[member] as MemberRef;
          const child = (v as Record<string, unknown>)[outName(member, ref)];
          if (child === undefined || child === null) problems.push(`${at}: ${name}.${member} is missing`);
        }
        return;
      }
      case "list":
        if (!Array.isArray(v)) {
          problems.push(`${at}: expected a list (${name})`);
          return;
        }
        for (const [i, item] of v.entries()) walk((s.member as MemberRef).shape, item, `${at}.${i + 1}`);
        return;
      case "map":
        if (typeof v !== "object" || v === null) problems.push(`${at}: expected a map (${name})`);
        return;
      case "string":
        if (typeof v !== "string")
          problems.push(`${at}: expected a string (${name}), got ${JSON.stringify(v)}`);
        else if (s.enum && !s.enum.includes(v) && !ENUM_AS_AWS_SENDS[name]?.(s.enum, v))
          problems.push(`${at}: '${v}' is not one of ${name}'s values`);
        return;
      case "integer":
      case "long":
      case "double":
      case "float": {
        const n = typeof v === "string" && !json ? Number(v) : v;
        if (
          typeof n !== "number" ||
          Number.isNaN(n) ||
          ((s.type === "integer" || s.type === "long") && !Number.isInteger(n))
        )
          problems.push(`${at}: expected a ${s.type} (${name}), got ${JSON.stringify(v)}`);
        return;
      }
      case "boolean":
        if (typeof v !== "boolean" && (json || (v !== "true" && v !== "false")))
          problems.push(`${at}: expected a boolean (${name}), got ${JSON.stringify(v)}`);
        return;
      case "timestamp": {
        const ok =
          v instanceof Date ||
          (json ? typeof v === "number" : typeof v === "string" && !Number.isNaN(Date.parse(v)));
        if (!ok) problems.push(`${at}: expected a timestamp (${name}), got ${JSON.stringify(v)}`);
        return;
      }
      default:
        return;
    }
  };
  walk(shapeName, value, "");
  return problems;
}

/** A handler's reply, as recorded by recordReplies. */
export interface RecordedReply<Service extends string> {
  service: Service;
  action: string;
  reply: unknown;
}

/**
 * Wraps every handler of the action tables so that each reply is recorded (keeping the members the
 * handler honours); `restore` puts the handlers back.
 */
export function recordReplies<Service extends string>(
  tables: [Record<string, (...args: never[]) => unknown>, Service][],
): { recorded: RecordedReply<Service>[]; restore: () => void } {
  const recorded: RecordedReply<Service>[] = [];
  const originals: [Record<string, unknown>, string, unknown][] = [];
  for (const [table, service] of tables) {
    for (const [action, handler] of Object.entries(table)) {
      originals.push([table, action, handler]);
      const wrapped = (...args: never[]) => {
        const reply = handler(...args);
        recorded.push({ service, action, reply });
        return reply;
      };
      table[action] = honours(wrapped, ...(honouredMembers(handler) ?? []));
    }
  }
  return {
    recorded,
    restore: () => {
      for (const [table, action, handler] of originals) table[action] = handler;
    },
  };
}
