import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { formatPageWeights, measurePageWeights } from "./page-weights.ts";

/** Prints every page's gzip weight (HTML + CSS + JS) after `astro build`. */
export function pageWeightsIntegration(base: string): AstroIntegration {
  return {
    name: "egress-lab-page-weights",
    hooks: {
      "astro:build:done": ({ dir, logger }) => {
        logger.info(`\n${formatPageWeights(measurePageWeights(fileURLToPath(dir), base))}`);
      },
    },
  };
}
