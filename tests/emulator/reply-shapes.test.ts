// Every reply a representative scenario gets, checked against the output shape of AWS's model of its
// operation: no member the model does not have, the right type for each (strings, numbers, booleans,
// timestamps, enum values, lists, structures), and the members AWS always returns present.
//
// "Always returned" (botocore's models mark few output members required):
//   - members the model marks required (App Runner's Service, VpcConnector, OperationSummary, ...);
//   - EC2, whose model marks none: a resource's own identifier, i.e. in a structure shape X, the member
//     XId (Vpc.VpcId, Subnet.SubnetId, NatGateway.NatGatewayId, Instance.InstanceId, ...).
// Two places where AWS's replies are not what the model's shapes say, both written in the model's own
// documentation, are allowed: EC2 operations without an output shape answer <return>true</return>
// (DeleteVpc, AttachInternetGateway, ...; the EC2 API reference's example responses), and an internet
// gateway's attachment state is "available" when attached ("For an internet gateway, the state is
// available when attached to a VPC", InternetGatewayAttachment.State), outside AttachmentStatus's enum.
// The scenario: both notebooks (App Runner and instance workloads) and the doctor, run as child
// processes against the emulator, plus a few read calls they do not make. Replies are captured where
// the handlers return them (the objects the codecs serialise), so names are the wire names.

import { ListTagsForResourceCommand, ListVpcConnectorsCommand } from "@aws-sdk/client-apprunner";
import {
  DescribeAvailabilityZonesCommand,
  DescribePrefixListsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeTagsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
} from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appRunnerActions } from "../../src/emulator/apprunner/actions.ts";
import { ec2Actions } from "../../src/emulator/ec2/actions.ts";
import { honouredMembers, honours } from "../../src/emulator/models/honours.ts";
import {
  type MemberRef,
  type ServiceModel,
  type Shape,
  serviceModel,
} from "../../src/emulator/models/service-model.ts";
import { stsActions } from "../../src/emulator/sts/actions.ts";
import { endpointEnv, type LabFixture, runScript, startLabFixture } from "../notebooks/lab-fixture.ts";

type Service = "ec2" | "apprunner" | "sts";
const recorded: { service: Service; action: string; reply: unknown }[] = [];
const originals: [Record<string, unknown>, string, unknown][] = [];

function record(table: Record<string, (...args: never[]) => unknown>, service: Service): void {
  for (const [action, handler] of Object.entries(table)) {
    originals.push([table, action, handler]);
    const wrapped = (...args: never[]) => {
      const reply = handler(...args);
      recorded.push({ service, action, reply });
      return reply;
    };
    table[action] = honours(wrapped, ...(honouredMembers(handler) ?? []));
  }
}

let fixture: LabFixture;

beforeAll(async () => {
  record(ec2Actions as never, "ec2");
  record(appRunnerActions as never, "apprunner");
  record(stsActions as never, "sts");
  fixture = await startLabFixture();
}, 60_000);

afterAll(async () => {
  for (const [table, action, handler] of originals) table[action] = handler;
  await fixture.close();
});

/** The problems of one reply, by path ("vpcSet.1.cidrBlock: ..."). */
function checkReply(model: ServiceModel, json: boolean, shapeName: string, value: unknown): string[] {
  const problems: string[] = [];
  const shapeOf = (name: string): Shape => model.shapes[name] as Shape;
  const outName = (member: string, ref: MemberRef) => (json ? member : (ref.locationName ?? member));
  const walk = (name: string, v: unknown, at: string): void => {
    const s = shapeOf(name);
    switch (s.type) {
      case "structure": {
        if (typeof v !== "object" || v === null || Array.isArray(v)) {
          problems.push(`${at}: expected a structure (${name}), got ${JSON.stringify(v)}`);
          return;
        }
        const byName = new Map(
          Object.entries(s.members ?? {}).map(([m, ref]) => [outName(m, ref), [m, ref] as const]),
        );
        for (const [key, child] of Object.entries(v)) {
          if (child === undefined || child === null) continue;
          const found = byName.get(key);
          if (!found) problems.push(`${at}.${key}: not a member of ${name}`);
          else walk(found[1].shape, child, `${at}.${key}`);
        }
        const always = new Set(s.required ?? []);
        if (!json && s.members?.[`${name}Id`]) always.add(`${name}Id`);
        for (const member of always) {
          const ref = s.members?.[member] as MemberRef;
          const child = (v as Record<string, unknown>)[outName(member, ref)];
          if (child === undefined || child === null) problems.push(`${at}: ${name}.${member} is missing`);
        }
        return;
      }
      case "list":
        if (!Array.isArray(v)) {
          problems.push(`${at}: expected a list (${name})`);
          return;
        }
        for (const [i, item] of v.entries()) walk((s.member as MemberRef).shape, item, `${at}.${i + 1}`);
        return;
      case "map":
        if (typeof v !== "object" || v === null) problems.push(`${at}: expected a map (${name})`);
        return;
      case "string":
        if (typeof v !== "string")
          problems.push(`${at}: expected a string (${name}), got ${JSON.stringify(v)}`);
        else if (s.enum && !s.enum.includes(v) && !(name === "AttachmentStatus" && v === "available"))
          problems.push(`${at}: '${v}' is not one of ${name}'s values`);
        return;
      case "integer":
      case "long":
      case "double":
      case "float": {
        const n = typeof v === "string" && !json ? Number(v) : v;
        if (
          typeof n !== "number" ||
          Number.isNaN(n) ||
          ((s.type === "integer" || s.type === "long") && !Number.isInteger(n))
        )
          problems.push(`${at}: expected a ${s.type} (${name}), got ${JSON.stringify(v)}`);
        return;
      }
      case "boolean":
        if (typeof v !== "boolean" && (json || (v !== "true" && v !== "false")))
          problems.push(`${at}: expected a boolean (${name}), got ${JSON.stringify(v)}`);
        return;
      case "timestamp": {
        const ok =
          v instanceof Date ||
          (json ? typeof v === "number" : typeof v === "string" && !Number.isNaN(Date.parse(v)));
        if (!ok) problems.push(`${at}: expected a timestamp (${name}), got ${JSON.stringify(v)}`);
        return;
      }
      default:
        return;
    }
  };
  walk(shapeName, value, "");
  return problems;
}

describe("replies against the model's output shapes", () => {
  test("every reply of the scenario has only model members, of the right types, with the ones AWS always returns", async () => {
    const env = endpointEnv(fixture);
    for (const workload of ["apprunner", "instance"]) {
      const run = await runScript("notebooks/02-with-nat.ts", ["--workload", workload], env);
      expect(run.code, `02-with-nat --workload ${workload}:\n${run.stdout}\n${run.stderr}`).toBe(0);
    }
    const keep = await runScript("notebooks/01-without-nat.ts", ["--keep"], env);
    expect(keep.code, keep.stderr).toBe(0);
    const serviceName = /service[^\n]*?(lab-[a-z0-9-]+)/i.exec(keep.stdout)?.[1];
    const doctor = await runScript(
      "scripts/doctor.ts",
      serviceName ? ["--service", serviceName, "--json"] : ["--subnets", "none", "--json"],
      env,
    );
    expect([0, 1, 2]).toContain(doctor.code);
    const { ec2, appRunner, sts } = fixture.clients;
    const vpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.[0]?.VpcId;
    await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: "enableDnsHostnames" }));
    await ec2.send(new DescribeTagsCommand({}));
    await ec2.send(new DescribeSecurityGroupRulesCommand({}));
    await ec2.send(new DescribePrefixListsCommand({}));
    await ec2.send(new DescribeAvailabilityZonesCommand({}));
    const arn = (await appRunner.send(new ListVpcConnectorsCommand({}))).VpcConnectors?.[0]?.VpcConnectorArn;
    if (arn) await appRunner.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    await sts.send(new GetCallerIdentityCommand({}));

    const problems: string[] = [];
    const seen = new Map<string, number>();
    for (const { service, action, reply } of recorded) {
      const model = serviceModel(service);
      const output = model.operations[action]?.output;
      seen.set(`${service} ${action}`, (seen.get(`${service} ${action}`) ?? 0) + 1);
      if (output === undefined) {
        const bare =
          service === "ec2"
            ? JSON.stringify(reply) === '{"return":true}'
            : Object.keys(reply as object).length === 0;
        if (!bare)
          problems.push(
            `${service} ${action}: the model has no output, the reply is ${JSON.stringify(reply)}`,
          );
        continue;
      }
      for (const problem of checkReply(model, service === "apprunner", output, reply)) {
        problems.push(`${service} ${action}${problem}`);
      }
    }
    const served =
      Object.keys(ec2Actions).length + Object.keys(appRunnerActions).length + Object.keys(stsActions).length;
    console.log(`replies checked: ${recorded.length}, covering ${seen.size} of ${served} served actions`);
    expect(recorded.length).toBeGreaterThan(100);
    expect([...new Set(problems)]).toEqual([]);
  }, 600_000);
});
