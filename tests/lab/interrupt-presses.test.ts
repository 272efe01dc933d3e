import { describe, expect, test } from "vitest";
import { InterruptPresses, SECOND_INTERRUPT_GRACE_MS } from "../../src/lab/interrupt-presses.ts";

describe("InterruptPresses", () => {
  test("the first press stops the work; a relayed copy within the grace period does nothing; a later press stops the teardown", () => {
    const calls: string[] = [];
    let now = 10_000;
    const presses = new InterruptPresses(
      { first: () => calls.push("first"), second: () => calls.push("second") },
      () => now,
    );
    expect(presses.interrupted).toBe(false);
    presses.press();
    expect(presses.interrupted).toBe(true);
    now += 30; // tsx re-sends an unacknowledged SIGINT after 30 ms
    presses.press();
    expect(calls).toEqual(["first"]);
    now += SECOND_INTERRUPT_GRACE_MS;
    presses.press();
    expect(calls).toEqual(["first", "second"]);
  });
});
