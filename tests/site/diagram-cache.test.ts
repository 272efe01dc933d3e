import { describe, expect, test } from "vitest";
import { planDiagramCache } from "../../scripts/render-diagrams.ts";

describe("the committed diagram render cache", () => {
  test("has an entry for every diagram variant on every page and no unused entry", () => {
    const plan = planDiagramCache();
    const problems = [
      ...plan.missing.map((entry) => `missing ${entry.key}.svg (${entry.variant}) for ${entry.file}`),
      ...plan.stale.map((key) => `stale ${key}.svg`),
    ];
    // Fix: `npx tsx scripts/render-diagrams.ts` (npm run diagrams), then commit src/diagrams/cache/.
    expect(problems).toEqual([]);
  });
});
