// Draws a diagnosis as DOM: the overall verdict, then for each subnet its path hop by hop (the hops
// traceEgress returned, in order, as the doctor prints them), the reason code and message, and the
// fix. Any hop kind or reason code the model adds is shown as it comes, under its own name.

import type { EgressWarning, OverallVerdict, SnapshotTrace } from "../egress/index.ts";
import type { Locale } from "./text.ts";
import { TEXT } from "./text.ts";

export interface Shown {
  verdict: OverallVerdict;
  traces: SnapshotTrace[];
  warnings: readonly { code: string; message: string }[] | EgressWarning[];
}

type Child = Node | string | null | undefined | false;

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** The verdict line (for a live region) and the per-subnet details. */
export function renderDiagnosis(
  shown: Shown,
  locale: Locale,
): { summary: HTMLElement; details: HTMLElement } {
  const text = TEXT[locale].ui;
  const summary = element(
    "p",
    { class: `pg-verdict pg-${shown.verdict}`, "data-verdict": shown.verdict },
    element(
      "span",
      { class: "pg-verdict-mark", "aria-hidden": "true" },
      shown.verdict === "reachable" ? "✓" : "✕",
    ),
    " ",
    text.verdict[shown.verdict],
  );
  const details = element("div", { class: "pg-traces" });
  for (const entry of shown.traces) details.append(renderTrace(entry, locale));
  if (shown.warnings.length > 0) {
    details.append(
      element(
        "div",
        { class: "pg-warnings" },
        element("p", { class: "pg-label" }, text.warnings),
        element(
          "ul",
          {},
          ...shown.warnings.map((warning) =>
            element(
              "li",
              { "data-warning": warning.code },
              element("code", {}, warning.code),
              ": ",
              element("span", { lang: "en" }, warning.message),
            ),
          ),
        ),
      ),
    );
  }
  return { summary, details };
}

function renderTrace(entry: SnapshotTrace, locale: Locale): HTMLElement {
  const text = TEXT[locale].ui;
  const { trace } = entry;
  const where =
    entry.subnetId === null ? text.awsManaged : `${entry.subnetId} (${entry.availabilityZone ?? "?"})`;
  const reachable = trace.verdict === "reachable";
  const ending = {
    reachable: { className: "pg-hop-end", note: text.reachedHere },
    unreachable: { className: "pg-hop-stop", note: text.stopsHere },
    unknown: { className: "pg-hop-unknown", note: text.unknownHere },
  }[trace.verdict];
  const path = element("ol", { class: "pg-path" });
  trace.hops.forEach((hop, index) => {
    const last = index === trace.hops.length - 1;
    const state = last ? ending.className : "";
    path.append(
      element(
        "li",
        { class: `pg-hop ${state}`.trim(), "data-hop": hop.kind },
        element("span", { class: "pg-hop-kind" }, text.hopKinds[hop.kind] ?? hop.kind),
        element("span", { class: "pg-hop-detail", lang: "en" }, hop.detail),
        last && element("span", { class: "pg-hop-note" }, ending.note),
      ),
    );
  });
  const facts = element("dl", { class: "pg-facts" });
  if (trace.reason !== null) {
    facts.append(
      element("dt", {}, text.reason),
      element(
        "dd",
        { "data-reason": trace.reason.code },
        element("code", {}, trace.reason.code),
        " ",
        element("span", { lang: "en" }, trace.reason.message),
      ),
    );
  }
  if (trace.fix !== null)
    facts.append(element("dt", {}, text.fix), element("dd", { lang: "en", "data-fix": "" }, trace.fix));
  if (reachable) {
    facts.append(
      element("dt", {}, text.sourceAddress),
      element(
        "dd",
        {},
        trace.sourceAddress === null ? text.unknownAddress : element("code", {}, trace.sourceAddress),
      ),
    );
  }
  return element(
    "section",
    {
      class: `pg-trace pg-${trace.verdict}`,
      "data-subnet": entry.subnetId ?? "aws-managed",
      "data-verdict": trace.verdict,
    },
    element("h3", { class: "pg-trace-title" }, `${where}: ${text.subnetVerdict[trace.verdict]}`),
    element("p", { class: "pg-label" }, text.path),
    path,
    facts,
  );
}
