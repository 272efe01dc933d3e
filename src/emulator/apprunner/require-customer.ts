// "Not an App Runner customer": since 30 April 2026 App Runner accepts no new customers (Developer
// Guide, apprunner-availability-change.html; terraform-provider-aws issue 47161). What such an
// account sees from the API is not documented anywhere we could find. The closest precedent, AWS
// CodeCommit after it closed to new customers (July 2024), refused the first create call with a
// modeled client error ("CreateRepository request is not allowed because there is no existing
// repository in this AWS account or AWS Organization"). App Runner's model has one generic client
// error for CreateService and CreateVpcConnector, InvalidRequestException, so the emulator answers
// that, with a message naming the availability change. *Unverified* against a real new account;
// describe and list calls keep working (they simply find nothing).

import type { RequestContext } from "../context.ts";
import { AwsError } from "../errors.ts";

export function requireAppRunnerCustomer(ctx: RequestContext): void {
  if (ctx.emulator.appRunnerCustomer) return;
  throw new AwsError(
    "InvalidRequestException",
    `${ctx.action} request is not allowed: AWS App Runner is no longer open to new customers and this account is not an existing App Runner customer. See https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html (consider Amazon ECS Express Mode).`,
  );
}
