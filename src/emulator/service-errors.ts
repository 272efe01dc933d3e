// The codes each service answers with when the emulator refuses a request before its handler runs:
// a denied action, an injected throttle or server error, a request that breaks the API model, and a
// member the model allows that the emulator does not act on. One table, so that a new service is one
// entry. Sources: each service's botocore model (the errors its operations list) and API reference
// ("Common errors"): EC2 UnauthorizedOperation / RequestLimitExceeded / InternalError; STS
// AccessDenied / Throttling / InternalFailure; App Runner and ECS AccessDeniedException /
// ThrottlingException / InternalServiceErrorException or ServerException; Lambda
// AccessDeniedException / TooManyRequestsException / ServiceException. Lambda reports model
// violations as ValidationException ("1 validation error detected: ..." replies quoted in
// aarondfrancis/sidecar#147 and excamera/mu#6); ECS reports bad parameters as
// InvalidParameterException (its models' only parameter error; the reply for a model violation
// itself was not available to copy, so that code is an assumption).

import type { ServiceName } from "./context.ts";
import type { AwsErrorCode } from "./errors.ts";

export interface ServiceErrors {
  accessDenied: { code: AwsErrorCode; status: number };
  throttled: { code: AwsErrorCode; status: number; message: string };
  serverError: { code: AwsErrorCode; message: string };
  /** A request that breaks the model (JSON services; EC2 and STS have their own per-rule codes). */
  validation: AwsErrorCode;
  /** A member the model allows but the emulator does not model. */
  notModelled: AwsErrorCode;
}

export const SERVICE_ERRORS: Record<ServiceName, ServiceErrors> = {
  ec2: {
    accessDenied: { code: "UnauthorizedOperation", status: 403 },
    throttled: { code: "RequestLimitExceeded", status: 503, message: "Request limit exceeded." },
    serverError: { code: "InternalError", message: "An internal error has occurred" },
    validation: "InvalidParameterValue",
    notModelled: "UnsupportedOperation",
  },
  sts: {
    accessDenied: { code: "AccessDenied", status: 403 },
    throttled: { code: "Throttling", status: 400, message: "Rate exceeded" },
    serverError: { code: "InternalFailure", message: "An internal error has occurred" },
    validation: "ValidationError",
    notModelled: "ValidationError",
  },
  apprunner: {
    accessDenied: { code: "AccessDeniedException", status: 400 },
    throttled: { code: "ThrottlingException", status: 429, message: "Rate exceeded" },
    serverError: { code: "InternalServiceErrorException", message: "An internal service error has occurred" },
    validation: "InvalidRequestException",
    notModelled: "InvalidRequestException",
  },
  lambda: {
    accessDenied: { code: "AccessDeniedException", status: 403 },
    throttled: { code: "TooManyRequestsException", status: 429, message: "Rate exceeded" },
    serverError: { code: "ServiceException", message: "An internal service error has occurred" },
    validation: "ValidationException",
    notModelled: "InvalidParameterValueException",
  },
  ecs: {
    accessDenied: { code: "AccessDeniedException", status: 400 },
    throttled: { code: "ThrottlingException", status: 400, message: "Rate exceeded" },
    serverError: { code: "ServerException", message: "An internal service error has occurred" },
    validation: "InvalidParameterException",
    notModelled: "InvalidParameterException",
  },
};
