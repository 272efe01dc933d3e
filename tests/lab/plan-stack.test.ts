import { describe, expect, test } from "vitest";
import { labTags, STACK_TAG_KEY } from "../../src/aws/tags.ts";
import {
  checkPlan,
  makeStackName,
  type NotebookId,
  orderSteps,
  type PlannedStep,
  planStack,
  type WorkloadKind,
} from "../../src/lab/plan-stack.ts";

const notebooks: NotebookId[] = ["01-without-nat", "02-with-nat"];
const workloads: WorkloadKind[] = ["apprunner", "instance", "none"];
const cases = notebooks.flatMap((notebook) => workloads.map((workload) => ({ notebook, workload })));

const kinds = (steps: readonly PlannedStep[]) => steps.map((step) => step.kind);

describe("planStack", () => {
  test.each(cases)(
    "$notebook/$workload: every dependency is a step that comes earlier in dependency order",
    ({ notebook, workload }) => {
      const plan = planStack({ notebook, workload, stackName: "egress-lab-01-abcdef" });
      const ordered = orderSteps(plan.steps);
      expect(ordered).toHaveLength(plan.steps.length);
      const seen = new Set<string>();
      for (const step of ordered) {
        for (const dep of step.dependsOn) expect(seen, `${step.key} after ${dep}`).toContain(dep);
        seen.add(step.key);
      }
    },
  );

  test.each(cases)(
    "$notebook/$workload: every step is named after the stack and tagged with it",
    ({ notebook, workload }) => {
      const plan = planStack({ notebook, workload, stackName: "egress-lab-02-123456" });
      for (const step of plan.steps) {
        expect(step.name.startsWith("egress-lab-02-123456-"), step.key).toBe(true);
        expect(labTags(plan.stackName, step.name)).toContainEqual({
          Key: STACK_TAG_KEY,
          Value: "egress-lab-02-123456",
        });
      }
      expect(new Set(plan.steps.map((step) => step.key)).size).toBe(plan.steps.length);
    },
  );

  test("01 has private subnets only: no NAT gateway, Elastic IP, internet gateway or public subnet", () => {
    const plan = planStack({ notebook: "01-without-nat", workload: "apprunner", stackName: "s" });
    expect(kinds(plan.steps)).not.toContain("nat-gateway");
    expect(kinds(plan.steps)).not.toContain("elastic-ip");
    expect(kinds(plan.steps)).not.toContain("internet-gateway");
    expect(kinds(plan.steps)).not.toContain("default-route");
    expect(plan.steps.filter((step) => step.kind === "subnet" && step.isPublic)).toEqual([]);
    expect(plan.vpcCidr).toBe("10.41.0.0/16");
  });

  test("02 has a NAT gateway with an Elastic IP in a public subnet routed to an internet gateway", () => {
    const plan = planStack({ notebook: "02-with-nat", workload: "apprunner", stackName: "s" });
    const byKey = new Map(plan.steps.map((step) => [step.key, step]));
    const nat = plan.steps.find((step) => step.kind === "nat-gateway");
    expect(nat).toBeDefined();
    if (nat?.kind !== "nat-gateway") return;
    expect(byKey.get(nat.elasticIpKey)?.kind).toBe("elastic-ip");
    const subnet = byKey.get(nat.subnetKey);
    expect(subnet?.kind === "subnet" && subnet.isPublic).toBe(true);
    const publicRoute = plan.steps.find(
      (step) => step.kind === "default-route" && byKey.get(step.targetKey)?.kind === "internet-gateway",
    );
    expect(publicRoute).toBeDefined();
    if (publicRoute?.kind !== "default-route") return;
    const table = byKey.get(publicRoute.routeTableKey);
    expect(table?.kind === "route-table" && table.subnetKeys).toEqual([nat.subnetKey]);
  });

  test("02 adds the private route to the NAT gateway in the fix phase, after the first probe", () => {
    const plan = planStack({ notebook: "02-with-nat", workload: "instance", stackName: "s" });
    const fix = plan.steps.filter((step) => step.phase === "fix");
    expect(fix).toHaveLength(1);
    expect(fix[0]).toMatchObject({
      kind: "default-route",
      routeTableKey: "private-route-table",
      targetKey: "nat-gateway",
    });
    const together = planStack({
      notebook: "02-with-nat",
      workload: "instance",
      stackName: "s",
      showFix: false,
    });
    expect(together.steps.every((step) => step.phase === "build")).toBe(true);
  });

  test("the workload decides between a connector and service, an instance, or nothing", () => {
    const of = (workload: WorkloadKind) =>
      kinds(planStack({ notebook: "01-without-nat", workload, stackName: "s" }).steps);
    expect(of("apprunner")).toEqual(expect.arrayContaining(["vpc-connector", "service"]));
    expect(of("apprunner")).not.toContain("instance");
    expect(of("instance")).toContain("instance");
    expect(of("instance")).not.toContain("vpc-connector");
    expect(of("none")).not.toEqual(expect.arrayContaining(["instance"]));
    expect(of("none").filter((kind) => ["vpc-connector", "service", "instance"].includes(kind))).toEqual([]);
  });

  test("the connector uses every private subnet, one per Availability Zone", () => {
    const plan = planStack({ notebook: "01-without-nat", workload: "apprunner", stackName: "s", azCount: 3 });
    const connector = plan.steps.find((step) => step.kind === "vpc-connector");
    expect(connector?.kind === "vpc-connector" && connector.subnetKeys).toEqual([
      "private-subnet-1",
      "private-subnet-2",
      "private-subnet-3",
    ]);
    expect(() =>
      planStack({ notebook: "01-without-nat", workload: "none", stackName: "s", azCount: 0 }),
    ).toThrow(RangeError);
  });
});

describe("checkPlan", () => {
  const step = (key: string, dependsOn: string[]): PlannedStep => ({
    kind: "security-group",
    key,
    name: key,
    dependsOn,
    phase: "build",
    summary: key,
  });

  test("rejects a dependency cycle", () => {
    expect(() => checkPlan([step("a", ["b"]), step("b", ["a"])])).toThrow(/cycle/);
  });

  test("rejects a dependency on a step that is not in the plan", () => {
    expect(() => checkPlan([step("a", ["missing"])])).toThrow(/unknown missing/);
  });
});

describe("makeStackName", () => {
  test("names the notebook and leaves room for App Runner's 40-character names", () => {
    expect(makeStackName("02-with-nat", () => 0.5)).toBe("egress-lab-02-7fffff");
    expect(`${makeStackName("01-without-nat", () => 0.999999)}-connector`.length).toBeLessThanOrEqual(40);
  });
});
