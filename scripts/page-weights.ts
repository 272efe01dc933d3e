/**
 * Page weights of a built site (gzip of each page's HTML + CSS + JS):
 *
 *   npx tsx scripts/page-weights.ts [dist] [--base /apprunner-egress-lab/]
 */
import { parseArgs } from "node:util";
import { formatPageWeights, measurePageWeights } from "../src/integrations/page-weights.ts";

const { values, positionals } = parseArgs({
  options: { base: { type: "string" } },
  allowPositionals: true,
});
const distDir = positionals[0] ?? "dist";
const base = values.base ?? process.env["BASE"] ?? "/";
process.stdout.write(`${formatPageWeights(measurePageWeights(distDir, base))}\n`);
