// The form-encoded parameters of the EC2 Query and AWS Query protocols (Filter.1.Name=vpc-id,
// Filter.1.Value.1=vpc-..., TagSpecification.1.Tag.1.Key=Name) parsed into a tree: numbered
// segments become arrays (1-based on the wire), the rest become objects.

import { AwsError, missingParameter } from "../errors.ts";

export type ParamTree = { [key: string]: ParamValue };
export type ParamValue = string | ParamTree | ParamValue[];

export function parseQueryBody(body: string): ParamTree {
  const root: ParamTree = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const segments = key.split(".");
    let node: ParamTree | ParamValue[] = root;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i] as string;
      const last = i === segments.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(segments[i + 1] as string);
      const slot: string | number = Array.isArray(node) ? Number(segment) - 1 : segment;
      if (typeof slot === "number" && (!Number.isInteger(slot) || slot < 0 || slot > 10_000)) {
        throw new AwsError("InvalidParameterValue", `Invalid list index in parameter ${key}`);
      }
      const container = node as Record<string | number, ParamValue>;
      if (last) {
        container[slot] = value;
      } else {
        const existing = container[slot];
        if (existing === undefined || typeof existing === "string") {
          container[slot] = nextIsIndex ? [] : {};
        }
        node = container[slot] as ParamTree | ParamValue[];
      }
    }
  }
  return root;
}

/** Typed reads over a parameter tree, with AWS-shaped errors for missing or malformed values. */
export class QueryParams {
  readonly tree: ParamTree;

  constructor(tree: ParamTree) {
    this.tree = tree;
  }

  static parse(body: string): QueryParams {
    return new QueryParams(parseQueryBody(body));
  }

  string(name: string): string | undefined {
    const v = this.tree[name];
    if (v === undefined) return undefined;
    if (typeof v !== "string") {
      throw new AwsError("InvalidParameterValue", `Invalid value for parameter ${name}: expected a string`);
    }
    return v;
  }

  requireString(name: string): string {
    const v = this.string(name);
    if (v === undefined || v === "") throw missingParameter(name);
    return v;
  }

  int(name: string): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) {
      throw new AwsError("InvalidParameterValue", `Invalid value '${v}' for ${name}: expected an integer`);
    }
    return Number(v);
  }

  bool(name: string): boolean | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (v !== "true" && v !== "false") {
      throw new AwsError("InvalidParameterValue", `Invalid value '${v}' for ${name}: expected true or false`);
    }
    return v === "true";
  }

  /** `Name.1=a&Name.2=b` -> ["a", "b"]. */
  strings(name: string): string[] {
    const v = this.tree[name];
    if (v === undefined) return [];
    if (typeof v === "string") return [v];
    if (!Array.isArray(v)) {
      throw new AwsError("InvalidParameterValue", `Invalid value for parameter ${name}: expected a list`);
    }
    return v.filter((x): x is string => typeof x === "string");
  }

  /** `Name.1.Key=..&Name.1.Value=..` -> [QueryParams, ...]. */
  objects(name: string): QueryParams[] {
    const v = this.tree[name];
    if (v === undefined) return [];
    const list = Array.isArray(v) ? v : [v];
    return list
      .filter((x): x is ParamTree => typeof x === "object" && x !== null && !Array.isArray(x))
      .map((x) => new QueryParams(x));
  }

  object(name: string): QueryParams | undefined {
    const v = this.tree[name];
    if (v === undefined) return undefined;
    if (typeof v !== "object" || Array.isArray(v)) {
      throw new AwsError(
        "InvalidParameterValue",
        `Invalid value for parameter ${name}: expected a structure`,
      );
    }
    return new QueryParams(v);
  }
}
