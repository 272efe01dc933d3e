import {
  AllocateAddressCommand,
  CreateVpcCommand,
  DeleteVpcCommand,
  ReleaseAddressCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { DEFAULT_QUOTAS } from "../../src/emulator/emulator.ts";
import { type Ec2TestContext, errorOf, startEc2Emulator } from "./helpers.ts";

let t: Ec2TestContext;
beforeEach(async () => {
  t = await startEc2Emulator({ quotas: DEFAULT_QUOTAS });
});
afterEach(async () => {
  await t.close();
});

describe("service quotas of a new account", () => {
  test("the fifth VPC fits beside the default VPC and the sixth is refused with VpcLimitExceeded", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: `10.${i}.0.0/16` }));
      ids.push(Vpc?.VpcId ?? "");
    }
    const error = await errorOf(t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" })));
    expect(error.name).toBe("VpcLimitExceeded");
    await t.ec2.send(new DeleteVpcCommand({ VpcId: ids[0] }));
    const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }));
    expect(Vpc?.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
  });

  test("the sixth Elastic IP is refused with AddressLimitExceeded until one is released", async () => {
    const allocations: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { AllocationId } = await t.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
      allocations.push(AllocationId ?? "");
    }
    const error = await errorOf(t.ec2.send(new AllocateAddressCommand({ Domain: "vpc" })));
    expect(error.name).toBe("AddressLimitExceeded");
    await t.ec2.send(new ReleaseAddressCommand({ AllocationId: allocations[0] }));
    const { PublicIp } = await t.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    expect(PublicIp).toMatch(/^198\.51\.100\.\d+$/);
  });

  test("the control route changes the quotas", async () => {
    const reply = (await t.control("POST", "/_emulator/account", { quotas: { vpcsPerRegion: 1 } })) as {
      quotas: { vpcsPerRegion: number };
    };
    expect(reply.quotas.vpcsPerRegion).toBe(1);
    const error = await errorOf(t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" })));
    expect(error.name).toBe("VpcLimitExceeded");
  });
});
