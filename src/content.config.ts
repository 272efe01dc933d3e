import { defineCollection } from "astro:content";
import { docsLoader, i18nLoader } from "@astrojs/starlight/loaders";
import { docsSchema, i18nSchema } from "@astrojs/starlight/schema";

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  // UI strings of our own (src/content/i18n/<lang>.json). Starlight reads this collection on every
  // build and warns when it does not exist.
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
