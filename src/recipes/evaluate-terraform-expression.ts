// Evaluates the Terraform expressions our recipe uses, as @cdktf/hcl2json hands them over: strings
// holding "${...}" interpolations. Covers literals, lists and objects, references with attribute,
// index and splat ([*]) access, arithmetic, comparison, logic, the conditional operator and a few
// functions (cidrsubnet, length, slice, contains, element, concat, min, max, floor, join, substr,
// sha1, regexall). Anything else fails loudly. Source: Terraform language docs, "Expressions" and
// "Functions".

import { createHash } from "node:crypto";
import { computeCidrSubnet } from "./cidr-functions.ts";

/** A value whose attributes are computed on demand (a resource instance, the `var` namespace...). */
export interface LazyObject {
  readonly kind: "lazy";
  get(name: string): unknown;
}

export type TerraformScope = (root: string) => unknown;

export function isLazyObject(value: unknown): value is LazyObject {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "lazy";
}

/** Evaluates a JSON value from hcl2json: strings are templates, lists and objects are walked. */
export function evaluateTerraformValue(value: unknown, scope: TerraformScope): unknown {
  if (typeof value === "string") return evaluateTemplate(value, scope);
  if (Array.isArray(value)) return value.map((item) => evaluateTerraformValue(item, scope));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, evaluateTerraformValue(item, scope)]),
    );
  }
  return value;
}

/** "${expr}" alone returns the expression's value; otherwise the parts are joined as a string. */
export function evaluateTemplate(text: string, scope: TerraformScope): unknown {
  const parts = splitTemplate(text);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.expression) return evaluateExpression(only.text, scope);
  return parts
    .map((part) => (part.expression ? stringify(evaluateExpression(part.text, scope)) : part.text))
    .join("");
}

export function evaluateExpression(source: string, scope: TerraformScope): unknown {
  const parser = new Parser(tokenize(source), scope, source);
  const value = parser.parseExpression();
  parser.expectEnd();
  return value;
}

interface TemplatePart {
  expression: boolean;
  text: string;
}

function splitTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let index = 0;
  while (index < text.length) {
    if (text.startsWith("$${", index)) {
      literal += "${";
      index += 3;
    } else if (text.startsWith("${", index)) {
      const end = findClosingBrace(text, index + 2);
      if (literal !== "") parts.push({ expression: false, text: literal });
      literal = "";
      parts.push({ expression: true, text: text.slice(index + 2, end).replace(/^~|~$/g, "") });
      index = end + 1;
    } else {
      literal += text[index];
      index += 1;
    }
  }
  if (literal !== "" || parts.length === 0) parts.push({ expression: false, text: literal });
  return parts;
}

function findClosingBrace(text: string, from: number): number {
  let depth = 0;
  let quoted = false;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === "\\") index += 1;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === "{") depth += 1;
    else if (char === "}") {
      if (depth === 0) return index;
      depth -= 1;
    }
  }
  throw new Error(`Unclosed interpolation in ${JSON.stringify(text)}.`);
}

function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Error(`Cannot interpolate ${JSON.stringify(value)} into a string.`);
}

type Token =
  | { type: "number"; value: number }
  | { type: "string"; value: string }
  | { type: "name"; value: string }
  | { type: "op"; value: string };

const OPERATORS = [
  "[*]",
  ".*",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "?",
  ":",
  "+",
  "-",
  "*",
  "/",
  "%",
  "<",
  ">",
  "!",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ".",
  "=",
];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const rest = source.slice(index);
    const space = /^\s+/.exec(rest);
    const number = /^\d+(\.\d+)?/.exec(rest);
    const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (space !== null) index += space[0].length;
    else if (number !== null) {
      tokens.push({ type: "number", value: Number(number[0]) });
      index += number[0].length;
    } else if (name !== null) {
      tokens.push({ type: "name", value: name[0] });
      index += name[0].length;
    } else if (rest.startsWith('"')) {
      const match = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
      if (match === null || match[1] === undefined) throw new Error(`Unterminated string in ${source}.`);
      if (match[1].includes("${")) throw new Error(`Nested interpolation is not supported: ${source}.`);
      tokens.push({ type: "string", value: JSON.parse(`"${match[1]}"`) as string });
      index += match[0].length;
    } else {
      const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
      if (operator === undefined) throw new Error(`Unexpected ${JSON.stringify(rest[0])} in ${source}.`);
      tokens.push({ type: "op", value: operator });
      index += operator.length;
    }
  }
  return tokens;
}

const BINARY_LEVELS = [["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"]];

class Parser {
  private position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly scope: TerraformScope,
    private readonly source: string,
  ) {}

  parseExpression(): unknown {
    const condition = this.parseBinary(0);
    if (!this.accept("?")) return condition;
    const whenTrue = this.parseExpression();
    this.expect(":");
    const whenFalse = this.parseExpression();
    if (typeof condition !== "boolean") throw this.error(`the condition is not a bool`);
    return condition ? whenTrue : whenFalse;
  }

  expectEnd(): void {
    if (this.position < this.tokens.length) throw this.error("unexpected trailing tokens");
  }

  private parseBinary(level: number): unknown {
    const operators = BINARY_LEVELS[level];
    if (operators === undefined) return this.parseUnary();
    let left = this.parseBinary(level + 1);
    for (;;) {
      const token = this.tokens[this.position];
      if (token?.type !== "op" || !operators.includes(token.value)) return left;
      this.position += 1;
      left = applyBinary(token.value, left, this.parseBinary(level + 1));
    }
  }

  private parseUnary(): unknown {
    if (this.accept("!")) return !this.parseUnary();
    if (this.accept("-")) return -Number(this.parseUnary());
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(start: unknown): unknown {
    let value = start;
    let splat = false;
    for (;;) {
      let access: ((item: unknown) => unknown) | null = null;
      if (this.accept("[*]") || this.accept(".*")) {
        splat = true;
        value = Array.isArray(value) ? value : value === null ? [] : [value];
        continue;
      }
      if (this.accept(".")) {
        const name = this.next();
        const key = name.type === "number" ? name.value : name.value;
        access = (item) => getAttribute(item, String(key), this.source);
      } else if (this.accept("[")) {
        const key = this.parseExpression();
        this.expect("]");
        access = (item) => getAttribute(item, key, this.source);
      }
      if (access === null) return value;
      const apply = access;
      value = splat ? (value as unknown[]).map((item) => apply(item)) : apply(value);
    }
  }

  private parsePrimary(): unknown {
    const token = this.next();
    if (token.type === "number" || token.type === "string") return token.value;
    if (token.type === "op") {
      if (token.value === "(") {
        const value = this.parseExpression();
        this.expect(")");
        return value;
      }
      if (token.value === "[") return this.parseList("]");
      if (token.value === "{") return this.parseObject();
      throw this.error(`unexpected ${token.value}`);
    }
    if (token.value === "true") return true;
    if (token.value === "false") return false;
    if (token.value === "null") return null;
    if (this.accept("(")) return callFunction(token.value, this.parseList(")"), this.source);
    return this.scope(token.value);
  }

  private parseList(close: string): unknown[] {
    const items: unknown[] = [];
    while (!this.accept(close)) {
      items.push(this.parseExpression());
      if (!this.accept(",")) {
        this.expect(close);
        break;
      }
    }
    return items;
  }

  private parseObject(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    while (!this.accept("}")) {
      const key = this.next();
      if (key.type === "op") throw this.error("expected an object key");
      if (!this.accept("=")) this.expect(":");
      result[String(key.value)] = this.parseExpression();
      this.accept(",");
    }
    return result;
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (token === undefined) throw this.error("unexpected end");
    this.position += 1;
    return token;
  }

  private accept(operator: string): boolean {
    const token = this.tokens[this.position];
    if (token?.type === "op" && token.value === operator) {
      this.position += 1;
      return true;
    }
    return false;
  }

  private expect(operator: string): void {
    if (!this.accept(operator)) throw this.error(`expected ${operator}`);
  }

  private error(message: string): Error {
    return new Error(`Terraform expression ${JSON.stringify(this.source)}: ${message}.`);
  }
}

function getAttribute(value: unknown, key: unknown, source: string): unknown {
  if (isLazyObject(value)) return value.get(String(key));
  if (Array.isArray(value)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= value.length)
      throw new Error(`${source}: index ${String(key)} is out of range (length ${value.length}).`);
    return value[index];
  }
  if (typeof value === "object" && value !== null && String(key) in value)
    return (value as Record<string, unknown>)[String(key)];
  throw new Error(`${source}: ${JSON.stringify(value)} has no attribute ${String(key)}.`);
}

function applyBinary(operator: string, left: unknown, right: unknown): unknown {
  switch (operator) {
    case "==":
      return JSON.stringify(left) === JSON.stringify(right);
    case "!=":
      return JSON.stringify(left) !== JSON.stringify(right);
    case "&&":
      return left === true && right === true;
    case "||":
      return left === true || right === true;
  }
  const [a, b] = [Number(left), Number(right)];
  if (Number.isNaN(a) || Number.isNaN(b))
    throw new Error(`${operator} needs numbers, got ${String(left)} and ${String(right)}.`);
  const results: Record<string, number | boolean> = {
    "+": a + b,
    "-": a - b,
    "*": a * b,
    "/": a / b,
    "%": a % b,
    "<": a < b,
    ">": a > b,
    "<=": a <= b,
    ">=": a >= b,
  };
  return results[operator];
}

function callFunction(name: string, args: unknown[], source: string): unknown {
  const list = (index: number): unknown[] => {
    const value = args[index];
    if (!Array.isArray(value)) throw new Error(`${source}: ${name} needs a list as argument ${index + 1}.`);
    return value;
  };
  switch (name) {
    case "cidrsubnet":
      return computeCidrSubnet(String(args[0]), Number(args[1]), Number(args[2]));
    case "length":
      return Array.isArray(args[0]) ? args[0].length : Object.keys(args[0] ?? {}).length;
    case "slice":
      if (Number(args[2]) > list(0).length) throw new Error(`${source}: slice end is beyond the list.`);
      return list(0).slice(Number(args[1]), Number(args[2]));
    case "contains":
      return list(0).some((item) => JSON.stringify(item) === JSON.stringify(args[1]));
    case "element": {
      const items = list(0);
      return items[Number(args[1]) % items.length];
    }
    case "concat":
      return args.flatMap((_, index) => list(index));
    case "min":
      return Math.min(...args.map(Number));
    case "max":
      return Math.max(...args.map(Number));
    case "floor":
      return Math.floor(Number(args[0]));
    case "join":
      return list(1).map(String).join(String(args[0]));
    case "substr": {
      // substr(string, offset, length); a length of -1 means "to the end".
      const text = String(args[0]);
      const offset = Number(args[1]);
      const length = Number(args[2]);
      return text.slice(offset, length < 0 ? undefined : offset + length);
    }
    case "sha1":
      return createHash("sha1").update(String(args[0])).digest("hex");
    case "regexall": {
      // Terraform's patterns are RE2; the recipes' patterns mean the same in JavaScript.
      const matches = [...String(args[1]).matchAll(new RegExp(String(args[0]), "g"))];
      return matches.map((match) => (match.length > 1 ? match.slice(1) : match[0]));
    }
    default:
      throw new Error(`${source}: function ${name}() is not supported by the recipe reader.`);
  }
}
