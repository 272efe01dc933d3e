// One error class carrying AWS's exact code, message and HTTP status. Handlers throw it; codecs
// serialise it in their protocol's shape (EC2 <Response><Errors>, JSON __type, Query <ErrorResponse>).

/**
 * Codes both Query-protocol services return (EC2 and STS): the request envelope's errors and the
 * shared parameter errors. RequestEntityTooLarge is the emulator's body limit, in every protocol.
 */
type QueryErrorCode =
  | "InvalidAction"
  | "InvalidParameterValue"
  | "MissingAction"
  | "MissingAuthenticationToken"
  | "MissingParameter"
  | "RequestEntityTooLarge";

/** The EC2 codes the emulator returns (EC2 API Reference, "Error codes"), including the ID lookups'. */
export type Ec2ErrorCode =
  | QueryErrorCode
  | "AddressLimitExceeded"
  | "AuthFailure"
  | "CannotDelete"
  | "DependencyViolation"
  | "DryRunOperation"
  | "DuplicateSubnetsInSameZone"
  | "DuplicateTransitGatewayAttachment"
  | "IncorrectState"
  | "Gateway.NotAttached"
  | "IdempotentParameterMismatch"
  | "IncorrectInstanceState"
  | "InsufficientFreeAddressesInSubnet"
  | "InternalError"
  | "InvalidAddress.NotFound"
  | "InvalidAllocationID.Malformed"
  | "InvalidAllocationID.NotFound"
  | "InvalidAMIID.Malformed"
  | "InvalidAMIID.NotFound"
  | "InvalidAssociationID.Malformed"
  | "InvalidAssociationID.NotFound"
  | "InvalidDhcpOptionID.NotFound"
  | "InvalidDhcpOptionsId.Malformed"
  | "InvalidGatewayID.NotFound"
  | "InvalidGroup.Duplicate"
  | "InvalidGroup.NotFound"
  | "InvalidGroupId.Malformed"
  | "InvalidID"
  | "InvalidInstanceID.Malformed"
  | "InvalidInstanceID.NotFound"
  | "InvalidEgressOnlyInternetGatewayId.Malformed"
  | "InvalidEgressOnlyInternetGatewayId.NotFound"
  | "InvalidInternetGatewayID.Malformed"
  | "InvalidInternetGatewayID.NotFound"
  | "InvalidIPAddress.InUse"
  | "InvalidNetworkAclEntry.NotFound"
  | "InvalidNetworkAclID.Malformed"
  | "InvalidNetworkAclID.NotFound"
  | "InvalidNetworkInterface.InUse"
  | "InvalidNetworkInterfaceID.Malformed"
  | "InvalidNetworkInterfaceID.NotFound"
  | "InvalidNextToken"
  | "InvalidParameter"
  | "InvalidParameterCombination"
  | "InvalidPermission.Duplicate"
  | "InvalidPermission.NotFound"
  | "InvalidPrefixListID.Malformed"
  | "InvalidPrefixListID.NotFound"
  | "InvalidRoute.NotFound"
  | "InvalidRouteTableID.Malformed"
  | "InvalidRouteTableID.NotFound"
  | "InvalidSecurityGroupRuleId.Malformed"
  | "InvalidSecurityGroupRuleId.NotFound"
  | "InvalidServiceName"
  | "InvalidSubnet.Conflict"
  | "InvalidSubnet.Range"
  | "InvalidSubnetID.Malformed"
  | "InvalidSubnetID.NotFound"
  | "InvalidStateTransition"
  | "InvalidTransitGatewayAttachmentID.Malformed"
  | "InvalidTransitGatewayAttachmentID.NotFound"
  | "InvalidTransitGatewayID.Malformed"
  | "InvalidTransitGatewayID.NotFound"
  | "InvalidVpcPeeringConnectionId.Malformed"
  | "InvalidVpcPeeringConnectionID.NotFound"
  | "InvalidVpc.Range"
  | "InvalidVpcEndpointId.Malformed"
  | "InvalidVpcEndpointId.NotFound"
  | "InvalidVpcID.Malformed"
  | "InvalidVpcID.NotFound"
  | "MissingInput"
  | "NatGatewayMalformed"
  | "NatGatewayNotFound"
  | "NetworkAclEntryAlreadyExists"
  | "RequestLimitExceeded"
  | "Resource.AlreadyAssociated"
  | "RouteAlreadyExists"
  | "RulesPerSecurityGroupLimitExceeded"
  | "TagLimitExceeded"
  | "TransitGatewayRouteTablePropagation.Duplicate"
  | "UnauthorizedOperation"
  | "UnknownParameter"
  | "Unsupported"
  | "UnsupportedOperation"
  | "VPCIdNotSpecified"
  | "VpcLimitExceeded";

/** The App Runner codes (JSON 1.0 protocol; App Runner API Reference, "Common errors" and each operation's). */
export type AppRunnerErrorCode =
  | "AccessDeniedException"
  | "InternalServiceErrorException"
  | "InvalidRequestException"
  | "InvalidStateException"
  | "MissingAuthenticationTokenException"
  | "RequestEntityTooLarge"
  | "ResourceNotFoundException"
  | "SerializationException"
  | "ThrottlingException"
  | "UnknownOperationException";

/** The STS codes (AWS Query protocol). */
export type StsErrorCode =
  | QueryErrorCode
  | "AccessDenied"
  | "InternalFailure"
  | "Throttling"
  | "ValidationError";

/** The Lambda codes (REST-JSON; botocore's lambda model lists each operation's, plus AWS's common ones). */
export type LambdaErrorCode =
  | "AccessDeniedException"
  | "InvalidParameterValueException"
  | "MissingAuthenticationTokenException"
  | "RequestEntityTooLarge"
  | "ResourceConflictException"
  | "ResourceNotFoundException"
  | "SerializationException"
  | "ServiceException"
  | "TooManyRequestsException"
  | "UnknownOperationException"
  | "ValidationException";

/** The ECS codes (JSON 1.1; botocore's ecs model lists each operation's). */
export type EcsErrorCode =
  | "AccessDeniedException"
  | "ClientException"
  | "ClusterContainsServicesException"
  | "ClusterNotFoundException"
  | "InvalidParameterException"
  | "ServerException"
  | "ServiceNotFoundException"
  | "ThrottlingException";

/** Every code the emulator returns: a typo in a `new AwsError(...)` fails the type check. */
export type AwsErrorCode = Ec2ErrorCode | AppRunnerErrorCode | StsErrorCode | LambdaErrorCode | EcsErrorCode;

export class AwsError extends Error {
  readonly code: AwsErrorCode;
  readonly status: number;
  /** "Sender" or "Receiver" (AWS Query protocols). */
  readonly fault: "Sender" | "Receiver";

  constructor(code: AwsErrorCode, message: string, status = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.fault = status >= 500 ? "Receiver" : "Sender";
  }
}

/** An action the emulator does not implement fails loudly, never silently succeeds. */
export function notImplemented(action: string): AwsError {
  return new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`, 400);
}

export function missingParameter(name: string): AwsError {
  return new AwsError("MissingParameter", `The request must contain the parameter ${name}`, 400);
}
