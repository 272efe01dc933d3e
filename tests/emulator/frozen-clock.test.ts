// The frozen clock (EmulatorOptions.frozenClock): time moves only when advanced, so a test can read
// a state inside a transition's window however slow the machine is between two requests. The
// running clock follows the wall clock, as before.

import { setTimeout as sleep } from "node:timers/promises";
import { CreateTransitGatewayCommand, DescribeTransitGatewaysCommand } from "@aws-sdk/client-ec2";
import { expect, test } from "vitest";
import { FAST_PROFILE } from "../../src/emulator/clock.ts";
import { startEc2Emulator } from "./helpers.ts";

test.each([
  [true, "pending"],
  [false, "available"],
])(
  "frozenClock %s: a transit gateway read after more than its delay of wall time is %s, and available once the clock is advanced",
  async (frozenClock, state) => {
    const t = await startEc2Emulator({ frozenClock });
    try {
      const { TransitGateway } = await t.ec2.send(new CreateTransitGatewayCommand({}));
      const id = TransitGateway?.TransitGatewayId as string;
      const stateNow = async () =>
        (await t.ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [id] })))
          .TransitGateways?.[0]?.State;
      await sleep(FAST_PROFILE.transitGatewayAvailable + 100);
      expect(await stateNow()).toBe(state);
      await t.control("POST", "/_emulator/clock", { advanceMs: FAST_PROFILE.transitGatewayAvailable });
      expect(await stateNow()).toBe("available");
    } finally {
      await t.close();
    }
  },
);
