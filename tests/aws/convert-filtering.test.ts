import type { VpcEndpoint } from "@aws-sdk/client-ec2";
import { describe, expect, test } from "vitest";
import {
  convertNetworkAcl,
  convertNetworkInterface,
  convertPrefixList,
  convertSecurityGroup,
  convertVpcEndpoint,
} from "../../src/aws/convert-filtering.ts";
import { parseIpProtocol as convertProtocol } from "../../src/egress/index.ts";

describe("convertProtocol", () => {
  test("names and IANA numbers map to the model's protocols; others are dropped", () => {
    expect(["-1", "all", "tcp", "6", "udp", "17", "icmp", "1"].map(convertProtocol)).toEqual([
      "-1",
      "-1",
      "tcp",
      "tcp",
      "udp",
      "udp",
      "icmp",
      "icmp",
    ]);
    expect(convertProtocol("50")).toBeNull();
    expect(convertProtocol("58")).toBeNull();
  });
});

describe("convertSecurityGroup", () => {
  test("outbound rules keep protocol, ports, CIDRs, prefix lists and group references", () => {
    const group = convertSecurityGroup({
      GroupId: "sg-1",
      GroupName: "app",
      VpcId: "vpc-1",
      IpPermissionsEgress: [
        {
          IpProtocol: "tcp",
          FromPort: 443,
          ToPort: 443,
          IpRanges: [{ CidrIp: "0.0.0.0/0" }],
          PrefixListIds: [{ PrefixListId: "pl-63a5400a" }],
        },
        { IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: "sg-db" }] },
        { IpProtocol: "-1", Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
      ],
      IpPermissions: [],
    });
    expect(group).toEqual({
      id: "sg-1",
      vpcId: "vpc-1",
      name: "app",
      egress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["0.0.0.0/0"], prefixListIds: ["pl-63a5400a"] },
        { protocol: "-1", cidrs: [], groupIds: ["sg-db"] },
        { protocol: "-1", cidrs: ["::/0"] },
      ],
      ingress: [],
    });
  });

  test("a group with no outbound rules has an empty egress list", () => {
    expect(convertSecurityGroup({ GroupId: "sg-2", VpcId: "vpc-1" }).egress).toEqual([]);
  });
});

describe("convertNetworkAcl", () => {
  test("entries are sorted by rule number, the implicit deny dropped, IPv6 entries kept", () => {
    const acl = convertNetworkAcl({
      NetworkAclId: "acl-1",
      VpcId: "vpc-1",
      IsDefault: false,
      Associations: [{ SubnetId: "subnet-a", NetworkAclId: "acl-1" }],
      Entries: [
        { RuleNumber: 32767, Egress: true, Protocol: "-1", RuleAction: "deny", CidrBlock: "0.0.0.0/0" },
        { RuleNumber: 200, Egress: true, Protocol: "-1", RuleAction: "allow", CidrBlock: "0.0.0.0/0" },
        {
          RuleNumber: 100,
          Egress: true,
          Protocol: "6",
          RuleAction: "deny",
          CidrBlock: "0.0.0.0/0",
          PortRange: { From: 443, To: 443 },
        },
        { RuleNumber: 101, Egress: false, Protocol: "-1", RuleAction: "allow", Ipv6CidrBlock: "::/0" },
      ],
    });
    expect(acl).toEqual({
      id: "acl-1",
      vpcId: "vpc-1",
      isDefault: false,
      subnetIds: ["subnet-a"],
      entries: [
        {
          ruleNumber: 100,
          egress: true,
          protocol: "tcp",
          action: "deny",
          cidr: "0.0.0.0/0",
          portRange: { from: 443, to: 443 },
        },
        { ruleNumber: 101, egress: false, protocol: "-1", action: "allow", cidr: "::/0" },
        { ruleNumber: 200, egress: true, protocol: "-1", action: "allow", cidr: "0.0.0.0/0" },
      ],
    });
  });
});

describe("convertVpcEndpoint and convertPrefixList", () => {
  test("a gateway endpoint keeps its route tables, a Gateway Load Balancer endpoint its subnet; others count as interfaces", () => {
    expect(
      convertVpcEndpoint({
        VpcEndpointId: "vpce-1",
        VpcId: "vpc-1",
        ServiceName: "com.amazonaws.us-east-1.s3",
        VpcEndpointType: "Gateway",
        RouteTableIds: ["rtb-1"],
        State: "Available",
      }),
    ).toEqual({
      id: "vpce-1",
      vpcId: "vpc-1",
      serviceName: "com.amazonaws.us-east-1.s3",
      type: "Gateway",
      routeTableIds: ["rtb-1"],
      state: "Available",
    });
    expect(
      convertVpcEndpoint({
        VpcEndpointId: "vpce-2",
        VpcId: "vpc-1",
        ServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
        VpcEndpointType: "GatewayLoadBalancer",
        SubnetIds: ["subnet-fw"],
      }),
    ).toEqual({
      id: "vpce-2",
      vpcId: "vpc-1",
      serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
      type: "GatewayLoadBalancer",
      routeTableIds: [],
      subnetIds: ["subnet-fw"],
    });
    expect(
      convertVpcEndpoint({ VpcEndpointId: "vpce-3", VpcId: "vpc-1", VpcEndpointType: "Resource" }).type,
    ).toBe("Interface");
  });

  test("a prefix list keeps its name and CIDRs", () => {
    expect(
      convertPrefixList({
        PrefixListId: "pl-1",
        PrefixListName: "com.amazonaws.us-east-1.s3",
        Cidrs: ["52.216.0.0/15"],
      }),
    ).toEqual({ id: "pl-1", name: "com.amazonaws.us-east-1.s3", cidrs: ["52.216.0.0/15"] });
  });
});

describe("interface endpoints and network interfaces", () => {
  test("an interface endpoint keeps private DNS, subnets, groups, interfaces and DNS names", () => {
    expect(
      convertVpcEndpoint({
        VpcEndpointId: "vpce-3",
        VpcId: "vpc-1",
        VpcEndpointType: "Interface",
        ServiceName: "com.amazonaws.us-east-1.secretsmanager",
        // Lowercase as AWS sends it, outside the SDK's enum (tests/emulator/reply-shapes.test.ts).
        State: "available" as VpcEndpoint["State"],
        PrivateDnsEnabled: true,
        SubnetIds: ["subnet-a"],
        Groups: [{ GroupId: "sg-endpoint", GroupName: "endpoint" }],
        NetworkInterfaceIds: ["eni-1"],
        DnsEntries: [
          { DnsName: "vpce-3-abcdefgh.secretsmanager.us-east-1.vpce.amazonaws.com", HostedZoneId: "Z1" },
          { DnsName: "secretsmanager.us-east-1.amazonaws.com", HostedZoneId: "Z2" },
        ],
      }),
    ).toEqual({
      id: "vpce-3",
      vpcId: "vpc-1",
      serviceName: "com.amazonaws.us-east-1.secretsmanager",
      type: "Interface",
      routeTableIds: [],
      state: "available",
      privateDnsEnabled: true,
      subnetIds: ["subnet-a"],
      securityGroupIds: ["sg-endpoint"],
      networkInterfaceIds: ["eni-1"],
      dnsNames: [
        "vpce-3-abcdefgh.secretsmanager.us-east-1.vpce.amazonaws.com",
        "secretsmanager.us-east-1.amazonaws.com",
      ],
    });
  });

  test("a network interface keeps its address and groups; one without an IPv4 address is dropped", () => {
    expect(
      convertNetworkInterface({
        NetworkInterfaceId: "eni-1",
        VpcId: "vpc-1",
        SubnetId: "subnet-a",
        PrivateIpAddress: "10.0.1.9",
        Groups: [{ GroupId: "sg-db" }],
        InterfaceType: "interface",
      }),
    ).toEqual({
      id: "eni-1",
      vpcId: "vpc-1",
      subnetId: "subnet-a",
      privateIp: "10.0.1.9",
      groupIds: ["sg-db"],
      interfaceType: "interface",
    });
    expect(
      convertNetworkInterface({ NetworkInterfaceId: "eni-2", VpcId: "vpc-1", SubnetId: "subnet-a" }),
    ).toBeNull();
  });
});
