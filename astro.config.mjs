// @ts-check
import starlight from "@astrojs/starlight";
import { defineConfig } from "astro/config";

// SITE and BASE let the same build serve from a domain root or a project-pages path
// (for example https://example.github.io/apprunner-egress-lab/).
const site = process.env.SITE ?? "https://apprunner-egress-lab.example.com";
const base = process.env.BASE ?? "/";

export default defineConfig({
  site,
  base,
  integrations: [
    starlight({
      title: "App Runner Egress Lab",
      description:
        "Why an App Runner service with a VPC connector cannot reach the internet without a NAT gateway, and how to fix it.",
      defaultLocale: "root",
      locales: {
        root: { label: "English", lang: "en" },
        ja: { label: "日本語", lang: "ja" },
      },
    }),
  ],
});
