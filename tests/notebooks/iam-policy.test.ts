// notebooks/iam-policy.json against what the notebooks and cleanup really call, on its own (it runs
// the notebooks it needs): every call granted, nothing granted that no call needs, every dependent
// action present (tagging on create, App Runner's TagResource, ssm:GetParameters behind
// resolve:ssm:), and the scoping the IAM audit of issue 10 asked for. The emulator does not evaluate
// the policy (its deniedActions setting only removes actions), so the conditions are checked here,
// statement by statement, against the calls and the ARNs the runs produced.

import { readFile } from "node:fs/promises";
import { ListServicesCommand, ListVpcConnectorsCommand } from "@aws-sdk/client-apprunner";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AL2023_ARM64_PARAMETER, INSTANCE_TYPE } from "../../src/lab/create-workload.ts";
import { endpointEnv, type LabFixture, runScript, startLabFixture } from "./lab-fixture.ts";

interface Statement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const TAG = "apprunner-egress-lab:stack";
const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);
/** IAM's ARN wildcard: * matches any run of characters (slashes included), ? one character. */
const arnMatches = (pattern: string, arn: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replaceAll("*", ".*")
      .replaceAll("?", ".")}$`,
  ).test(arn);

let fixture: LabFixture;
let statements: Statement[];
let used: Set<string>;
const createdArns: string[] = [];
let clockPump: NodeJS.Timeout;

beforeAll(async () => {
  fixture = await startLabFixture();
  fixture.running.emulator.calls.length = 0; // the fixture's own setup is not the lab's
  clockPump = setInterval(() => fixture.running.emulator.clock.advance(5_000), 200);
  statements = (JSON.parse(await readFile("notebooks/iam-policy.json", "utf8")) as { Statement: Statement[] })
    .Statement;
  // Every workload, auto's access check, --keep, and cleanup.
  for (const [notebook, args] of [
    ["01-without-nat", ["--workload", "none"]],
    ["01-without-nat", []],
    ["02-with-nat", ["--workload", "instance"]],
    ["02-with-nat", ["--workload", "apprunner", "--keep"]],
  ] as const) {
    const run = await runScript(`notebooks/${notebook}.ts`, [...args], endpointEnv(fixture));
    expect(run.code, run.stdout + run.stderr).toBe(0);
  }
  const [services, connectors] = await Promise.all([
    fixture.clients.appRunner.send(new ListServicesCommand({})),
    fixture.clients.appRunner.send(new ListVpcConnectorsCommand({})),
  ]);
  for (const s of services.ServiceSummaryList ?? []) if (s.ServiceArn) createdArns.push(s.ServiceArn);
  for (const c of connectors.VpcConnectors ?? []) if (c.VpcConnectorArn) createdArns.push(c.VpcConnectorArn);
  const cleaned = await runScript("scripts/cleanup.ts", ["--yes"], endpointEnv(fixture));
  expect(cleaned.code).toBe(0);
  used = new Set(
    fixture.running.emulator.calls
      .filter((call) => call.refused === undefined)
      .map((call) => `${call.service}:${call.action}`),
  );
}, 240_000);
afterAll(async () => {
  clearInterval(clockPump);
  await fixture.close();
});

const granting = (action: string) =>
  statements.filter((s) => s.Effect === "Allow" && list(s.Action).includes(action));

/** Granted although no API call of that name is made: each is a dependent action of a call made. */
const DEPENDENT: Record<string, { of: string[]; source: string }> = {
  // TagSpecifications on a create is authorised as ec2:CreateTags (EC2 User Guide, "Grant permission to tag resources during creation").
  "ec2:CreateTags": {
    of: ["ec2:CreateVpc", "ec2:RunInstances"],
    source: "supported-iam-actions-tagging.html",
  },
  // Tags on CreateService / CreateVpcConnector need apprunner:TagResource (Service Authorization Reference, App Runner: dependent actions).
  "apprunner:TagResource": {
    of: ["apprunner:CreateService", "apprunner:CreateVpcConnector"],
    source: "list_awsapprunner.html",
  },
  // resolve:ssm: in RunInstances' ImageId needs ssm:GetParameters (Systems Manager User Guide, parameter-store-ec2-aliases.html).
  "ssm:GetParameters": { of: ["ec2:RunInstances"], source: "parameter-store-ec2-aliases.html" },
  // The first VPC connector of an account creates App Runner's networking service-linked role.
  "iam:CreateServiceLinkedRole": {
    of: ["apprunner:CreateVpcConnector"],
    source: "using-service-linked-roles-networking.html",
  },
};
/** Called but needing no permission: "No permissions are required to perform this operation" (STS API reference). */
const NEEDS_NO_PERMISSION = new Set(["sts:GetCallerIdentity"]);

describe("notebooks/iam-policy.json", () => {
  test("grants exactly the actions the notebooks and cleanup call, plus their dependent actions", () => {
    const granted = new Set(statements.flatMap((s) => list(s.Action)));
    const missing = [...used].filter((a) => !granted.has(a) && !NEEDS_NO_PERMISSION.has(a)).sort();
    const unused = [...granted].filter((a) => !used.has(a) && !(a in DEPENDENT)).sort();
    expect({ missing, unused }).toEqual({ missing: [], unused: [] });
    // Each dependent action is granted because a call that needs it was made, and only then.
    for (const [action, { of }] of Object.entries(DEPENDENT)) {
      expect(granted.has(action), action).toBe(true);
      expect(
        of.some((call) => used.has(call)),
        `${action} without ${of.join(" or ")}`,
      ).toBe(true);
    }
  });

  test("tagging is allowed only on create, with the lab tag in the request, for every create the lab tags", () => {
    const [tagging, ...others] = granting("ec2:CreateTags");
    expect(others).toEqual([]);
    expect(list(tagging?.Condition?.["Null"]?.[`aws:RequestTag/${TAG}`] ?? [])).toEqual(["false"]);
    const createActions = list(tagging?.Condition?.["StringEquals"]?.["ec2:CreateAction"] ?? []);
    const taggedCreates = [...used]
      .filter((a) =>
        /^ec2:(Create(Vpc|Subnet|SecurityGroup|RouteTable|InternetGateway|NatGateway)|AllocateAddress|RunInstances)$/.test(
          a,
        ),
      )
      .map((a) => a.slice(4));
    expect(createActions.sort()).toEqual(taggedCreates.sort());
  });

  test("every create grants the new resource only with the lab tag in the request", () => {
    for (const action of [...used].filter((a) =>
      /^ec2:(Create(?!Tags|Route$)|AllocateAddress|RunInstances)/.test(a),
    )) {
      const onNew = granting(action).filter(
        (s) => s.Condition?.["Null"]?.[`aws:RequestTag/${TAG}`] === "false",
      );
      expect(onNew.length, `${action} has no RequestTag-conditioned statement`).toBeGreaterThan(0);
      // The unconditioned grants of a create name only what it uses but does not tag (image, new ENI, volume).
      for (const s of granting(action).filter((x) => x.Condition === undefined))
        expect(
          list(s.Resource).every((r) => /:(image|network-interface|volume)\/\*$/.test(r)),
          s.Sid,
        ).toBe(true);
    }
  });

  test("attach, detach, associate, disassociate, route, ModifyVpcAttribute and deletes act only on lab-tagged resources", () => {
    const scoped = [...used].filter((a) =>
      /^ec2:(Attach|Detach|Associate|Disassociate|CreateRoute$|ModifyVpcAttribute|Delete|Release|Terminate)|^apprunner:Delete/.test(
        a,
      ),
    );
    expect(scoped.length).toBeGreaterThan(10);
    for (const action of scoped) {
      for (const s of granting(action))
        expect(s.Condition?.["Null"]?.[`aws:ResourceTag/${TAG}`], `${action} in ${s.Sid}`).toBe("false");
    }
  });

  test("RunInstances launches only the lab's instance type", () => {
    const onInstance = granting("ec2:RunInstances").filter((s) =>
      list(s.Resource).some((r) => r.includes(":instance/")),
    );
    expect(onInstance.length).toBe(1);
    expect(onInstance[0]?.Condition?.["StringEquals"]?.["ec2:InstanceType"]).toBe(INSTANCE_TYPE);
  });

  test("App Runner creates are scoped to the lab's name prefix, and the ARNs the runs created match it", () => {
    for (const action of [
      "apprunner:CreateService",
      "apprunner:CreateVpcConnector",
      "apprunner:TagResource",
    ]) {
      for (const s of granting(action)) {
        expect(
          list(s.Resource).every((r) =>
            /^arn:aws:apprunner:\*:\*:(service|vpcconnector)\/egress-lab-\*$/.test(r),
          ),
        ).toBe(true);
        expect(s.Condition?.["Null"]?.[`aws:RequestTag/${TAG}`]).toBe("false");
      }
    }
    const patterns = granting("apprunner:CreateService").flatMap((s) => list(s.Resource));
    expect(createdArns.length).toBeGreaterThanOrEqual(2);
    for (const arn of createdArns)
      expect(
        patterns.some((p) => arnMatches(p, arn)),
        arn,
      ).toBe(true);
    expect(
      patterns.some((p) => arnMatches(p, "arn:aws:apprunner:us-east-1:123456789012:service/prod-api/abc")),
    ).toBe(false);
  });

  test("ssm:GetParameters covers the AMI parameter the instance launches from, and nothing else", () => {
    const [ssm] = granting("ssm:GetParameters");
    const arn = `arn:aws:ssm:us-east-1::parameter${AL2023_ARM64_PARAMETER}`;
    expect(list(ssm?.Resource ?? []).some((p) => arnMatches(p, arn))).toBe(true);
    expect(
      list(ssm?.Resource ?? []).some((p) =>
        arnMatches(p, "arn:aws:ssm:us-east-1:123456789012:parameter/prod/db-password"),
      ),
    ).toBe(false);
  });
});
