// Ctrl-C during a lab run, as presses: the first asks for a teardown, a deliberate second one stops it.
// Kept apart from the session so the timing rule can be read (and tested) alone.

/** A second Ctrl-C sooner than this after the first is the same press, relayed. */
export const SECOND_INTERRUPT_GRACE_MS = 1_000;

export interface InterruptActions {
  /** The first press: stop the work and tear down. */
  first: () => void;
  /** A deliberate second press: stop the teardown too. */
  second: () => void;
}

export class InterruptPresses {
  #firstAt: number | undefined;
  readonly #actions: InterruptActions;
  readonly #now: () => number;

  constructor(actions: InterruptActions, now: () => number = Date.now) {
    this.#actions = actions;
    this.#now = now;
  }

  /** Has Ctrl-C been pressed (or the test's signal aborted) at all? */
  get interrupted(): boolean {
    return this.#firstAt !== undefined;
  }

  press(): void {
    const now = this.#now();
    if (this.#firstAt === undefined) {
      this.#firstAt = now;
      this.#actions.first();
      return;
    }
    // One Ctrl-C can arrive several times within milliseconds: the terminal signals the whole
    // process group, and npx and tsx forward it to their child again (tsx re-sends it when the
    // child has not acknowledged it within 30 ms, see tsx's relaySignals). Only a press after the
    // grace period is a deliberate second Ctrl-C.
    if (now - this.#firstAt < SECOND_INTERRUPT_GRACE_MS) return;
    this.#actions.second();
  }
}
