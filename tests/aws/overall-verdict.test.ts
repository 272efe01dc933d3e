import { expect, test } from "vitest";
import { overallVerdict } from "../../src/egress/index.ts";

const of = (...verdicts: ("reachable" | "unreachable" | "unknown")[]) =>
  overallVerdict(verdicts.map((verdict) => ({ verdict })));

test("every subnet reaching is reachable, every subnet followed to a failure is unreachable", () => {
  expect(of("reachable", "reachable")).toBe("reachable");
  expect(of("unreachable", "unreachable")).toBe("unreachable");
  expect(of("reachable", "unreachable")).toBe("partial");
});

test("a subnet whose path could not be followed makes the answer partial, never unreachable or reachable", () => {
  expect(of("unknown")).toBe("partial");
  expect(of("unknown", "unreachable")).toBe("partial");
  expect(of("unknown", "reachable")).toBe("partial");
});
