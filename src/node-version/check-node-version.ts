// Which Node versions the project runs on: package.json's `engines.node`, kept true to the lockfile
// (every locked package's own `engines.node` must accept each version it accepts; a test checks
// this). Entry points check it first (require-supported-node.ts), so an old Node stops with one
// sentence instead of failing late in a dependency. Knows the range forms the lockfile uses:
// `>=X`, `^X`, `X` (a major, major.minor or exact version) and `*`, joined by `||`.

import { readFileSync } from "node:fs";

type Version = [number, number, number];

export function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Does the version satisfy one comparator ("^22.12.0", ">= 20", "20", "22.12")? */
function satisfiesComparator(version: Version, comparator: string): boolean {
  if (comparator.trim() === "*" || comparator.trim() === "") return true;
  const match = /^(>=|\^|)\s*v?(\d+(?:\.\d+){0,2})$/.exec(comparator.trim());
  const bound = match === null ? undefined : parseVersion(match[2] ?? "");
  if (match === null || bound === undefined) throw new Error(`unsupported engines range: "${comparator}"`);
  const parts = (match[2] ?? "").split(".").length;
  switch (match[1]) {
    case ">=":
      return compare(version, bound) >= 0;
    case "^":
      return version[0] === bound[0] && compare(version, bound) >= 0;
    default:
      // "20" is any 20.x.y, "20.3" any 20.3.y, "20.3.1" exactly that.
      return version.slice(0, parts).every((part, index) => part === bound[index]);
  }
}

export function satisfiesRange(version: string, range: string): boolean {
  const parsed = parseVersion(version);
  if (parsed === undefined) throw new Error(`not a version: "${version}"`);
  return range.split("||").some((comparator) => satisfiesComparator(parsed, comparator));
}

/** package.json's engines.node. */
export function readEnginesRange(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    engines?: { node?: string };
  };
  const range = manifest.engines?.node;
  if (range === undefined) throw new Error("package.json has no engines.node");
  return range;
}

/** The lowest version the range accepts, for the message ("22.19.0"). */
function lowestAccepted(range: string): string {
  const bounds = range
    .split("||")
    .map((comparator) => parseVersion(comparator.replace(/^\s*(>=|\^)\s*/, "")))
    .filter((bound) => bound !== undefined)
    .sort(compare);
  return bounds[0]?.join(".") ?? range;
}

/** undefined when the version is supported; otherwise what to tell the user. */
export function describeUnsupportedNode(version: string, range: string): string | undefined {
  if (satisfiesRange(version, range)) return undefined;
  return (
    `Node.js ${version.startsWith("v") ? version : `v${version}`} cannot run this project (package.json engines: ${range}). ` +
    "Run it through npm or npx (npm start, npm run doctor, npx tsx notebooks/01-without-nat.ts) so that the project's " +
    `Node 24 from node_modules/.bin is used, or install Node.js ${lowestAccepted(range)} or newer (Node 24 recommended).`
  );
}
