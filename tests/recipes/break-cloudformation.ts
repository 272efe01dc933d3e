// Broken variants of a CloudFormation template (JSON form), made by editing the parsed template so
// that the same reader reads them. Works for the hand-written YAML and for CDK's output alike.

type Template = {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Condition?: string }>;
};

const ref = (value: unknown): string | undefined =>
  typeof value === "object" && value !== null && "Ref" in value
    ? String((value as { Ref: unknown }).Ref)
    : undefined;

function copy(template: unknown): Template {
  return structuredClone(template) as Template;
}

function resourcesOf(template: Template, type: string) {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** Logical IDs of subnets whose route table has a route with the given target property. */
export function findSubnetsRoutedBy(
  template: unknown,
  targetProperty: "GatewayId" | "NatGatewayId",
): string[] {
  const parsed = template as Template;
  const tables = new Set(
    resourcesOf(parsed, "AWS::EC2::Route")
      .filter(([, route]) => route.Properties?.[targetProperty] !== undefined)
      .map(([, route]) => ref(route.Properties?.["RouteTableId"])),
  );
  return resourcesOf(parsed, "AWS::EC2::SubnetRouteTableAssociation")
    .filter(([, association]) => tables.has(ref(association.Properties?.["RouteTableId"])))
    .map(([, association]) => ref(association.Properties?.["SubnetId"]) ?? "");
}

/** The trap: the VPC connector in the public subnets. */
export function moveConnectorToPublicSubnets(template: unknown): unknown {
  const result = copy(template);
  const publicSubnets = findSubnetsRoutedBy(result, "GatewayId").map((logicalId) => ({ Ref: logicalId }));
  for (const [, connector] of resourcesOf(result, "AWS::AppRunner::VpcConnector")) {
    connector.Properties = { ...connector.Properties, Subnets: publicSubnets };
  }
  return result;
}

/** No NAT gateway: the NATs, their Elastic IPs and the routes to them are removed. */
export function removeNatGateways(template: unknown): unknown {
  const result = copy(template);
  for (const [logicalId, resource] of Object.entries(result.Resources)) {
    const isNatRoute =
      resource.Type === "AWS::EC2::Route" && resource.Properties?.["NatGatewayId"] !== undefined;
    if (isNatRoute || resource.Type === "AWS::EC2::NatGateway" || resource.Type === "AWS::EC2::EIP")
      delete result.Resources[logicalId];
  }
  return result;
}

/** Each NAT gateway placed in a private subnet (one whose default route points at a NAT). */
export function moveNatGatewaysToPrivateSubnets(template: unknown): unknown {
  const result = copy(template);
  const privateSubnets = findSubnetsRoutedBy(result, "NatGatewayId");
  resourcesOf(result, "AWS::EC2::NatGateway").forEach(([, nat], index) => {
    nat.Properties = { ...nat.Properties, SubnetId: { Ref: privateSubnets[index % privateSubnets.length] } };
  });
  return result;
}
