// The doctor page's Permissions section (en, ja) names exactly the actions of
// scripts/doctor-iam-policy.json, which the call tests hold to what the doctor really calls
// (tests/doctor/read-only-and-calls.test.ts, workload-scenarios.test.ts): a new read cannot ship
// unnamed on the page, and the page cannot name a read the policy does not grant.

import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

const policy = JSON.parse(read("scripts/doctor-iam-policy.json")) as { Statement: { Action: string[] }[] };
const granted = [...new Set(policy.Statement.flatMap((statement) => statement.Action))].sort();

/** The `service:Action` names quoted in the section under `heading`, up to the next heading. */
function namedActions(page: string, heading: string): string[] {
  const start = page.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`no heading ${heading}`);
  const rest = page.slice(start + heading.length + 2);
  const end = rest.search(/\n#{2,3} /);
  const section = end === -1 ? rest : rest.slice(0, end);
  return [
    ...new Set([...section.matchAll(/`([a-z0-9]+:[A-Za-z]+)`/g)].map((match) => match[1] ?? "")),
  ].sort();
}

test.each([
  ["src/content/docs/labs/doctor.mdx", "## Permissions"],
  ["src/content/docs/ja/labs/doctor.mdx", "## 権限"],
])("%s names every action of the doctor's policy, and no other", (path, heading) => {
  expect(namedActions(read(path), heading)).toEqual(granted);
});
