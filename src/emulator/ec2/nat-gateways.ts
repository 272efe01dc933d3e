// CreateNatGateway, DeleteNatGateway, DescribeNatGateways, and Associate/DisassociateNatGatewayAddress
// for regional gateways in manual mode: the request is read here, the gateway
// made in nat-gateway-model.ts (zonal or regional), the reply written here. A public zonal gateway
// takes an Elastic IP (AllocationId) and associates it with its requester-managed interface (type
// nat_gateway) in the subnet; a private one (ConnectivityType=private) has no Elastic IP; a regional
// one (AvailabilityMode=regional) spans the VPC's zones. States come from the clock
// (nat-lifecycle.ts); a deleted gateway stays listed with state "deleted".

import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError, missingParameter } from "../errors.ts";
import { honours } from "../models/honours.ts";
import { describeRecords } from "./describe.ts";
import type { Ec2Handler } from "./handler.ts";
import { getNatGateway } from "./lookups.ts";
import {
  associateZoneAddresses,
  type ChangedAddress,
  disassociateZoneAddresses,
  insertRegionalNatGateway,
  insertZonalNatGateway,
  regionalNatAddresses,
  type ZoneAddressInput,
} from "./nat-gateway-model.ts";
import { computeNatGatewayState, natFailure } from "./nat-lifecycle.ts";
import type { NatGatewayRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { readTagSpecifications, tagSetOf } from "./tagging.ts";

export function natGatewayXml(state: Ec2State, nat: NatGatewayRecord, now: number): Record<string, unknown> {
  const natState = computeNatGatewayState(state, nat, now);
  const failure = natState === "failed" ? natFailure(state, nat) : null;
  const common = {
    natGatewayId: nat.natGatewayId,
    vpcId: nat.vpcId,
    state: natState,
    connectivityType: nat.connectivityType,
    // Zonal gateways say "zonal" too: terraform-provider-aws (6.x) reads a zonal gateway's subnet
    // and addresses only when AvailabilityMode is "zonal" (docs/FACTS.md).
    availabilityMode: nat.availabilityMode,
    createTime: new Date(nat.createTime),
    deleteTime: nat.deleteTime === null ? undefined : new Date(nat.deleteTime),
    failureCode: failure?.failureCode,
    failureMessage: failure?.failureMessage,
    ...tagSetOf(state, nat.natGatewayId),
  };
  if (nat.regional !== null) {
    const auto = nat.regional.autoProvisionZones ? "enabled" : "disabled";
    return {
      ...common,
      autoProvisionZones: auto,
      autoScalingIps: auto,
      routeTableId: nat.regional.routeTableId,
      natGatewayAddressSet: regionalNatAddresses(nat, natState, now).map((address) => ({
        allocationId: address.allocationId ?? undefined,
        associationId: address.associationId ?? undefined,
        publicIp: address.publicIp,
        availabilityZone: address.availabilityZone,
        availabilityZoneId: address.availabilityZoneId,
        isPrimary: address.isPrimary,
        status: address.status,
      })),
    };
  }
  const address = nat.allocationId === null ? undefined : state.addresses.get(nat.allocationId);
  return {
    ...common,
    subnetId: nat.subnetId,
    natGatewayAddressSet: [
      {
        allocationId: nat.allocationId ?? undefined,
        networkInterfaceId: nat.networkInterfaceId,
        privateIp: nat.privateIp,
        publicIp: address?.publicIp,
      },
    ],
  };
}

/** AvailabilityMode and the members that go with it: zonal wants SubnetId, regional VpcId. */
function readMode(params: QueryParams): "zonal" | "regional" {
  const mode = params.string("AvailabilityMode") ?? "zonal";
  if (mode !== "zonal" && mode !== "regional") {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${mode}) for parameter availabilityMode is invalid. Valid values: zonal, regional.`,
    );
  }
  const given = (name: string) => params.tree[name] !== undefined;
  const notWith = (members: string[]) => {
    const wrong = members.filter(given);
    if (wrong.length > 0) {
      throw new AwsError(
        "InvalidParameterCombination",
        `${wrong.join(", ")} cannot be specified for a ${mode} NAT gateway. ${mode === "regional" ? "A regional NAT gateway takes VpcId (and optionally AvailabilityZoneAddresses)" : "A zonal NAT gateway takes SubnetId (and AllocationId when public)"}.`,
      );
    }
  };
  if (mode === "regional") {
    // *Unverified* which of these AWS accepts with regional mode: the emulator refuses them.
    notWith(["SubnetId", "AllocationId", "PrivateIpAddress"]);
    if (!given("VpcId")) throw missingParameter("VpcId");
    const connectivity = params.string("ConnectivityType") ?? "public";
    if (connectivity !== "public") {
      throw new AwsError(
        "InvalidParameterCombination",
        `ConnectivityType ${connectivity} cannot be specified for a regional NAT gateway; the emulator serves public regional gateways only.`,
      );
    }
  } else {
    notWith(["VpcId", "AvailabilityZoneAddress"]);
    if (!given("SubnetId")) throw missingParameter("SubnetId");
  }
  return mode;
}

function readZoneAddresses(params: QueryParams): ZoneAddressInput[] | undefined {
  if (params.tree["AvailabilityZoneAddress"] === undefined) return undefined;
  return params.objects("AvailabilityZoneAddress").map((entry) => {
    const zone = entry.string("AvailabilityZone");
    const zoneId = entry.string("AvailabilityZoneId");
    return {
      ...(zone === undefined ? {} : { availabilityZone: zone }),
      ...(zoneId === undefined ? {} : { availabilityZoneId: zoneId }),
      allocationIds: entry.strings("AllocationId"),
    };
  });
}

const createNatGateway: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const tags = readTagSpecifications(params, "natgateway");
  const now = ctx.emulator.clock.now();
  // A retried request with the same ClientToken never reaches this handler: the idempotency every
  // EC2 action shares (actions.ts) answers it with the first reply.
  const clientToken = params.string("ClientToken");
  const mode = readMode(params);
  const connectivityType = params.string("ConnectivityType") ?? "public";
  if (connectivityType !== "public" && connectivityType !== "private") {
    throw new AwsError(
      "InvalidParameterValue",
      `Value (${connectivityType}) for parameter connectivityType is invalid. Valid values: public, private.`,
    );
  }
  const failed = ctx.emulator.faults.draw(ctx.emulator.faults.config.natFailureRate);
  const base = {
    natGatewayId: ctx.emulator.newId("natGateway"),
    tags,
    createTime: now,
    readyAt: ctx.emulator.clock.dueAt("natGatewayAvailable"),
    failure: failed
      ? {
          failureCode: "InternalError",
          failureMessage: "An internal error occurred while creating the NAT gateway. Try again.",
        }
      : null,
  };
  const zoneAddresses = readZoneAddresses(params);
  const nat =
    mode === "regional"
      ? insertRegionalNatGateway(state, ctx.emulator, base, {
          vpcId: params.requireString("VpcId"),
          ...(zoneAddresses === undefined ? {} : { zoneAddresses }),
        })
      : insertZonalNatGateway(state, ctx.emulator, base, {
          subnetId: params.requireString("SubnetId"),
          connectivityType,
          ...(params.string("AllocationId") === undefined
            ? {}
            : { allocationId: params.string("AllocationId") as string }),
          ...(params.string("PrivateIpAddress") === undefined
            ? {}
            : { privateIpAddress: params.string("PrivateIpAddress") as string }),
        });
  return { clientToken, natGateway: natGatewayXml(state, nat, now) };
};

/** The addresses an Associate/DisassociateNatGatewayAddress changed, as its reply lists them. */
function changedAddressesXml(
  addresses: ChangedAddress[],
  status: "associating" | "disassociating",
): Record<string, unknown>[] {
  return addresses.map((address) => ({
    allocationId: address.allocationId ?? undefined,
    associationId: address.associationId ?? undefined,
    publicIp: address.publicIp,
    availabilityZone: address.availabilityZone,
    availabilityZoneId: address.availabilityZoneId,
    status,
  }));
}

/** A gateway that is pending or available (others cannot change their addresses). */
function liveNatGateway(ctx: Parameters<Ec2Handler>[0], natGatewayId: string): NatGatewayRecord {
  const state = ctx.backend.ec2;
  const nat = getNatGateway(state, natGatewayId);
  const natState = computeNatGatewayState(state, nat, ctx.emulator.clock.now());
  if (natState !== "pending" && natState !== "available") {
    throw new AwsError("IncorrectState", `NAT gateway ${nat.natGatewayId} is ${natState}.`);
  }
  return nat;
}

const associateNatGatewayAddress: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const nat = liveNatGateway(ctx, params.requireString("NatGatewayId"));
  const zone = params.string("AvailabilityZone");
  const zoneId = params.string("AvailabilityZoneId");
  const added = associateZoneAddresses(
    state,
    ctx.emulator,
    nat,
    {
      ...(zone === undefined ? {} : { availabilityZone: zone }),
      ...(zoneId === undefined ? {} : { availabilityZoneId: zoneId }),
      allocationIds: params.strings("AllocationId"),
    },
    ctx.emulator.clock.now(),
    ctx.emulator.clock.delays.natGatewayZoneExpansion,
  );
  return {
    natGatewayId: nat.natGatewayId,
    natGatewayAddressSet: changedAddressesXml(added, "associating"),
  };
};

const disassociateNatGatewayAddress: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const nat = liveNatGateway(ctx, params.requireString("NatGatewayId"));
  const removed = disassociateZoneAddresses(state, nat, params.strings("AssociationId"));
  return {
    natGatewayId: nat.natGatewayId,
    natGatewayAddressSet: changedAddressesXml(removed, "disassociating"),
  };
};

const deleteNatGateway: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const nat = getNatGateway(state, params.requireString("NatGatewayId"));
  if (nat.deletedAt === null) {
    nat.deleteTime = ctx.emulator.clock.now();
    nat.deletedAt = ctx.emulator.clock.dueAt("natGatewayDeleted");
  }
  return { natGatewayId: nat.natGatewayId };
};

const describeNatGateways: Ec2Handler = (ctx, params) => {
  const state = ctx.backend.ec2;
  const now = ctx.emulator.clock.now();
  const page = describeRecords(ctx, params, {
    action: "DescribeNatGateways",
    kind: "natGateway",
    idParam: "NatGatewayId",
    records: state.natGateways,
    limits: { min: 5, max: 1000 },
    filters: {
      "nat-gateway-id": (nat) => nat.natGatewayId,
      state: (nat) => computeNatGatewayState(state, nat, now),
      "subnet-id": (nat) => nat.subnetId ?? undefined,
      "vpc-id": (nat) => nat.vpcId,
    },
  });
  return {
    natGatewaySet: page.items.map((nat) => natGatewayXml(state, nat, now)),
    nextToken: page.nextToken,
  };
};

export const natGatewayActions: Record<string, Ec2Handler> = {
  CreateNatGateway: honours(
    createNatGateway,
    "AvailabilityMode",
    "VpcId",
    "AvailabilityZoneAddress",
    "SubnetId",
    "ConnectivityType",
    "AllocationId",
    "PrivateIpAddress",
    "TagSpecification",
  ),
  DeleteNatGateway: honours(deleteNatGateway, "NatGatewayId"),
  AssociateNatGatewayAddress: honours(
    associateNatGatewayAddress,
    "NatGatewayId",
    "AllocationId",
    "AvailabilityZone",
    "AvailabilityZoneId",
  ),
  DisassociateNatGatewayAddress: honours(disassociateNatGatewayAddress, "NatGatewayId", "AssociationId"),
  DescribeNatGateways: honours(describeNatGateways, "NatGatewayId", "Filter", "MaxResults", "NextToken"),
};
