// Chaos: seeded runs of the notebooks' session, in-process, against an emulator injecting
// throttling, 500s, eventual consistency, failed NAT gateways and CREATE_FAILED services, some
// interrupted at a random step (an AbortSignal, as Ctrl-C). After each run, cleanup; then zero lab
// resources must be left and nothing else may have changed.

import { afterAll, beforeAll, expect, test } from "vitest";
import { FAST_PROFILE, scaleProfile } from "../../src/emulator/clock.ts";
import { createRandom } from "../../src/emulator/ids.ts";
import { openLab } from "../../src/lab/lab-session.ts";
import type { NotebookId } from "../../src/lab/plan-stack.ts";
import { runCleanup } from "../../src/lab/run-cleanup.ts";
import {
  endpointEnv,
  findLeftovers,
  type LabFixture,
  snapshotNonLab,
  startLabFixture,
} from "./lab-fixture.ts";

const RUNS = 50;

class LabExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

let fixture: LabFixture;
let labLog = "";
let clockPump: NodeJS.Timeout;
beforeAll(async () => {
  fixture = await startLabFixture({ delays: scaleProfile(FAST_PROFILE, 0.3) });
  clockPump = setInterval(() => fixture.running.emulator.clock.advance(5_000), 100);
});
afterAll(async () => {
  clearInterval(clockPump);
  await fixture.close();
});

async function runOnce(seed: number): Promise<{ code: number; interrupted: boolean }> {
  const random = createRandom(seed);
  const notebook: NotebookId = random() < 0.5 ? "01-without-nat" : "02-with-nat";
  const workload = (["apprunner", "instance", "none"] as const)[Math.floor(random() * 3)] ?? "none";
  const interruptAt = random() < 0.4 ? 1 + Math.floor(random() * 12) : Number.POSITIVE_INFINITY;
  fixture.running.emulator.faults.configure({
    seed,
    throttleRate: 0.03,
    serverErrorRate: 0.02,
    eventualConsistencyReads: Math.floor(random() * 3),
    natFailureRate: 0.15,
    serviceCreateFailureRate: 0.15,
  });
  const controller = new AbortController();
  let steps = 0;
  let tearingDown = false;
  let interrupted = false;
  const stdout = {
    write(text: string) {
      labLog += text;
      if (text.includes("Teardown:")) tearingDown = true;
      if (/^\s*\d+\. /.test(text)) steps++;
      if (!tearingDown && steps >= interruptAt && !controller.signal.aborted) {
        interrupted = true;
        controller.abort();
      }
      return true;
    },
  };
  const sink = { write: () => true };
  try {
    const lab = await openLab({
      notebook,
      argv: ["--workload", workload],
      env: endpointEnv(fixture),
      stdout,
      stderr: sink,
      exit: (code) => {
        throw new LabExit(code);
      },
      signal: controller.signal,
      handleSignals: false,
    });
    await lab.build();
    await lab.probe();
    if (notebook === "02-with-nat") {
      await lab.fix();
      await lab.probe();
    }
    await lab.trace();
    await lab.finish(notebook === "02-with-nat" ? "egress-through-nat" : "no-egress");
    throw new Error("finish() returned");
  } catch (error) {
    if (error instanceof LabExit) return { code: error.code, interrupted };
    throw error;
  }
}

test(`${RUNS} seeded chaos runs, each followed by cleanup, leave no lab resource and change nothing else`, async () => {
  const before = await snapshotNonLab(fixture.clients);
  const codes = new Map<number, number>();
  let interrupts = 0;
  const began = Date.now();
  for (let seed = 1; seed <= RUNS; seed++) {
    labLog = "";
    const { code, interrupted } = await runOnce(seed);
    codes.set(code, (codes.get(code) ?? 0) + 1);
    if (interrupted) {
      interrupts++;
      expect(code, `seed ${seed}: an interrupted run exits 130`).toBe(130);
    }
    let log = "";
    const capture = {
      write: (text: string) => {
        log += text;
        return true;
      },
    };
    const cleanup = await runCleanup({
      argv: ["--yes"],
      env: endpointEnv(fixture),
      stdout: capture,
      stderr: capture,
    });
    expect(cleanup, `seed ${seed}: cleanup exit code\n${labLog}\n${log}`).toBe(0);
    fixture.running.emulator.faults.configure({
      throttleRate: 0,
      serverErrorRate: 0,
      eventualConsistencyReads: 0,
    });
    expect(await findLeftovers(fixture.clients), `seed ${seed}: lab resources left`).toEqual([]);
    expect(await snapshotNonLab(fixture.clients), `seed ${seed}: non-lab resources changed`).toBe(before);
  }
  const summary = [...codes].map(([code, count]) => `exit ${code}: ${count}`).join(", ");
  console.log(
    `chaos: ${RUNS} runs (${interrupts} interrupted) in ${Date.now() - began} ms; ${summary}; 0 lab resources left, 0 non-lab changes`,
  );
  expect(codes.get(0) ?? 0).toBeGreaterThan(0);
}, 240_000);
