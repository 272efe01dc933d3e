// Scenario table for issue 12 items 4 and 5: centralized egress through a transit gateway and VPC
// peering, each network built in the emulator through the SDK v3 client (one through the AWS CLI
// v1), diagnosed by the doctor (--json), with the expected verdict, reason code and the resources
// the fix names. Each negative variant is the working network with one part broken.

import {
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TransitBuilder } from "../../test-support/build-network.ts";
import { cliJson, findCliV1, runAwsCli } from "../emulator/aws-cli.ts";
import { type DoctorJson, type Harness, startHarness } from "./doctor-harness.ts";

let h: Harness;
let transit: TransitBuilder;
beforeAll(async () => {
  h = await startHarness();
  transit = new TransitBuilder(h.ec2);
});
afterAll(async () => {
  await h.close();
});

interface Breaks {
  /** Leave out the static 0.0.0.0/0 -> egress attachment in the spoke's transit route table. */
  noStaticRoute?: boolean;
  /** Make that static route a blackhole. */
  blackhole?: boolean;
  /** Leave out the spoke attachment's propagation into the egress route table. */
  noPropagation?: boolean;
  /** Leave out the egress VPC's route back (10.0.0.0/8 -> tgw) in its public subnets' table. */
  noReturnRoute?: boolean;
  /** The spoke's attachment gets a subnet in us-east-1a only. */
  attachmentInOneAz?: boolean;
  /** An S3 gateway endpoint in the egress VPC, on its attachment subnets' tables or its public table. */
  s3EndpointOn?: "attachment" | "public";
}

/**
 * A spoke VPC 10.1.0.0/16 (workload subnets in us-east-1a and b, attachment subnets in both, default
 * route to the transit gateway) and an egress VPC 10.9.0.0/16 (attachment subnets routed to the
 * same-AZ NAT gateway, public subnets with the NAT gateways, the internet gateway and the route back),
 * joined by a transit gateway with two route tables, as AWS's whitepaper draws it.
 */
async function centralizedEgress(breaks: Breaks = {}) {
  const b = h.build;
  const spoke = await b.vpc("10.1.0.0/16");
  const appA = await b.subnet(spoke, "10.1.0.0/24", "us-east-1a");
  const appB = await b.subnet(spoke, "10.1.1.0/24", "us-east-1b");
  const spokeTgwA = await b.subnet(spoke, "10.1.100.0/28", "us-east-1a");
  const spokeTgwB = await b.subnet(spoke, "10.1.100.16/28", "us-east-1b");
  const egress = await b.vpc("10.9.0.0/16");
  const igw = await b.internetGateway(egress);
  const publicA = await b.subnet(egress, "10.9.0.0/24", "us-east-1a");
  const publicB = await b.subnet(egress, "10.9.1.0/24", "us-east-1b");
  const egressTgwA = await b.subnet(egress, "10.9.100.0/28", "us-east-1a");
  const egressTgwB = await b.subnet(egress, "10.9.100.16/28", "us-east-1b");
  const publicTable = await b.routeTable(egress, [publicA, publicB], [{ cidr: "0.0.0.0/0", gatewayId: igw }]);
  const natA = await b.natGateway(publicA);
  const natB = await b.natGateway(publicB);
  const egressTableA = await b.routeTable(
    egress,
    [egressTgwA],
    [{ cidr: "0.0.0.0/0", natGatewayId: natA.natGatewayId }],
  );
  const egressTableB = await b.routeTable(
    egress,
    [egressTgwB],
    [{ cidr: "0.0.0.0/0", natGatewayId: natB.natGatewayId }],
  );
  const s3Endpoint =
    breaks.s3EndpointOn === undefined
      ? undefined
      : await b.gatewayEndpoint(
          egress,
          "s3",
          breaks.s3EndpointOn === "attachment" ? [egressTableA, egressTableB] : [publicTable],
        );

  const tgw = await transit.transitGateway();
  const spokeAttachment = await transit.attachment(
    tgw,
    spoke,
    breaks.attachmentInOneAz === true ? [spokeTgwA] : [spokeTgwA, spokeTgwB],
  );
  const egressAttachment = await transit.attachment(tgw, egress, [egressTgwA, egressTgwB]);
  const spokeTable = await transit.routeTable(tgw, [spokeAttachment], []);
  const egressTable = await transit.routeTable(
    tgw,
    [egressAttachment],
    breaks.noPropagation ? [] : [spokeAttachment],
  );
  if (breaks.noStaticRoute !== true)
    await transit.route(spokeTable, "0.0.0.0/0", breaks.blackhole === true ? null : egressAttachment);
  const appTable = await b.routeTable(spoke, [appA, appB], [{ cidr: "0.0.0.0/0", transitGatewayId: tgw }]);
  if (breaks.noReturnRoute !== true)
    await b.route(publicTable, { cidr: "10.0.0.0/8", transitGatewayId: tgw });
  return {
    spoke,
    appA,
    appB,
    appTable,
    egress,
    publicTable,
    natA,
    natB,
    tgw,
    spokeAttachment,
    egressAttachment,
    spokeTable,
    egressTable,
    s3Endpoint,
  };
}

async function diagnose(
  subnets: string[],
  extra: string[] = [],
): Promise<{ code: number; json: DoctorJson }> {
  const run = await h.doctor(["--subnets", subnets.join(","), "--json", ...extra]);
  if (run.json === undefined) throw new Error(`no JSON from the doctor: ${run.stdout}\n${run.stderr}`);
  return { code: run.code, json: run.json };
}

function subnet(json: DoctorJson, id: string) {
  const found = json.subnets.find((candidate) => candidate.subnetId === id);
  if (found === undefined) throw new Error(`no diagnosis for ${id}`);
  return found;
}

describe("centralized egress through a transit gateway", () => {
  test("both AZs reach the internet through the egress VPC's NAT gateway in their own AZ", async () => {
    const net = await centralizedEgress();
    const { code, json } = await diagnose([net.appA, net.appB]);
    expect(code).toBe(0);
    expect(json.verdict).toBe("reachable");
    expect(subnet(json, net.appA).sourceAddress).toBe(net.natA.publicIp);
    expect(subnet(json, net.appB).sourceAddress).toBe(net.natB.publicIp);
    const ids = subnet(json, net.appA).hops.map((hop) => hop.id);
    expect(ids).toEqual(
      expect.arrayContaining([net.spokeAttachment, net.spokeTable, net.egressAttachment, net.egressTable]),
    );
  });

  test("negative: no static default route in the spoke's transit route table -> TGW_NO_ROUTE naming it and the egress attachment", async () => {
    const net = await centralizedEgress({ noStaticRoute: true });
    const { code, json } = await diagnose([net.appA]);
    expect(code).toBe(1);
    const result = subnet(json, net.appA);
    expect(result.verdict).toBe("unreachable");
    expect(result.reason?.code).toBe("TGW_NO_ROUTE");
    expect(result.fix).toContain(`0.0.0.0/0 -> ${net.egressAttachment}`);
    expect(result.fix).toContain(net.spokeTable);
  });

  test("negative: the default route is a blackhole -> TGW_BLACKHOLE_ROUTE", async () => {
    const net = await centralizedEgress({ blackhole: true });
    const result = subnet((await diagnose([net.appA])).json, net.appA);
    expect(result.reason?.code).toBe("TGW_BLACKHOLE_ROUTE");
    expect(result.fix).toContain(net.spokeTable);
    expect(result.fix).toContain(net.egressAttachment);
  });

  test("negative: the spoke does not propagate into the egress route table -> TGW_NO_RETURN_ROUTE with the propagation to enable", async () => {
    const net = await centralizedEgress({ noPropagation: true });
    const result = subnet((await diagnose([net.appA])).json, net.appA);
    expect(result.reason?.code).toBe("TGW_NO_RETURN_ROUTE");
    expect(result.fix).toContain(`Enable propagation from ${net.spokeAttachment} to ${net.egressTable}`);
  });

  test("negative: the egress VPC has no route back to the transit gateway -> TGW_NO_RETURN_ROUTE naming its table", async () => {
    const net = await centralizedEgress({ noReturnRoute: true });
    const result = subnet((await diagnose([net.appA])).json, net.appA);
    expect(result.reason?.code).toBe("TGW_NO_RETURN_ROUTE");
    expect(result.fix).toBe(`Add a route 10.1.0.0/16 -> ${net.tgw} to ${net.publicTable}.`);
    // The same fix in machine-applicable form (TraceResult.change) in the doctor's JSON.
    expect((result as { change?: unknown }).change).toEqual({
      edits: [
        {
          kind: "create-route",
          routeTableId: net.publicTable,
          route: { destination: { cidr: "10.1.0.0/16" }, target: { kind: "transit-gateway", id: net.tgw } },
        },
      ],
    });
  });

  test("negative: the spoke's attachment has no subnet in us-east-1b -> that AZ is TGW_NO_ATTACHMENT_IN_AZ, overall partial", async () => {
    const net = await centralizedEgress({ attachmentInOneAz: true });
    const { code, json } = await diagnose([net.appA, net.appB]);
    expect(code).toBe(1);
    expect(json.verdict).toBe("partial");
    expect(subnet(json, net.appA).verdict).toBe("reachable");
    const b = subnet(json, net.appB);
    expect(b.reason?.code).toBe("TGW_NO_ATTACHMENT_IN_AZ");
    expect(b.fix).toContain(net.spokeAttachment);
    expect(b.fix).toContain("us-east-1b");
  });

  test("negative: transit gateway routes the caller may not read -> verdict unknown (PATH_NOT_READABLE), overall partial, exit 1", async () => {
    const net = await centralizedEgress();
    await fetch(`${h.running.url}/_emulator/account`, {
      method: "POST",
      body: JSON.stringify({ deniedActions: ["ec2:SearchTransitGatewayRoutes"] }),
      headers: { "content-type": "application/json" },
    });
    try {
      const { code, json } = await diagnose([net.appA]);
      expect(code).toBe(1);
      expect(json.verdict).toBe("partial");
      const result = subnet(json, net.appA);
      expect(result.verdict).toBe("unknown");
      expect(result.reason?.code).toBe("PATH_NOT_READABLE");
      expect(result.reason?.message).toContain("ec2:SearchTransitGatewayRoutes");
      expect(result.fix).toContain(
        `search-transit-gateway-routes --transit-gateway-route-table-id ${net.spokeTable}`,
      );
    } finally {
      await fetch(`${h.running.url}/_emulator/account`, {
        method: "POST",
        body: JSON.stringify({ deniedActions: [] }),
        headers: { "content-type": "application/json" },
      });
    }
  });

  test("negative: transit gateway attachments the caller may not read -> unknown, naming the permission", async () => {
    const net = await centralizedEgress();
    await fetch(`${h.running.url}/_emulator/account`, {
      method: "POST",
      body: JSON.stringify({ deniedActions: ["ec2:DescribeTransitGatewayAttachments"] }),
      headers: { "content-type": "application/json" },
    });
    try {
      const result = subnet((await diagnose([net.appA])).json, net.appA);
      expect(result.verdict).toBe("unknown");
      expect(result.fix).toContain("ec2:DescribeTransitGatewayAttachments");
    } finally {
      await fetch(`${h.running.url}/_emulator/account`, {
        method: "POST",
        body: JSON.stringify({ deniedActions: [] }),
        headers: { "content-type": "application/json" },
      });
    }
  });

  test("the transit path costs a constant number of calls: 12 more than a VPC of its own, for 1 or 2 subnets", async () => {
    const net = await centralizedEgress();
    const counts: number[] = [];
    for (const subnets of [[net.appA], [net.appA, net.appB]]) {
      await fetch(`${h.running.url}/_emulator/calls`, { method: "DELETE" });
      await diagnose(subnets);
      const calls = await h.calls();
      expect(calls.filter((call) => !/^(Describe|List|Get|Search)/.test(call.action))).toEqual([]);
      counts.push(calls.length);
    }
    // load-topology.ts: 15 for the spoke VPC; load-transit-paths.ts: 3 + one search per route table
    // (2) + 7 for the egress VPC (its VPC endpoints included).
    expect(counts).toEqual([27, 27]);
  });

  // Gateway endpoints do not allow access through a transit gateway (docs/FACTS.md, "Gateway
  // endpoints are not transitive"): the egress VPC's S3 endpoint is no way out for the spoke.
  const toS3 = ["--destination", "192.0.2.10"];

  test("negative: S3 through the egress VPC's gateway endpoint on its attachment tables -> GATEWAY_ENDPOINT_THROUGH_TRANSIT, fix: an endpoint in the spoke on its table", async () => {
    const net = await centralizedEgress({ s3EndpointOn: "attachment" });
    const { code, json } = await diagnose([net.appA, net.appB], toS3);
    expect(code).toBe(1);
    expect(json.verdict).toBe("unreachable");
    for (const id of [net.appA, net.appB]) {
      const result = subnet(json, id);
      expect(result.verdict).toBe("unreachable");
      expect(result.reason?.code).toBe("GATEWAY_ENDPOINT_THROUGH_TRANSIT");
      expect(result.reason?.message).toContain(`${net.s3Endpoint}, a gateway endpoint`);
      expect(result.reason?.message).toContain(`${net.tgw} from ${net.spoke}`);
      expect(result.fix).toContain(`gateway endpoint for com.amazonaws.us-east-1.s3 in ${net.spoke}`);
      expect(result.fix).toContain(`--route-table-ids ${net.appTable}`);
      expect((result as { change?: unknown }).change).toMatchObject({
        edits: [{ kind: "create-gateway-endpoint", vpcId: net.spoke, routeTableIds: [net.appTable] }],
      });
    }
    // The internet is untouched: the same network still gets out through the NAT gateways.
    expect((await diagnose([net.appA])).json.verdict).toBe("reachable");
  });

  test("positive: the fix applied (an S3 gateway endpoint in the spoke on its table) -> S3 reachable without the transit gateway", async () => {
    const net = await centralizedEgress({ s3EndpointOn: "attachment" });
    const own = await h.build.gatewayEndpoint(net.spoke, "s3", [net.appTable]);
    const { code, json } = await diagnose([net.appA, net.appB], toS3);
    expect(code).toBe(0);
    const hops = subnet(json, net.appA).hops;
    expect(hops.at(-1)).toMatchObject({ kind: "gateway-endpoint", id: own });
    expect(hops.some((hop) => hop.id === net.tgw)).toBe(false);
  });

  test("negative: the endpoint sits on the NAT gateways' table (after translation) -> unknown, never reachable, with the documented fix", async () => {
    const net = await centralizedEgress({ s3EndpointOn: "public" });
    const { code, json } = await diagnose([net.appA], toS3);
    expect(code).toBe(1);
    const result = subnet(json, net.appA);
    expect(result.verdict).toBe("unknown");
    expect(result.reason?.code).toBe("GATEWAY_ENDPOINT_THROUGH_TRANSIT");
    expect(result.reason?.message).toContain(`${net.natA.natGatewayId} translated it`);
    expect(result.fix).toContain(`--route-table-ids ${net.appTable}`);
  });
});

describe("VPC peering", () => {
  /** A workload VPC and a database VPC 10.20.0.0/16, peered; routes in both unless broken. */
  async function peered(options: { accept?: boolean; noReturnRoute?: boolean; defaultRoute?: boolean } = {}) {
    const b = h.build;
    const app = await b.vpc("10.1.0.0/16");
    const appSubnet = await b.subnet(app, "10.1.0.0/24", "us-east-1a");
    const db = await b.vpc("10.20.0.0/16");
    const dbSubnet = await b.subnet(db, "10.20.1.0/24", "us-east-1a");
    const pcx = await transit.peering(app, db, options.accept ?? true);
    const appTable = await b.routeTable(
      app,
      [appSubnet],
      [{ cidr: options.defaultRoute === true ? "0.0.0.0/0" : "10.20.0.0/16", vpcPeeringConnectionId: pcx }],
    );
    const dbTable = await b.routeTable(
      db,
      [dbSubnet],
      options.noReturnRoute === true ? [] : [{ cidr: "10.1.0.0/16", vpcPeeringConnectionId: pcx }],
    );
    return { app, appSubnet, db, dbSubnet, pcx, appTable, dbTable };
  }
  const database = ["--destination", "10.20.1.5", "--port", "5432"];

  test("a private database in the peer VPC is reachable when both route tables route the peering", async () => {
    const net = await peered();
    const { code, json } = await diagnose([net.appSubnet], database);
    expect(code).toBe(0);
    const result = subnet(json, net.appSubnet);
    expect(result.verdict).toBe("reachable");
    expect(result.hops.map((hop) => hop.id)).toContain(net.pcx);
  });

  test("negative: the peer VPC has no route back -> PEERING_NO_RETURN_ROUTE naming its table", async () => {
    const net = await peered({ noReturnRoute: true });
    const result = subnet((await diagnose([net.appSubnet], database)).json, net.appSubnet);
    expect(result.reason?.code).toBe("PEERING_NO_RETURN_ROUTE");
    expect(result.fix).toBe(`Add a route 10.1.0.0/16 -> ${net.pcx} to ${net.dbTable}.`);
  });

  test("negative: a connection still pending acceptance (its route a blackhole) -> PEERING_NOT_ACTIVE", async () => {
    const net = await peered({ accept: false });
    const result = subnet((await diagnose([net.appSubnet], database)).json, net.appSubnet);
    expect(result.reason?.code).toBe("PEERING_NOT_ACTIVE");
    expect(result.fix).toContain(net.pcx);
  });

  test("negative: the internet sent to the peering is refused -> PEERING_NO_INTERNET (no edge-to-edge routing)", async () => {
    const net = await peered({ defaultRoute: true });
    const b = h.build;
    // The peer even has a way out: an internet gateway and a NAT gateway. Peering never lends them.
    const igw = await b.internetGateway(net.db);
    const dbPublic = await b.subnet(net.db, "10.20.0.0/24", "us-east-1a");
    await b.routeTable(net.db, [dbPublic], [{ cidr: "0.0.0.0/0", gatewayId: igw }]);
    await b.natGateway(dbPublic);
    const { code, json } = await diagnose([net.appSubnet]);
    expect(code).toBe(1);
    const result = subnet(json, net.appSubnet);
    expect(result.reason?.code).toBe("PEERING_NO_INTERNET");
    expect(result.reason?.message).toContain("edge-to-edge");
  });
});

describe("built with the AWS CLI v1", () => {
  test("a transit gateway, attachments, route tables and routes built with `aws ec2` give the doctor the same answer", async () => {
    const cli = findCliV1();
    if (cli === null) {
      if (process.env["CI"] === "true") throw new Error("the AWS CLI v1 is required when CI=true");
      console.warn("skipping: no AWS CLI v1 on PATH");
      return;
    }
    const aws = async (...args: string[]) => cliJson(await runAwsCli(cli, h.running.url, args), args);
    // The CLI builds; the waits read through the SDK (each CLI start takes seconds on a busy machine).
    const wait = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 400 && !(await check()); i++)
        await new Promise((resolve) => setTimeout(resolve, 25));
    };
    const b = h.build;
    const spoke = await b.vpc("10.1.0.0/16");
    const app = await b.subnet(spoke, "10.1.0.0/24", "us-east-1a");
    const egress = await b.vpc("10.9.0.0/16");
    const igw = await b.internetGateway(egress);
    const publicSubnet = await b.subnet(egress, "10.9.0.0/24", "us-east-1a");
    const egressTgw = await b.subnet(egress, "10.9.100.0/28", "us-east-1a");
    const publicTable = await b.routeTable(egress, [publicSubnet], [{ cidr: "0.0.0.0/0", gatewayId: igw }]);
    const nat = await b.natGateway(publicSubnet);
    await b.routeTable(egress, [egressTgw], [{ cidr: "0.0.0.0/0", natGatewayId: nat.natGatewayId }]);

    const tgw = (
      await aws(
        "ec2",
        "create-transit-gateway",
        "--options",
        "DefaultRouteTableAssociation=disable,DefaultRouteTablePropagation=disable",
      )
    ).TransitGateway.TransitGatewayId as string;
    await wait(
      async () =>
        (await h.ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [tgw] })))
          .TransitGateways?.[0]?.State === "available",
    );
    const attach = async (vpc: string, subnetId: string) => {
      const id = (
        await aws(
          "ec2",
          "create-transit-gateway-vpc-attachment",
          "--transit-gateway-id",
          tgw,
          "--vpc-id",
          vpc,
          "--subnet-ids",
          subnetId,
        )
      ).TransitGatewayVpcAttachment.TransitGatewayAttachmentId as string;
      await wait(
        async () =>
          (
            await h.ec2.send(
              new DescribeTransitGatewayVpcAttachmentsCommand({ TransitGatewayAttachmentIds: [id] }),
            )
          ).TransitGatewayVpcAttachments?.[0]?.State === "available",
      );
      return id;
    };
    const spokeAttachment = await attach(spoke, app);
    const egressAttachment = await attach(egress, egressTgw);
    const table = async () => {
      const id = (await aws("ec2", "create-transit-gateway-route-table", "--transit-gateway-id", tgw))
        .TransitGatewayRouteTable.TransitGatewayRouteTableId as string;
      await wait(
        async () =>
          (
            await h.ec2.send(
              new DescribeTransitGatewayRouteTablesCommand({ TransitGatewayRouteTableIds: [id] }),
            )
          ).TransitGatewayRouteTables?.[0]?.State === "available",
      );
      return id;
    };
    const spokeTable = await table();
    const egressTable = await table();
    await aws(
      "ec2",
      "associate-transit-gateway-route-table",
      "--transit-gateway-route-table-id",
      spokeTable,
      "--transit-gateway-attachment-id",
      spokeAttachment,
    );
    await aws(
      "ec2",
      "associate-transit-gateway-route-table",
      "--transit-gateway-route-table-id",
      egressTable,
      "--transit-gateway-attachment-id",
      egressAttachment,
    );
    await aws(
      "ec2",
      "enable-transit-gateway-route-table-propagation",
      "--transit-gateway-route-table-id",
      egressTable,
      "--transit-gateway-attachment-id",
      spokeAttachment,
    );
    await aws(
      "ec2",
      "create-transit-gateway-route",
      "--transit-gateway-route-table-id",
      spokeTable,
      "--destination-cidr-block",
      "0.0.0.0/0",
      "--transit-gateway-attachment-id",
      egressAttachment,
    );
    const appTable = await b.routeTable(spoke, [app], []);
    await aws(
      "ec2",
      "create-route",
      "--route-table-id",
      appTable,
      "--destination-cidr-block",
      "0.0.0.0/0",
      "--transit-gateway-id",
      tgw,
    );
    const routes = await aws(
      "ec2",
      "search-transit-gateway-routes",
      "--transit-gateway-route-table-id",
      egressTable,
      "--filters",
      "Name=type,Values=propagated",
    );
    expect(
      routes.Routes.map((route: { DestinationCidrBlock: string }) => route.DestinationCidrBlock),
    ).toEqual(["10.1.0.0/16"]);

    // Without the way back first, then with it.
    expect(subnet((await diagnose([app])).json, app).reason?.code).toBe("TGW_NO_RETURN_ROUTE");
    await aws(
      "ec2",
      "create-route",
      "--route-table-id",
      publicTable,
      "--destination-cidr-block",
      "10.1.0.0/16",
      "--transit-gateway-id",
      tgw,
    );
    const result = subnet((await diagnose([app])).json, app);
    expect(result.verdict).toBe("reachable");
    expect(result.sourceAddress).toBe(nat.publicIp);
  }, 300_000);
});
