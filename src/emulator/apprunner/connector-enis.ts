// App Runner's network interfaces in your subnets. network-vpc.html: "when you create a VPC
// Connector, the App Runner service creates a Hyperplane ENI in each of the subnets. Each Hyperplane
// ENI is assigned a private IP address only and is tagged with a tag of the AWSAppRunnerManaged
// key"; connectors with the same subnets and security groups share them.
// Attributes: the ENIs are created in your account by App Runner's service-linked role
// (AWSServiceRoleForAppRunnerNetworking, whose policy allows ec2:CreateNetworkInterface only with the
// AWSAppRunnerManaged tag: Developer Guide, using-service-linked-roles-networking.html). The emulator
// shows them as requester-managed and in use, as Hyperplane ENIs of other services (Lambda) appear,
// with interface type "interface". The tag's value and the description are not documented
// (*unverified*): the emulator uses "true" and "AWS App Runner VPC connector ENI".
// Release: the ENIs stay for a while after their last connector is deleted (the clock's
// connectorEniReleased; its figure is unverified, see clock.ts), and meanwhile their subnets and
// security groups cannot be deleted (DependencyViolation), as with Lambda's Hyperplane ENIs. A new
// connector with the same subnet and groups takes the pending ENI back.

import { createNetworkInterface, type Ec2State } from "../ec2/state.ts";
import type { Emulator } from "../emulator.ts";
import type { AppRunnerState } from "./state.ts";

export const CONNECTOR_ENI_TAG = "AWSAppRunnerManaged";
export const CONNECTOR_ENI_DESCRIPTION = "AWS App Runner VPC connector ENI";

function eniKey(subnetId: string, groupIds: string[]): string {
  return `${subnetId}|${[...groupIds].sort().join(",")}`;
}

/** The ENI for this subnet and groups: the shared one if it exists, else a new one. */
export function ensureConnectorEni(
  state: AppRunnerState,
  ec2: Ec2State,
  emulator: Emulator,
  subnetId: string,
  groupIds: string[],
): string {
  const key = eniKey(subnetId, groupIds);
  const existing = state.connectorEnis.get(key);
  if (existing && ec2.networkInterfaces.has(existing.networkInterfaceId)) return existing.networkInterfaceId;
  // An ENI of a deleted connector that App Runner has not released yet is taken back.
  const now = emulator.clock.now();
  for (const record of ec2.networkInterfaces.values()) {
    if (record.releaseAt === undefined || record.releaseAt <= now || record.subnetId !== subnetId) continue;
    if (
      eniKey(subnetId, record.groupIds) !== key ||
      !ec2.tags.get(record.networkInterfaceId)?.has(CONNECTOR_ENI_TAG)
    )
      continue;
    delete record.releaseAt;
    state.connectorEnis.set(key, {
      networkInterfaceId: record.networkInterfaceId,
      subnetId,
      groupIds: [...groupIds],
    });
    return record.networkInterfaceId;
  }
  const eni = createNetworkInterface(ec2, emulator, {
    subnetId,
    groupIds,
    description: CONNECTOR_ENI_DESCRIPTION,
    interfaceType: "interface",
    requesterManaged: true,
    tags: [{ key: CONNECTOR_ENI_TAG, value: "true" }],
  });
  state.connectorEnis.set(key, {
    networkInterfaceId: eni.networkInterfaceId,
    subnetId,
    groupIds: [...groupIds],
  });
  return eni.networkInterfaceId;
}

/** The ENI a connector uses in a subnet (undefined when it is gone). */
export function findConnectorEni(
  state: AppRunnerState,
  subnetId: string,
  groupIds: string[],
): string | undefined {
  return state.connectorEnis.get(eniKey(subnetId, groupIds))?.networkInterfaceId;
}

/**
 * Schedules the release of the ENIs that no ACTIVE connector uses any more: they leave App Runner's
 * table at once and stay in EC2 until connectorEniReleased.
 */
export function releaseUnusedConnectorEnis(state: AppRunnerState, ec2: Ec2State, emulator: Emulator): void {
  const used = new Set<string>();
  for (const connector of state.vpcConnectors.values()) {
    if (connector.deletedAt !== null) continue;
    for (const subnetId of connector.subnets) used.add(eniKey(subnetId, connector.securityGroups));
  }
  for (const [key, eni] of state.connectorEnis) {
    if (used.has(key)) continue;
    state.connectorEnis.delete(key);
    const record = ec2.networkInterfaces.get(eni.networkInterfaceId);
    if (record !== undefined) record.releaseAt ??= emulator.clock.dueAt("connectorEniReleased");
  }
}
