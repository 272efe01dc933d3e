// Narrowing helpers for values read from templates (untyped JSON), with errors that say where.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, where: string): JsonObject {
  if (!isObject(value)) throw new Error(`${where}: expected an object, got ${JSON.stringify(value)}.`);
  return value;
}

export function expectString(value: unknown, where: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Error(`${where}: expected a string, got ${JSON.stringify(value)}.`);
}

export function optionalString(value: unknown, where: string): string | undefined {
  return value === undefined ? undefined : expectString(value, where);
}

export function expectStringArray(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected a list, got ${JSON.stringify(value)}.`);
  return value.map((item, index) => expectString(item, `${where}[${index}]`));
}

export function expectInteger(value: unknown, where: string): number {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number))
    throw new Error(`${where}: expected an integer, got ${JSON.stringify(value)}.`);
  return number;
}

/** The value of the Name tag in a CloudFormation-style Tags list or a Terraform tags map. */
export function findNameTag(tags: unknown): string | undefined {
  if (Array.isArray(tags)) {
    const tag = tags.find((candidate) => isObject(candidate) && candidate["Key"] === "Name");
    return isObject(tag) && typeof tag["Value"] === "string" ? tag["Value"] : undefined;
  }
  return isObject(tags) && typeof tags["Name"] === "string" ? tags["Name"] : undefined;
}
