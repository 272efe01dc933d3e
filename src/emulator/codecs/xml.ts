// Minimal XML writer for the Query protocols' replies. Arrays become <item> lists (EC2's
// convention; STS wraps lists in <member>), booleans "true"/"false", absent values are omitted.

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) =>
    c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "&" ? "&amp;" : c === "'" ? "&apos;" : "&quot;",
  );
}

export function toXml(name: string, value: unknown, listItem = "item"): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) {
    return `<${name}>${value.map((v) => toXml(listItem, v, listItem)).join("")}</${name}>`;
  }
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === "object") {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => toXml(k, v, listItem))
      .join("");
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
