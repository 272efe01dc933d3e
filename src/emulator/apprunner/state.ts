// App Runner state of one account in one region. Plain data (Maps and arrays) so that the control
// route /_emulator/state can dump it. Statuses are not stored: they are computed from the clock
// (./service-status.ts), like the NAT gateway states of the EC2 part.

export type Tags = Map<string, string>;

export interface VpcConnectorRecord {
  name: string;
  arn: string;
  revision: number;
  subnets: string[];
  securityGroups: string[];
  createdAt: number;
  /** Set by DeleteVpcConnector: the connector is INACTIVE from then on. */
  deletedAt: number | null;
  tags: Tags;
}

export type OperationType = "CREATE_SERVICE" | "UPDATE_SERVICE" | "DELETE_SERVICE";

export interface OperationRecord {
  id: string;
  type: OperationType;
  targetArn: string;
  startedAt: number;
  /** When the operation finishes (SUCCEEDED, or FAILED when `fails`). */
  endsAt: number;
  fails: boolean;
}

/** The parts of a service that App Runner's API echoes back, in its own shape. */
export interface ServiceConfiguration {
  sourceConfiguration: Record<string, unknown>;
  instanceConfiguration: { Cpu: string; Memory: string; InstanceRoleArn?: string };
  healthCheckConfiguration: Record<string, unknown>;
  egress: { EgressType: "DEFAULT" | "VPC"; VpcConnectorArn?: string };
  isPubliclyAccessible: boolean;
}

export interface ServiceRecord {
  serviceId: string;
  name: string;
  arn: string;
  /** Host name only, as ServiceUrl: `<10 chars>.<region>.awsapprunner.com`. */
  url: string;
  createdAt: number;
  /** The configuration being deployed (or deployed). */
  configuration: ServiceConfiguration;
  /** The configuration that serves while an update is in progress. */
  previousConfiguration: ServiceConfiguration | null;
  /** Newest last. */
  operations: OperationRecord[];
  tags: Tags;
  /** Round-robin counter over the connector's subnets for workload requests. */
  requestCount: number;
}

export interface AppRunnerState {
  region: string;
  /** By ARN. */
  vpcConnectors: Map<string, VpcConnectorRecord>;
  /** By ARN. */
  services: Map<string, ServiceRecord>;
  /**
   * App Runner's ENIs in your subnets: one per (subnet, security groups), shared by every connector
   * with the same subnet and groups (network-vpc.html). Key: `${subnetId}|${sorted group IDs}`.
   */
  connectorEnis: Map<string, { networkInterfaceId: string; subnetId: string; groupIds: string[] }>;
}

export function createAppRunnerState(region: string): AppRunnerState {
  return { region, vpcConnectors: new Map(), services: new Map(), connectorEnis: new Map() };
}
