import { describe, expect, it } from "vitest";
import { actionTable } from "../../src/emulator/action-table.ts";
import { appRunnerActions } from "../../src/emulator/apprunner/actions.ts";
import { ec2Actions } from "../../src/emulator/ec2/actions.ts";
import { stsActions } from "../../src/emulator/sts/actions.ts";

describe("action tables", () => {
  it("refuses an action registered twice, naming it, instead of letting the later handler win", () => {
    const first = () => "first";
    const second = () => "second";
    expect(() =>
      actionTable("EC2", { CreateVpc: first }, { DeleteVpc: first }, { CreateVpc: second }),
    ).toThrow("EC2 action CreateVpc is registered twice");
  });

  it("merges distinct records keeping every handler", () => {
    const a = () => "a";
    const b = () => "b";
    const table = actionTable("STS", { A: a }, { B: b });
    expect(table).toEqual({ A: a, B: b });
  });

  it("builds the emulator's own tables (module load would have thrown on a duplicate)", () => {
    expect(Object.keys(ec2Actions)).toContain("CreateNatGateway");
    expect(Object.keys(ec2Actions)).toContain("RunInstances");
    expect(Object.keys(appRunnerActions)).toContain("CreateService");
    expect(Object.keys(stsActions)).toEqual(["GetCallerIdentity"]);
  });
});
