// Service and operation statuses, computed from the clock (no timers): an operation is IN_PROGRESS
// until its end time, then SUCCEEDED or FAILED; the service is OPERATION_IN_PROGRESS meanwhile, then
// RUNNING, CREATE_FAILED or DELETED by the last operation's outcome. A deleted service stays
// describable (Status DELETED) for a while, then DescribeService answers ResourceNotFoundException.

import type { OperationRecord, ServiceConfiguration, ServiceRecord } from "./state.ts";

export type ServiceStatus = "CREATE_FAILED" | "RUNNING" | "DELETED" | "OPERATION_IN_PROGRESS";

export function computeOperationStatus(
  operation: OperationRecord,
  now: number,
): "IN_PROGRESS" | "SUCCEEDED" | "FAILED" {
  if (now < operation.endsAt) return "IN_PROGRESS";
  return operation.fails ? "FAILED" : "SUCCEEDED";
}

export function computeServiceStatus(service: ServiceRecord, now: number): ServiceStatus {
  const last = service.operations[service.operations.length - 1];
  if (last === undefined) return "RUNNING";
  const status = computeOperationStatus(last, now);
  if (status === "IN_PROGRESS") return "OPERATION_IN_PROGRESS";
  if (last.type === "DELETE_SERVICE") return "DELETED";
  if (last.type === "CREATE_SERVICE" && status === "FAILED") return "CREATE_FAILED";
  return "RUNNING";
}

/** When the service was deleted (the delete operation's end), or null. */
export function deletedAt(service: ServiceRecord, now: number): number | null {
  const last = service.operations[service.operations.length - 1];
  if (last?.type !== "DELETE_SERVICE" || now < last.endsAt) return null;
  return last.endsAt;
}

/** The service's configuration: the previous one again once an update has failed (rolled back). */
export function currentConfiguration(service: ServiceRecord, now: number): ServiceConfiguration {
  const last = service.operations[service.operations.length - 1];
  if (last?.type === "UPDATE_SERVICE" && computeOperationStatus(last, now) === "FAILED")
    return service.previousConfiguration ?? service.configuration;
  return service.configuration;
}

/** The configuration that answers requests now: the old one while an update deploys. */
export function servingConfiguration(service: ServiceRecord, now: number): ServiceConfiguration | null {
  const status = computeServiceStatus(service, now);
  if (status === "RUNNING") return currentConfiguration(service, now);
  const last = service.operations[service.operations.length - 1];
  if (status === "OPERATION_IN_PROGRESS" && last?.type === "UPDATE_SERVICE")
    return service.previousConfiguration;
  return null;
}
