import { describe, expect, test } from "vitest";
import { createNarrator, formatSeconds, isInteractive, useColor } from "../../src/lab/narrator.ts";

function capture(isTTY = false) {
  let text = "";
  return {
    stream: {
      isTTY,
      write(chunk: string) {
        text += chunk;
        return true;
      },
    },
    read: () => text,
  };
}

function fakeClock(...times: number[]) {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)] ?? 0;
}

describe("createNarrator", () => {
  test("prints plain lines without escapes when NO_COLOR is set and the stream is not a TTY", () => {
    const out = capture();
    const err = capture();
    const narrator = createNarrator({ stdout: out.stream, stderr: err.stream, env: { NO_COLOR: "1" } });
    narrator.heading("Build");
    narrator.note("a note");
    narrator.warn("careful");
    narrator.error("broken");
    narrator.startStep("Create VPC").done("vpc-1");
    expect(out.read()).not.toContain("\u001b");
    expect(err.read()).toBe("x broken\n");
    expect(out.read().split("\n").slice(0, 4)).toEqual(["", "Build", "a note", "! careful"]);
  });

  test("numbers steps in the order they finish, with their duration and offset", () => {
    const out = capture();
    // started, begin(a), begin(b), b: now x2, a: now x2
    const now = fakeClock(0, 100, 200, 1_200, 1_200, 2_600, 2_600);
    const narrator = createNarrator({ stdout: out.stream, stderr: capture().stream, env: {}, now });
    const a = narrator.startStep("slow");
    const b = narrator.startStep("fast");
    b.done("id-b");
    a.fail("boom");
    expect(out.read()).toBe(
      "  1. fast: id-b ok (1.0 s, at 1.2 s)\n  2. slow: boom FAILED (2.5 s, at 2.6 s)\n",
    );
  });

  test("finishing a step twice prints it once", () => {
    const out = capture();
    const narrator = createNarrator({ stdout: out.stream, stderr: capture().stream, env: {} });
    const step = narrator.startStep("once");
    step.done();
    step.done();
    step.fail("again");
    expect(out.read().match(/once/g)).toHaveLength(1);
  });

  test("does not draw a spinner when stderr is not a TTY, so stderr stays empty", () => {
    const err = capture(false);
    const narrator = createNarrator({ stdout: capture().stream, stderr: err.stream, env: {} });
    expect(narrator.interactive).toBe(false);
    narrator.startStep("waiting");
    narrator.stop();
    expect(err.read()).toBe("");
  });
});

describe("isInteractive and useColor", () => {
  test("a TTY is interactive unless CI is set or TERM is dumb", () => {
    expect(isInteractive({ write: () => true, isTTY: true }, {})).toBe(true);
    expect(isInteractive({ write: () => true, isTTY: true }, { CI: "true" })).toBe(false);
    expect(isInteractive({ write: () => true, isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(isInteractive({ write: () => true, isTTY: false }, {})).toBe(false);
  });

  test("NO_COLOR wins over a TTY and FORCE_COLOR colours a pipe", () => {
    const tty = { write: () => true, isTTY: true };
    const pipe = { write: () => true, isTTY: false };
    expect(useColor(tty, { NO_COLOR: "1" })).toBe(false);
    expect(useColor(tty, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe(false);
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor(pipe, { FORCE_COLOR: "1" })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: "0" })).toBe(false);
  });
});

describe("formatSeconds", () => {
  test("shows seconds with one decimal under a minute, then minutes and seconds", () => {
    expect(formatSeconds(1_250)).toBe("1.3 s");
    expect(formatSeconds(59_900)).toBe("59.9 s");
    expect(formatSeconds(125_000)).toBe("2 min 5 s");
  });
});
