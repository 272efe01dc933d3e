// The playground page driven as a reader would: presets, controls, the URL, a pasted doctor export,
// in English and Japanese, at phone width, light and dark (axe). Every request the page makes is
// recorded by Playwright's request interception: after the page has loaded, nothing may leave it.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { LaunchedChromium } from "../../src/diagrams/launch-chromium.ts";
import { launchChromium } from "../../src/diagrams/launch-chromium.ts";
import { DOCTOR_EXPORT_FORMAT, type DoctorExport, traceSnapshot } from "../../src/egress/index.ts";
import { buildScenario } from "../../src/playground/build-scenario.ts";
import { findPreset } from "../../src/playground/presets.ts";
import { type Harness, startHarness } from "../doctor/doctor-harness.ts";
import { buildSite, buildTimeout } from "../site/build-site.ts";
import { shouldSkipBrowserTests } from "./chromium-gate.ts";
import { type StaticServer, serveStatic } from "./serve-static.ts";
import { type Theme, themeInitScript } from "./site-pages.ts";

const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** An export as the doctor writes it, here of the one-AZ-route preset's VPC (one subnet reaches, one does not). */
function presetExport(id: string): DoctorExport {
  const preset = findPreset(id);
  if (preset === undefined) throw new Error(`no preset ${id}`);
  const { description, topology, sources, destination } = buildScenario(preset.controls);
  return { ...DOCTOR_EXPORT_FORMAT, description, topology, sources, destination, warnings: [] };
}

interface Recorder {
  requests: string[];
  /** Waits until the page has loaded everything it loads on its own (its assets, the favicon). */
  settle: () => Promise<void>;
  /** Requests made since settle(). */
  afterLoad: () => string[];
}

/** Records every request of the page; requests to anywhere but the test's own server are aborted. */
async function recordRequests(page: Page, origin: string): Promise<Recorder> {
  const requests: string[] = [];
  let settledAt = Number.POSITIVE_INFINITY;
  await page.route("**/*", (route) => {
    const url = route.request().url();
    requests.push(url);
    return url.startsWith(origin) ? route.continue() : route.abort();
  });
  page.on("request", (request: Request) => {
    // Requests that never reach route() (none expected) still show up here.
    if (!requests.includes(request.url())) requests.push(request.url());
  });
  return {
    requests,
    settle: async () => {
      await page.waitForLoadState("networkidle");
      settledAt = requests.length;
    },
    afterLoad: () => requests.slice(settledAt),
  };
}

async function traces(page: Page) {
  return page.$$eval(".pg-playground .pg-trace", (sections) =>
    sections.map((section) => ({
      subnet: section.getAttribute("data-subnet"),
      verdict: section.getAttribute("data-verdict"),
      reason: section.querySelector("[data-reason]")?.getAttribute("data-reason") ?? null,
      hops: [...section.querySelectorAll("[data-hop]")].map((hop) => hop.getAttribute("data-hop")),
    })),
  );
}

describe.skipIf(shouldSkipBrowserTests())("the playground page", () => {
  let chromium: LaunchedChromium;
  let server: StaticServer;
  let origin = "";

  beforeAll(async () => {
    const dist = await buildSite("/");
    server = await serveStatic(dist);
    origin = new URL(server.url).origin;
    chromium = await launchChromium({ width: 390, height: 844 });
  }, buildTimeout);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  test("the public-subnet preset shows NO_PUBLIC_IP; private subnets routed to the NAT turn it reachable through the NAT's hop; the URL keeps it; no request leaves the page", async () => {
    const page = await chromium.context.newPage();
    const recorder = await recordRequests(page, origin);
    try {
      await page.goto(`${server.url}playground/`);
      await recorder.settle();
      await page.selectOption("#pg-preset", "public-subnet-trap");
      await expect
        .poll(() => page.locator(".pg-playground .pg-summary").getAttribute("data-verdict"))
        .toBe("unreachable");
      const trapped = await traces(page);
      expect(trapped.map((trace) => trace.reason)).toEqual(["NO_PUBLIC_IP", "NO_PUBLIC_IP"]);
      expect(trapped[0]?.hops).toEqual([
        "interface",
        "security-group",
        "network-acl",
        "route-table",
        "internet-gateway",
      ]);
      expect(await page.locator(".pg-playground [data-warning=PUBLIC_SUBNET_CONNECTOR]").count()).toBe(2);
      expect(new URL(page.url()).search).toBe("?preset=public-subnet-trap");

      await page.selectOption("#pg-subnets", "private");
      await page.selectOption("#pg-route", "nat");
      await expect
        .poll(() => page.locator(".pg-playground .pg-summary").getAttribute("data-verdict"))
        .toBe("reachable");
      const fixed = await traces(page);
      expect(fixed.map((trace) => trace.verdict)).toEqual(["reachable", "reachable"]);
      for (const trace of fixed) expect(trace.hops).toContain("nat-gateway");
      expect(await page.locator(".pg-playground .pg-summary").textContent()).toContain(
        "Reachable from every subnet",
      );
      expect(await page.locator("#pg-preset").inputValue()).toBe("");
      const search = new URL(page.url()).searchParams;
      expect(Object.fromEntries(search)).toEqual({
        preset: "public-subnet-trap",
        subnets: "private",
        route: "nat",
      });
      expect(await page.locator("a.pg-link").getAttribute("href")).toBe(`/playground/?${search.toString()}`);

      // The link reproduces the situation in a fresh page.
      const again = await chromium.context.newPage();
      await again.goto(`${server.url}playground/?${search.toString()}`);
      expect(await traces(again)).toEqual(fixed);
      expect(await again.locator("#pg-route").inputValue()).toBe("nat");
      await again.close();

      expect(recorder.afterLoad()).toEqual([]);
      expect(recorder.requests.filter((url) => !url.startsWith(origin))).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("a pasted doctor export is diagnosed in the page with the model's verdicts, and nothing is sent", async () => {
    const page = await chromium.context.newPage();
    const recorder = await recordRequests(page, origin);
    try {
      await page.goto(`${server.url}playground/`);
      await recorder.settle();
      const exported = presetExport("one-az-route");
      const expected = traceSnapshot(exported);
      await page.fill("#pg-export-text", JSON.stringify(exported, null, 2));
      await page.click(".pg-export button.pg-diagnose");
      const summary = page.locator(".pg-export .pg-summary");
      await expect.poll(() => summary.getAttribute("data-verdict")).toBe(expected.verdict);
      const shown = await page.$$eval(".pg-export .pg-trace", (sections) =>
        sections.map((section) => ({
          subnet: section.getAttribute("data-subnet"),
          verdict: section.getAttribute("data-verdict"),
          reason: section.querySelector("[data-reason]")?.getAttribute("data-reason") ?? null,
          fix: section.querySelector("[data-fix]")?.textContent ?? null,
        })),
      );
      expect(shown).toEqual(
        expected.traces.map((entry) => ({
          subnet: entry.subnetId,
          verdict: entry.trace.verdict,
          reason: entry.trace.reason?.code ?? null,
          fix: entry.trace.fix,
        })),
      );

      // The same file, chosen with the file input.
      await page.setInputFiles("#pg-export-file", {
        name: "my-vpc.json",
        mimeType: "application/json",
        buffer: Buffer.from(JSON.stringify(presetExport("public-subnet-trap"))),
      });
      await expect
        .poll(() => page.locator(".pg-export [data-reason]").first().getAttribute("data-reason"))
        .toBe("NO_PUBLIC_IP");

      // Something that is not an export says so.
      await page.fill("#pg-export-text", '{"verdict": "unreachable", "subnets": []}');
      await page.click(".pg-export button.pg-diagnose");
      await expect.poll(() => summary.textContent()).toContain("not a doctor export");
      expect(await page.locator(".pg-export .pg-trace").count()).toBe(0);

      expect(recorder.afterLoad()).toEqual([]);
      expect(recorder.requests.filter((url) => !url.startsWith(origin))).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("an export of a VPC built in the emulator gives, in the page, the verdicts the doctor's CLI gives for it", async () => {
    const harness: Harness = await startHarness();
    const directory = mkdtempSync(join(tmpdir(), "playground-export-"));
    const page = await chromium.context.newPage();
    const recorder = await recordRequests(page, origin);
    try {
      const net = await harness.build.privateSubnetsWithNat(["us-east-1a"]);
      const isolated = await harness.build.subnet(net.vpcId, "10.0.20.0/24", "us-east-1b");
      await harness.build.routeTable(net.vpcId, [isolated], []);
      const subnets = [net.privateSubnetIds[0] ?? "", isolated, net.publicSubnetId].join(",");
      const file = join(directory, "my-vpc.json");
      const report = await harness.doctor(["--subnets", subnets, "--json"]);
      const exported = await harness.doctor(["--subnets", subnets, "--export", file]);
      expect([report.code, exported.code]).toEqual([1, 1]);

      await page.goto(`${server.url}playground/`);
      await recorder.settle();
      await page.setInputFiles("#pg-export-file", file);
      const summary = page.locator(".pg-export .pg-summary");
      await expect.poll(() => summary.getAttribute("data-verdict")).toBe(report.json?.verdict);
      const shown = await page.$$eval(".pg-export .pg-trace", (sections) =>
        sections.map((section) => ({
          subnetId: section.getAttribute("data-subnet"),
          verdict: section.getAttribute("data-verdict"),
          hops: [...section.querySelectorAll("[data-hop]")].map((hop) => ({
            kind: hop.getAttribute("data-hop"),
            detail: hop.querySelector(".pg-hop-detail")?.textContent,
          })),
          reason: section.querySelector("[data-reason]")?.getAttribute("data-reason") ?? null,
          fix: section.querySelector("[data-fix]")?.textContent ?? null,
        })),
      );
      expect(shown).toEqual(
        report.json?.subnets.map((subnet) => ({
          subnetId: subnet.subnetId,
          verdict: subnet.verdict,
          hops: subnet.hops.map((hop) => ({ kind: hop.kind, detail: hop.detail })),
          reason: subnet.reason?.code ?? null,
          fix: subnet.fix,
        })),
      );
      expect(shown.map((subnet) => subnet.reason ?? subnet.verdict)).toEqual([
        "reachable",
        "NO_ROUTE",
        "NO_PUBLIC_IP",
      ]);
      expect(recorder.afterLoad()).toEqual([]);
      expect(recorder.requests.filter((url) => !url.startsWith(origin))).toEqual([]);
    } finally {
      await page.close();
      await harness.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test("the troubleshooting presets beyond the NAT gateway, chosen from the list: the transit gateway's blackhole, fixed with the keyboard; the interface endpoint's closed group; the firewall's missing onward route with its warning; the new controls in the link", async () => {
    const page = await chromium.context.newPage();
    const recorder = await recordRequests(page, origin);
    const summary = page.locator(".pg-playground .pg-summary");
    const reasons = async () => (await traces(page)).map((trace) => trace.reason ?? trace.verdict);
    try {
      await page.goto(`${server.url}playground/`);
      await recorder.settle();

      await page.selectOption("#pg-preset", "tgw-blackhole");
      await expect.poll(reasons).toEqual(["TGW_BLACKHOLE_ROUTE", "TGW_BLACKHOLE_ROUTE"]);
      expect((await traces(page))[0]?.hops).toContain("transit-gateway-attachment");
      expect(new URL(page.url()).search).toBe("?preset=tgw-blackhole");
      // The control is a native select: from the keyboard, ArrowUp picks the route to the egress VPC.
      await page.focus("#pg-tgwDefaultRoute");
      await page.keyboard.press("ArrowUp");
      await expect.poll(() => summary.getAttribute("data-verdict")).toBe("reachable");
      expect(await page.locator("#pg-tgwDefaultRoute").inputValue()).toBe("egress-vpc");
      const viaEgress = await traces(page);
      for (const trace of viaEgress) expect(trace.hops).toContain("nat-gateway");
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
        preset: "tgw-blackhole",
        tgwDefaultRoute: "egress-vpc",
      });

      await page.selectOption("#pg-preset", "endpoint-sg-closed");
      await expect.poll(reasons).toEqual(["ENDPOINT_SG_DENIED", "ENDPOINT_SG_DENIED"]);
      expect((await traces(page))[0]?.hops.at(-1)).toBe("interface-endpoint");
      await page.selectOption("#pg-endpointSgInbound", "https");
      await expect.poll(() => summary.getAttribute("data-verdict")).toBe("reachable");

      await page.selectOption("#pg-preset", "firewall-no-onward-route");
      await expect.poll(reasons).toEqual(["NO_ROUTE", "NO_ROUTE"]);
      expect((await traces(page))[0]?.hops).toContain("appliance-endpoint");
      expect(await page.locator(".pg-playground [data-warning=APPLIANCE_NOT_EVALUATED]").count()).toBe(2);

      // A link with the new controls reproduces the situation in a fresh page.
      const again = await chromium.context.newPage();
      await again.goto(`${server.url}playground/?route=nat-instance&natInstanceSourceDestCheck=on`);
      await expect
        .poll(async () => (await traces(again)).map((trace) => trace.reason))
        .toEqual(["NAT_INSTANCE_SOURCE_DEST_CHECK", "NAT_INSTANCE_SOURCE_DEST_CHECK"]);
      expect(await again.locator("#pg-natInstanceSourceDestCheck").inputValue()).toBe("on");
      expect(await again.locator("#pg-preset").inputValue()).toBe("");
      await again.close();

      expect(recorder.afterLoad()).toEqual([]);
      expect(recorder.requests.filter((url) => !url.startsWith(origin))).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("the Japanese page works the same, in Japanese", async () => {
    const page = await chromium.context.newPage();
    try {
      await page.goto(`${server.url}ja/playground/?preset=no-route`);
      await expect
        .poll(() => page.locator(".pg-playground .pg-summary").getAttribute("data-verdict"))
        .toBe("unreachable");
      expect(await page.locator(".pg-playground .pg-summary").textContent()).toContain("到達できない");
      expect((await traces(page)).map((trace) => trace.reason)).toEqual(["NO_ROUTE", "NO_ROUTE"]);
      expect(await page.locator("label[for=pg-route]").textContent()).toContain("ルートテーブル");
    } finally {
      await page.close();
    }
  });

  test("an unknown preset or value in a link is named, not silently dropped", async () => {
    const page = await chromium.context.newPage();
    try {
      await page.goto(`${server.url}playground/?preset=nope&route=carrier-pigeon`);
      const notice = page.locator(".pg-ignored");
      await expect.poll(() => notice.isVisible()).toBe(true);
      expect(await notice.textContent()).toContain("preset=nope, route=carrier-pigeon");
      expect(await page.locator("#pg-route").inputValue()).toBe("nat");
    } finally {
      await page.close();
    }
  });

  for (const theme of ["light", "dark"] as Theme[]) {
    test(`with results drawn (a failing preset, a pasted export, an export error), axe finds no WCAG 2.2 AA violation (${theme}), and nothing is wider than 390 px`, async () => {
      const page = await chromium.context.newPage();
      await page.addInitScript(themeInitScript(theme));
      try {
        for (const path of [
          "playground/?preset=nat-private-subnet",
          "ja/playground/?preset=one-az-route",
          "playground/?preset=firewall-no-onward-route",
        ]) {
          await page.goto(`${server.url}${path}`);
          await page.fill("#pg-export-text", JSON.stringify(presetExport("one-az-route")));
          await page.click(".pg-export button.pg-diagnose");
          await expect.poll(() => page.locator(".pg-export .pg-trace").count()).toBe(2);
          const result = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
          expect(
            result.violations.map(
              (violation) =>
                `${path}: ${violation.id} ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
            ),
          ).toEqual([]);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(width, path).toBeLessThanOrEqual(390);
          await page.fill("#pg-export-text", "not json");
          await page.click(".pg-export button.pg-diagnose");
          const afterError = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
          expect(afterError.violations.map((violation) => violation.id)).toEqual([]);
        }
      } finally {
        await page.close();
      }
    }, 120_000);
  }
});
