// Reads a CloudFormation template (JSON form: parse YAML with parseCloudFormationYaml first, or
// take a CDK app's synthesised template) into the egress model's topology. Resources get synthetic
// IDs; intrinsic functions are evaluated with the given parameters and fake AZ names.
// Property names: CloudFormation User Guide, aws-resource-ec2-*.html and aws-resource-apprunner-*.html.

import {
  buildCloudFormationResource,
  buildCloudFormationWorkload,
  RESOURCE_ORDER,
  WORKLOAD_TYPES,
} from "./build-cloudformation-resource.ts";
import type { RecipeReading } from "./recipe-reading.ts";
import {
  evaluateConditionExpression,
  type IntrinsicContext,
  resolveIntrinsics,
} from "./resolve-cloudformation-intrinsics.ts";
import { createSyntheticIds, listFakeAvailabilityZones, SYNTHETIC_ACCOUNT_ID } from "./synthetic-ids.ts";
import { expectObject, expectString, isObject, type JsonObject } from "./template-values.ts";
import { createTopologyDraft, finishTopology } from "./topology-draft.ts";

export interface ReadCloudFormationOptions {
  /** Parameter values by name; others take their Default. */
  parameters?: Record<string, string>;
  /** Default us-east-1. */
  region?: string;
  stackName?: string;
  /** What Fn::GetAZs returns; default three fake names such as us-east-1a, us-east-1b, us-east-1c. */
  availabilityZones?: string[];
  /**
   * For values only known at deployment (a parameter without a value or Default, Fn::ImportValue):
   * returns a placeholder standing in for it. Absent: such values are errors.
   */
  unresolvedValue?: (what: string) => string;
}

export interface ResourceEntry {
  logicalId: string;
  type: string;
  properties: JsonObject;
}

/** Physical values of a resource: what Ref returns and its Fn::GetAtt attributes. */
export interface ResourceIdentity {
  ref: string;
  attributes: Record<string, () => unknown>;
}

export function readCloudFormationTemplate(
  template: unknown,
  options: ReadCloudFormationOptions = {},
): RecipeReading {
  const root = expectObject(template, "template");
  const region = options.region ?? "us-east-1";
  const stackName = options.stackName ?? "egress-recipe";
  const ids = createSyntheticIds(region);
  const draft = createTopologyDraft();
  const resources = expectObject(root["Resources"], "template Resources");
  const conditions = isObject(root["Conditions"]) ? root["Conditions"] : {};
  const parameters = isObject(root["Parameters"]) ? root["Parameters"] : {};
  const conditionValues = new Map<string, boolean>();
  const identities = new Map<string, ResourceIdentity>();
  const resolving = new Set<string>();

  const context: IntrinsicContext = {
    ref(name) {
      const pseudo: Record<string, string> = {
        "AWS::Region": region,
        "AWS::AccountId": SYNTHETIC_ACCOUNT_ID,
        "AWS::StackName": stackName,
        "AWS::Partition": "aws",
        "AWS::URLSuffix": "amazonaws.com",
        "AWS::StackId": `arn:aws:cloudformation:${region}:${SYNTHETIC_ACCOUNT_ID}:stack/${stackName}/synthetic`,
      };
      if (name in pseudo) return pseudo[name];
      if (name in parameters) return parameterValue(name, parameters[name], options);
      const identity = identities.get(name);
      if (identity === undefined) throw new Error(`Ref ${name}: no such parameter or (active) resource.`);
      return identity.ref;
    },
    getAtt(logicalId, attribute) {
      const read = identities.get(logicalId)?.attributes[attribute];
      if (read === undefined) throw new Error(`Fn::GetAtt ${logicalId}.${attribute} is not supported.`);
      const key = `${logicalId}.${attribute}`;
      if (resolving.has(key)) throw new Error(`Fn::GetAtt ${key} depends on itself.`);
      resolving.add(key);
      try {
        return read();
      } finally {
        resolving.delete(key);
      }
    },
    evaluateCondition(name) {
      const known = conditionValues.get(name);
      if (known !== undefined) return known;
      if (!(name in conditions)) throw new Error(`Condition ${name} is not defined in the template.`);
      const value = evaluateConditionExpression(conditions[name], context);
      conditionValues.set(name, value);
      return value;
    },
    availabilityZones: (zoneRegion) => options.availabilityZones ?? listFakeAvailabilityZones(zoneRegion),
    ...(options.unresolvedValue === undefined
      ? {}
      : {
          importValue: (name: string) =>
            options.unresolvedValue?.(`Fn::ImportValue ${name} (another stack's export)`),
        }),
  };

  const entries: ResourceEntry[] = [];
  for (const [logicalId, body] of Object.entries(resources)) {
    const resource = expectObject(body, `Resources.${logicalId}`);
    const condition = resource["Condition"];
    if (
      condition !== undefined &&
      !context.evaluateCondition(expectString(condition, `${logicalId}.Condition`))
    )
      continue;
    const type = expectString(resource["Type"], `Resources.${logicalId}.Type`);
    const properties = isObject(resource["Properties"]) ? resource["Properties"] : {};
    entries.push({ logicalId, type, properties });
  }
  const resolveProperty = (entry: ResourceEntry, name: string) =>
    resolveIntrinsics(entry.properties[name], context);
  for (const entry of entries) {
    identities.set(
      entry.logicalId,
      identifyResource(entry, ids, region, (name) => resolveProperty(entry, name)),
    );
  }

  const ordered = [...entries].sort((a, b) => rank(a.type) - rank(b.type));
  for (const entry of ordered) {
    const identity = identities.get(entry.logicalId);
    if (identity === undefined) continue;
    const allocationId = identity.attributes["AllocationId"]?.();
    draft.ids[entry.logicalId] = typeof allocationId === "string" ? allocationId : identity.ref;
    if (WORKLOAD_TYPES.includes(entry.type)) {
      buildCloudFormationWorkload(draft, entry, (name) => resolveProperty(entry, name));
      continue;
    }
    // Only the network's types are read: the others may refer to attributes the reader does not model.
    if (!RESOURCE_ORDER.includes(entry.type)) continue;
    const properties = expectObject(resolveIntrinsics(entry.properties, context), entry.logicalId);
    buildCloudFormationResource(draft, { ...entry, properties }, identity);
  }
  return finishTopology(draft, ids);
}

function rank(type: string): number {
  const index = RESOURCE_ORDER.indexOf(type);
  return index === -1 ? RESOURCE_ORDER.length : index;
}

function parameterValue(
  name: string,
  declaration: unknown,
  options: ReadCloudFormationOptions,
): string | string[] {
  const value = options.parameters?.[name] ?? (isObject(declaration) ? declaration["Default"] : undefined);
  if (value === undefined && options.unresolvedValue !== undefined) {
    // A List<...> or CommaDelimitedList parameter stands for a list: one placeholder in it.
    const type = isObject(declaration) ? String(declaration["Type"] ?? "") : "";
    const token = options.unresolvedValue(`parameter ${name} (no value and no Default)`);
    return /^List<|CommaDelimitedList/.test(type) ? [token] : token;
  }
  if (value === undefined) throw new Error(`Parameter ${name} has no value and no Default.`);
  const text = expectString(value, `Parameter ${name}`);
  const allowed = isObject(declaration) ? declaration["AllowedValues"] : undefined;
  if (Array.isArray(allowed) && !allowed.map(String).includes(text))
    throw new Error(`Parameter ${name}: ${text} is not one of ${allowed.join(", ")}.`);
  return text;
}

// Synthetic physical IDs, assigned before any property is resolved so that references in any
// order work. Attributes read the resource's own (resolved) properties lazily.
function identifyResource(
  entry: ResourceEntry,
  ids: ReturnType<typeof createSyntheticIds>,
  region: string,
  property: (name: string) => unknown,
): ResourceIdentity {
  const self = (ref: string, attributes: Record<string, () => unknown> = {}): ResourceIdentity => ({
    ref,
    attributes,
  });
  switch (entry.type) {
    case "AWS::EC2::VPC": {
      const id = ids.nextId("vpc");
      return self(id, { VpcId: () => id, CidrBlock: () => property("CidrBlock") });
    }
    case "AWS::EC2::Subnet": {
      const id = ids.nextId("subnet");
      return self(id, {
        SubnetId: () => id,
        AvailabilityZone: () => property("AvailabilityZone"),
        CidrBlock: () => property("CidrBlock"),
        VpcId: () => property("VpcId"),
      });
    }
    case "AWS::EC2::RouteTable": {
      const id = ids.nextId("rtb");
      return self(id, { RouteTableId: () => id });
    }
    case "AWS::EC2::InternetGateway": {
      const id = ids.nextId("igw");
      return self(id, { InternetGatewayId: () => id });
    }
    case "AWS::EC2::NatGateway": {
      const id = ids.nextId("nat");
      return self(id, { NatGatewayId: () => id });
    }
    case "AWS::EC2::EIP": {
      // Ref of an EIP is its address; the allocation ID is an attribute.
      const publicIp = ids.nextPublicIp();
      const allocationId = ids.nextId("eipalloc");
      return self(publicIp, { AllocationId: () => allocationId, PublicIp: () => publicIp });
    }
    case "AWS::EC2::SecurityGroup": {
      const id = ids.nextId("sg");
      return self(id, { GroupId: () => id, VpcId: () => property("VpcId") });
    }
    case "AWS::AppRunner::VpcConnector": {
      const arn = ids.nextAppRunnerArn(
        "vpcconnector",
        String(property("VpcConnectorName") ?? entry.logicalId),
      );
      return self(arn, { VpcConnectorArn: () => arn, VpcConnectorRevision: () => 1 });
    }
    case "AWS::AppRunner::Service": {
      const name = String(property("ServiceName") ?? entry.logicalId);
      const arn = ids.nextAppRunnerArn("service", name);
      const serviceId = arn.slice(arn.lastIndexOf("/") + 1);
      return self(arn, {
        ServiceArn: () => arn,
        ServiceId: () => serviceId,
        ServiceUrl: () => `${serviceId.slice(0, 10)}.${region}.awsapprunner.com`,
      });
    }
    default:
      return self(ids.nextId(entry.logicalId.toLowerCase().slice(0, 12)));
  }
}
