// ECS state of one account in one region: clusters, task definitions and services, with the
// network configuration a Fargate service gives its tasks. The emulator runs no tasks. Plain data,
// so that /_emulator/state can dump it.

export interface EcsTag {
  key: string;
  value: string;
}

export interface ClusterRecord {
  name: string;
  arn: string;
  /** Deleted clusters stay listed as INACTIVE, as DescribeClusters shows them. */
  status: "ACTIVE" | "INACTIVE";
  tags: EcsTag[];
}

export interface ContainerDefinition {
  name: string;
  image: string;
  essential?: boolean;
  portMappings?: { containerPort?: number; protocol?: string }[];
}

export interface TaskDefinitionRecord {
  family: string;
  revision: number;
  arn: string;
  networkMode: string;
  requiresCompatibilities: string[];
  cpu?: string;
  memory?: string;
  executionRoleArn?: string;
  taskRoleArn?: string;
  containerDefinitions: ContainerDefinition[];
  /** Whether it can run on Fargate: awsvpc with task-level cpu and memory. */
  fargateCompatible: boolean;
  registeredAt: number;
}

export interface AwsVpcConfigurationRecord {
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: "ENABLED" | "DISABLED";
}

export interface EcsServiceRecord {
  name: string;
  arn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  desiredCount: number;
  launchType: "FARGATE";
  network: AwsVpcConfigurationRecord;
  /** DeleteService answers DRAINING; the emulator has no tasks to drain, so it is INACTIVE at once. */
  status: "ACTIVE" | "INACTIVE";
  createdAt: number;
}

export interface EcsState {
  /** By cluster name. */
  clusters: Map<string, ClusterRecord>;
  /** By family, revisions in order (revision n at index n - 1). */
  taskDefinitions: Map<string, TaskDefinitionRecord[]>;
  /** By cluster name, then service name. */
  services: Map<string, Map<string, EcsServiceRecord>>;
}

export function createEcsState(): EcsState {
  return { clusters: new Map(), taskDefinitions: new Map(), services: new Map() };
}
