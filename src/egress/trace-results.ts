// Builders for the model's answer, so every unreachable result carries a reason and a fix.

import type { Hop, ReasonCode, TopologyChange, TraceResult } from "./types.ts";

export function reachable(hops: Hop[], sourceAddress: string | null): TraceResult {
  return { verdict: "reachable", hops, sourceAddress, reason: null, fix: null };
}

/** `fix` is the fix in words, or in words with its structured change (suggest-fix.ts). */
export function unreachable(
  hops: Hop[],
  code: ReasonCode,
  message: string,
  fix: string | { text: string; change?: TopologyChange },
): TraceResult {
  const result: TraceResult = {
    verdict: "unreachable",
    hops,
    sourceAddress: null,
    reason: { code, message },
    fix: "",
  };
  if (typeof fix === "string") return { ...result, fix };
  return { ...result, fix: fix.text, ...(fix.change === undefined ? {} : { change: fix.change }) };
}

/** The path refers to something the topology lacks: say what, instead of guessing. */
export function incomplete(hops: Hop[], missing: string): TraceResult {
  return unreachable(
    hops,
    "TOPOLOGY_INCOMPLETE",
    `The topology does not include ${missing}, which the path refers to.`,
    `Check that ${missing} exists and that the topology was loaded with it.`,
  );
}

/**
 * The path continues where the caller cannot read (another account's VPC or transit gateway route
 * table, a call that was denied): verdict "unknown", and the fix says what to run next, and where.
 */
export function notReadable(hops: Hop[], what: string, message: string, next: string): TraceResult {
  return {
    verdict: "unknown",
    hops: [...hops, { kind: "not-readable", detail: `${what}: not readable with these credentials` }],
    sourceAddress: null,
    reason: { code: "PATH_NOT_READABLE", message },
    fix: next,
  };
}
