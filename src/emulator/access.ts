// Actions the emulated identity may not call, as an IAM policy without them would refuse them
// (account setting `deniedActions`, patterns such as "apprunner:*" or "ec2:DeleteVpc"). Enough to
// test what the labs and cleanup do when part of their policy is missing; not an IAM evaluator
// (no resources or conditions). Error codes by protocol: EC2 answers UnauthorizedOperation (403,
// EC2 API reference, "Common client error codes"); JSON services AccessDeniedException; STS
// AccessDenied. The message follows AWS's "User: … is not authorized to perform: …" wording.

import type { ServiceName } from "./context.ts";
import type { Emulator } from "./emulator.ts";
import { AwsError } from "./errors.ts";
import { SERVICE_ERRORS } from "./service-errors.ts";

export function isDenied(patterns: readonly string[], iamAction: string): boolean {
  return patterns.some((pattern) => {
    const expression = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "i");
    return expression.test(iamAction);
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Throws AWS's refusal when the account settings deny this action. */
export function checkAccess(emulator: Emulator, service: ServiceName, action: string, region: string): void {
  const iamAction = `${service}:${action}`;
  if (!isDenied(emulator.deniedActions, iamAction)) return;
  emulator.calls.push({ service, action, region, refused: "denied" });
  const who = `User: arn:aws:iam::${emulator.accountId}:user/emulator is not authorized to perform: ${iamAction}`;
  const why = `because no identity-based policy allows the ${iamAction} action`;
  if (service === "ec2")
    throw new AwsError(
      "UnauthorizedOperation",
      `You are not authorized to perform this operation. ${who} ${why}`,
      403,
    );
  const { code, status } = SERVICE_ERRORS[service].accessDenied;
  throw new AwsError(code, `${who} ${why}`, status);
}
