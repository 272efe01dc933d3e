// Renders a trace as plain-text lines for the doctor and the notebooks: one hop per line joined by
// arrows, then the verdict, the reason and the fix. No colour: callers style it if they want to.

import type { TraceResult } from "./types.ts";

export interface FormatTraceOptions {
  /** A first line such as "subnet-0abc (us-east-1a) -> tcp 443 to example.com". */
  title?: string;
}

export function formatTrace(result: TraceResult, options: FormatTraceOptions = {}): string[] {
  const lines: string[] = [];
  if (options.title !== undefined) lines.push(options.title);
  result.hops.forEach((hop, index) => {
    lines.push(`${index === 0 ? "   " : "-> "}[${hop.kind}] ${hop.detail}`);
  });
  if (result.verdict === "reachable") {
    lines.push(
      `Verdict: reachable, source address ${result.sourceAddress ?? "not fixed or not known (see the hops)"}`,
    );
    return lines;
  }
  lines.push(`Verdict: ${result.verdict}${result.reason === null ? "" : ` (${result.reason.code})`}`);
  if (result.reason !== null) lines.push(`Reason: ${result.reason.message}`);
  // An unknown path has no fix yet, only the next thing to look at.
  if (result.fix !== null) lines.push(`${result.verdict === "unknown" ? "Next" : "Fix"}: ${result.fix}`);
  return lines;
}
