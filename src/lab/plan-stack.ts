// The lab's stack as data: what to create, with which dependencies. buildStack runs it in dependency
// order (in parallel where nothing depends on each other), teardownStack walks it backwards, and
// --dry-run prints it. No I/O here, so the plan is unit-tested without AWS or the emulator.

export type NotebookId = "01-without-nat" | "02-with-nat";
export type WorkloadKind = "apprunner" | "instance" | "none";
export type WorkloadChoice = WorkloadKind | "auto";

export type PlannedResource =
  | { kind: "vpc"; cidr: string }
  | { kind: "subnet"; cidr: string; azIndex: number; isPublic: boolean }
  | { kind: "security-group" }
  | { kind: "route-table"; isPublic: boolean; subnetKeys: string[] }
  | { kind: "internet-gateway" }
  | { kind: "elastic-ip" }
  | { kind: "nat-gateway"; subnetKey: string; elasticIpKey: string }
  | { kind: "default-route"; routeTableKey: string; targetKey: string }
  | { kind: "vpc-connector"; subnetKeys: string[]; securityGroupKey: string }
  | { kind: "service"; connectorKey: string }
  | { kind: "instance"; subnetKey: string; securityGroupKey: string };

export type ResourceKind = PlannedResource["kind"];

export type PlannedStep = PlannedResource & {
  /** Unique within the plan: "vpc", "private-subnet-1", ... */
  key: string;
  /** The Name tag (and App Runner name). */
  name: string;
  /** Keys that must exist first. */
  dependsOn: string[];
  /** "fix": created later in the story (02 adds the private default route after the first probe). */
  phase: "build" | "fix";
  /** One line for people. */
  summary: string;
};

export interface StackPlan {
  stackName: string;
  notebook: NotebookId;
  workload: WorkloadKind;
  vpcCidr: string;
  steps: PlannedStep[];
}

export interface PlanOptions {
  notebook: NotebookId;
  stackName: string;
  workload: WorkloadKind;
  /** Private subnets, one per AZ: AWS recommends at least three for a connector; two keep the lab small. */
  azCount?: number;
  /** 02 only: leave the private default route for a later "fix" phase so the story shows the failure first. */
  showFix?: boolean;
}

/** 10.x so that the lab never overlaps the default VPC (172.31.0.0/16). */
export const LAB_VPC_CIDR: Record<NotebookId, string> = {
  "01-without-nat": "10.41.0.0/16",
  "02-with-nat": "10.42.0.0/16",
};

export function planStack(options: PlanOptions): StackPlan {
  const { stackName, notebook, workload } = options;
  const azCount = options.azCount ?? 2;
  if (azCount < 1 || azCount > 6) throw new RangeError(`azCount must be 1-6, got ${azCount}`);
  const vpcCidr = LAB_VPC_CIDR[notebook];
  const prefix = vpcCidr.split(".").slice(0, 2).join(".");
  const steps: PlannedStep[] = [];
  const add = (step: PlannedStep) => steps.push(step);
  const name = (suffix: string) => `${stackName}-${suffix}`;

  add({
    key: "vpc",
    kind: "vpc",
    cidr: vpcCidr,
    name: name("vpc"),
    dependsOn: [],
    phase: "build",
    summary: `VPC ${vpcCidr} with DNS support`,
  });
  const privateKeys: string[] = [];
  for (let i = 1; i <= azCount; i++) {
    const key = `private-subnet-${i}`;
    privateKeys.push(key);
    add({
      key,
      kind: "subnet",
      cidr: `${prefix}.${i}.0/24`,
      azIndex: i - 1,
      isPublic: false,
      name: name(`private-${i}`),
      dependsOn: ["vpc"],
      phase: "build",
      summary: `private subnet ${prefix}.${i}.0/24 in AZ #${i}`,
    });
  }
  add({
    key: "security-group",
    kind: "security-group",
    name: name("egress"),
    dependsOn: ["vpc"],
    phase: "build",
    summary: "security group allowing all outbound traffic (no inbound rules)",
  });
  add({
    key: "private-route-table",
    kind: "route-table",
    isPublic: false,
    subnetKeys: privateKeys,
    name: name("private"),
    dependsOn: ["vpc", ...privateKeys],
    phase: "build",
    summary: "private route table (local route only), associated with the private subnets",
  });

  if (notebook === "02-with-nat") {
    add({
      key: "public-subnet",
      kind: "subnet",
      cidr: `${prefix}.0.0/24`,
      azIndex: 0,
      isPublic: true,
      name: name("public"),
      dependsOn: ["vpc"],
      phase: "build",
      summary: `public subnet ${prefix}.0.0/24 in AZ #1 (for the NAT gateway)`,
    });
    add({
      key: "internet-gateway",
      kind: "internet-gateway",
      name: name("igw"),
      dependsOn: ["vpc"],
      phase: "build",
      summary: "internet gateway, attached to the VPC",
    });
    add({
      key: "public-route-table",
      kind: "route-table",
      isPublic: true,
      subnetKeys: ["public-subnet"],
      name: name("public"),
      dependsOn: ["vpc", "public-subnet"],
      phase: "build",
      summary: "public route table, associated with the public subnet",
    });
    add({
      key: "public-default-route",
      kind: "default-route",
      routeTableKey: "public-route-table",
      targetKey: "internet-gateway",
      name: name("public-default"),
      dependsOn: ["public-route-table", "internet-gateway"],
      phase: "build",
      summary: "public route 0.0.0.0/0 -> internet gateway",
    });
    add({
      key: "elastic-ip",
      kind: "elastic-ip",
      name: name("nat-eip"),
      dependsOn: [],
      phase: "build",
      summary: "Elastic IP for the NAT gateway",
    });
    add({
      key: "nat-gateway",
      kind: "nat-gateway",
      subnetKey: "public-subnet",
      elasticIpKey: "elastic-ip",
      name: name("nat"),
      // A public NAT gateway needs the VPC's internet gateway attached (else it fails); the route
      // is not required to create it but is to work, so wait for it too.
      dependsOn: ["public-subnet", "elastic-ip", "internet-gateway", "public-default-route"],
      phase: "build",
      summary: "NAT gateway in the public subnet with the Elastic IP (waits until available)",
    });
    add({
      key: "private-default-route",
      kind: "default-route",
      routeTableKey: "private-route-table",
      targetKey: "nat-gateway",
      name: name("private-default"),
      dependsOn: ["private-route-table", "nat-gateway"],
      phase: options.showFix === false ? "build" : "fix",
      summary: "private route 0.0.0.0/0 -> NAT gateway (the fix)",
    });
  }

  if (workload === "apprunner") {
    add({
      key: "vpc-connector",
      kind: "vpc-connector",
      subnetKeys: privateKeys,
      securityGroupKey: "security-group",
      name: name("connector"),
      dependsOn: [...privateKeys, "security-group"],
      phase: "build",
      summary: "App Runner VPC connector on the private subnets",
    });
    add({
      key: "service",
      kind: "service",
      connectorKey: "vpc-connector",
      name: name("probe"),
      dependsOn: ["vpc-connector"],
      phase: "build",
      summary: "App Runner service (node:24-alpine, 0.25 vCPU / 0.5 GB, egress VPC) running the probe app",
    });
  } else if (workload === "instance") {
    add({
      key: "instance",
      kind: "instance",
      subnetKey: "private-subnet-1",
      securityGroupKey: "security-group",
      name: name("probe"),
      dependsOn: ["private-subnet-1", "security-group", "private-route-table"],
      phase: "build",
      summary: "EC2 instance t4g.nano (Amazon Linux 2023 arm64), no public IP, user data = the egress probe",
    });
  }
  checkPlan(steps);
  return { stackName, notebook, workload, vpcCidr, steps };
}

/** Every dependency names a step of the plan, and there is no cycle. */
export function checkPlan(steps: readonly PlannedStep[]): void {
  const keys = new Set(steps.map((step) => step.key));
  if (keys.size !== steps.length) throw new Error("plan has duplicate keys");
  for (const step of steps) {
    for (const dep of step.dependsOn) {
      if (!keys.has(dep)) throw new Error(`plan step ${step.key} depends on unknown ${dep}`);
    }
  }
  orderSteps(steps);
}

/** Dependency order (Kahn's algorithm), stable with respect to the plan's own order. */
export function orderSteps<T extends { key: string; dependsOn: string[] }>(steps: readonly T[]): T[] {
  const done = new Set<string>();
  const ordered: T[] = [];
  let remaining = [...steps];
  while (remaining.length > 0) {
    const ready = remaining.filter((step) =>
      step.dependsOn.every((dep) => done.has(dep) || !steps.some((s) => s.key === dep)),
    );
    if (ready.length === 0)
      throw new Error(`plan has a dependency cycle among ${remaining.map((s) => s.key).join(", ")}`);
    for (const step of ready) {
      ordered.push(step);
      done.add(step.key);
    }
    remaining = remaining.filter((step) => !done.has(step.key));
  }
  return ordered;
}

/** A stack name that is unique per run and fits App Runner's 4-40 character names once suffixed. */
export function makeStackName(notebook: NotebookId, random: () => number = Math.random): string {
  const suffix = Math.floor(random() * 0xffffff)
    .toString(16)
    .padStart(6, "0");
  return `egress-lab-${notebook.slice(0, 2)}-${suffix}`;
}
