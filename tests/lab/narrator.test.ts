import { stripVTControlCharacters } from "node:util";
import { describe, expect, test, vi } from "vitest";
import {
  createNarrator,
  formatClock,
  formatSeconds,
  isInteractive,
  useColor,
} from "../../src/lab/narrator.ts";

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

describe("long waits", () => {
  test("a non-interactive run prints a heartbeat every 30 s naming each running step, its elapsed time and usual duration", () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const out = capture();
      const narrator = createNarrator({
        stdout: out.stream,
        stderr: capture().stream,
        env: {},
        interactive: false,
      });
      const nat = narrator.startStep("NAT gateway in the public subnet", {
        name: "NAT gateway",
        usually: "1-2 min",
      });
      vi.advanceTimersByTime(5_000);
      const service = narrator.startStep("App Runner service", { usually: "2-5 min" });
      vi.advanceTimersByTime(25_000);
      expect(out.read()).toBe(
        "     ... still waiting (at 0:30): NAT gateway: 0:30, usually 1-2 min; App Runner service: 0:25, usually 2-5 min\n",
      );
      vi.advanceTimersByTime(17_000);
      nat.done("nat-1");
      vi.advanceTimersByTime(13_000);
      expect(out.read().split("\n").at(-2)).toBe(
        "     ... still waiting (at 1:00): App Runner service: 0:55, usually 2-5 min",
      );
      service.done();
      const before = out.read();
      vi.advanceTimersByTime(120_000);
      // Nothing runs: no more heartbeats.
      expect(out.read()).toBe(before);
    } finally {
      vi.useRealTimers();
    }
  });

  test("the heartbeat interval can be set, and a run shorter than it prints none", () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const out = capture();
      const narrator = createNarrator({
        stdout: out.stream,
        stderr: capture().stream,
        env: {},
        interactive: false,
        heartbeatMs: 1_000,
      });
      const step = narrator.startStep("VPC");
      vi.advanceTimersByTime(2_500);
      step.done();
      expect(out.read().match(/still waiting/g)).toHaveLength(2);
      const quick = createNarrator({
        stdout: capture().stream,
        stderr: capture().stream,
        env: {},
        interactive: false,
      });
      const short = capture();
      const other = createNarrator({
        stdout: short.stream,
        stderr: capture().stream,
        env: {},
        interactive: false,
      });
      other.startStep("fast").done();
      quick.stop();
      vi.advanceTimersByTime(60_000);
      expect(short.read()).not.toMatch(/still waiting/);
    } finally {
      vi.useRealTimers();
    }
  });

  test("an interactive run's spinner shows each wait's clock and usual duration, ticking every second", () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const tty = capture(true);
      // What ora needs from a terminal stream, beyond write.
      const err = {
        ...tty,
        stream: {
          ...tty.stream,
          columns: 200,
          cursorTo: () => true,
          clearLine: () => true,
          moveCursor: () => true,
        },
      };
      const narrator = createNarrator({
        stdout: capture().stream,
        stderr: err.stream,
        env: {},
        interactive: true,
      });
      const nat = narrator.startStep("NAT gateway in the public subnet", {
        name: "NAT gateway",
        usually: "1-2 min",
      });
      // The clock ticks each second; ora draws the new text on its next frame (every 80 ms).
      vi.advanceTimersByTime(47_100);
      expect(stripVTControlCharacters(err.read())).toContain("NAT gateway: 0:47, usually 1-2 min");
      nat.done();
      narrator.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

test("formatClock shows minutes and seconds", () => {
  expect(formatClock(0)).toBe("0:00");
  expect(formatClock(47_900)).toBe("0:47");
  expect(formatClock(12 * 60_000 + 5_000)).toBe("12:05");
});
