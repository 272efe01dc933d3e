import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteNetworkAclCommand,
  DeleteNetworkAclEntryCommand,
  DeleteSecurityGroupCommand,
  DeleteVpcCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  ModifySecurityGroupRulesCommand,
  paginateDescribeSecurityGroups,
  ReplaceNetworkAclAssociationCommand,
  ReplaceNetworkAclEntryCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Ec2TestContext, errorOf, filter, startEc2Emulator } from "./helpers.ts";

let t: Ec2TestContext;
let vpcId: string;
beforeEach(async () => {
  t = await startEc2Emulator();
  const { Vpc } = await t.ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
  vpcId = Vpc?.VpcId as string;
});
afterEach(async () => {
  await t.close();
});

async function createGroup(name: string) {
  const { GroupId } = await t.ec2.send(
    new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId }),
  );
  return GroupId as string;
}

async function describeGroup(id: string) {
  const { SecurityGroups } = await t.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }));
  return SecurityGroups?.[0];
}

const https = { IpProtocol: "tcp", FromPort: 443, ToPort: 443 };

describe("security groups", () => {
  test("a new group allows all egress and no ingress", async () => {
    const group = await describeGroup(await createGroup("app"));
    expect(group?.IpPermissions).toEqual([]);
    expect(group?.IpPermissionsEgress).toEqual([
      expect.objectContaining({ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }),
    ]);
  });

  test("rules with CIDRs, prefix lists and groups fold into one permission per port range", async () => {
    const app = await createGroup("app");
    const lb = await createGroup("lb");
    const { SecurityGroupRules } = await t.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: app,
        IpPermissions: [
          {
            ...https,
            IpRanges: [{ CidrIp: "10.0.0.0/16", Description: "vpc" }],
            PrefixListIds: [{ PrefixListId: "pl-63a5400a" }],
            UserIdGroupPairs: [{ GroupId: lb }],
          },
        ],
      }),
    );
    expect(SecurityGroupRules).toHaveLength(3);
    expect(SecurityGroupRules?.[0]?.SecurityGroupRuleId).toMatch(/^sgr-/);
    const group = await describeGroup(app);
    expect(group?.IpPermissions).toEqual([
      {
        ...https,
        IpRanges: [{ CidrIp: "10.0.0.0/16", Description: "vpc" }],
        Ipv6Ranges: [],
        PrefixListIds: [{ PrefixListId: "pl-63a5400a" }],
        UserIdGroupPairs: [{ GroupId: lb, UserId: "123456789012" }],
      },
    ]);
  });

  test("an existing rule is refused with InvalidPermission.Duplicate", async () => {
    const app = await createGroup("app");
    const input = { GroupId: app, IpPermissions: [{ ...https, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] };
    await t.ec2.send(new AuthorizeSecurityGroupIngressCommand(input));
    expect((await errorOf(t.ec2.send(new AuthorizeSecurityGroupIngressCommand(input)))).name).toBe(
      "InvalidPermission.Duplicate",
    );
    const egress = {
      GroupId: app,
      IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
    };
    expect((await errorOf(t.ec2.send(new AuthorizeSecurityGroupEgressCommand(egress)))).name).toBe(
      "InvalidPermission.Duplicate",
    );
  });

  test("revoking removes the rule; revoking it again gives InvalidPermission.NotFound", async () => {
    const app = await createGroup("app");
    const egress = {
      GroupId: app,
      IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
    };
    await t.ec2.send(new RevokeSecurityGroupEgressCommand(egress));
    expect((await describeGroup(app))?.IpPermissionsEgress).toEqual([]);
    expect((await errorOf(t.ec2.send(new RevokeSecurityGroupEgressCommand(egress)))).name).toBe(
      "InvalidPermission.NotFound",
    );
    await t.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: app,
        IpPermissions: [{ ...https, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }],
      }),
    );
    await t.ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: app,
        IpPermissions: [{ ...https, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }],
      }),
    );
    expect((await describeGroup(app))?.IpPermissions).toEqual([]);
  });

  test("duplicate names in a VPC give InvalidGroup.Duplicate", async () => {
    await createGroup("app");
    expect((await errorOf(createGroup("app"))).name).toBe("InvalidGroup.Duplicate");
  });

  test("the default group cannot be deleted (CannotDelete)", async () => {
    const { SecurityGroups } = await t.ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [filter("vpc-id", vpcId), filter("group-name", "default")],
      }),
    );
    const error = await errorOf(
      t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: SecurityGroups?.[0]?.GroupId })),
    );
    expect(error.name).toBe("CannotDelete");
  });

  test("a group referenced by another group cannot be deleted until the rule is revoked", async () => {
    const app = await createGroup("app");
    const lb = await createGroup("lb");
    const permission = { GroupId: app, IpPermissions: [{ ...https, UserIdGroupPairs: [{ GroupId: lb }] }] };
    await t.ec2.send(new AuthorizeSecurityGroupIngressCommand(permission));
    expect((await errorOf(t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: lb })))).name).toBe(
      "DependencyViolation",
    );
    await t.ec2.send(new RevokeSecurityGroupIngressCommand(permission));
    await t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: lb }));
    expect((await errorOf(describeGroup(lb))).name).toBe("InvalidGroup.NotFound");
  });

  test("a non-default group blocks DeleteVpc", async () => {
    await createGroup("app");
    expect((await errorOf(t.ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).name).toBe(
      "DependencyViolation",
    );
  });

  test("filters on rules and the paginator", async () => {
    const app = await createGroup("app");
    await t.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: app,
        IpPermissions: [{ ...https, IpRanges: [{ CidrIp: "192.0.2.0/24" }] }],
      }),
    );
    const { SecurityGroups } = await t.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [filter("ip-permission.from-port", "443")] }),
    );
    expect(SecurityGroups?.map((g) => g.GroupId)).toEqual([app]);
    for (let i = 0; i < 6; i++) await createGroup(`g${i}`);
    let total = 0;
    for await (const page of paginateDescribeSecurityGroups({ client: t.ec2, pageSize: 5 }, {})) {
      total += page.SecurityGroups?.length ?? 0;
    }
    expect(total).toBe(2 + 1 + 6);
  });

  test("DescribeSecurityGroupRules lists one rule per source, filtered by group, and revokes by rule ID", async () => {
    const app = await createGroup("app");
    const database = await createGroup("database");
    await t.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: database,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: app }] },
        ],
      }),
    );
    const { SecurityGroupRules } = await t.ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [filter("group-id", database, app)] }),
    );
    expect(SecurityGroupRules).toHaveLength(3);
    const ingress = SecurityGroupRules?.filter((rule) => rule.IsEgress === false) ?? [];
    expect(ingress).toEqual([
      expect.objectContaining({
        GroupId: database,
        IpProtocol: "tcp",
        FromPort: 5432,
        ToPort: 5432,
        ReferencedGroupInfo: expect.objectContaining({ GroupId: app }),
      }),
    ]);
    const ruleId = ingress[0]?.SecurityGroupRuleId as string;
    await t.ec2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: database, SecurityGroupRuleIds: [ruleId] }),
    );
    expect((await describeGroup(database))?.IpPermissions).toEqual([]);
    const gone = await errorOf(
      t.ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [ruleId] })),
    );
    expect(gone.name).toBe("InvalidSecurityGroupRuleId.NotFound");
  });
});

describe("ModifySecurityGroupRules", () => {
  test("rewrites a rule in place: same ID, new source and ports; checked against the group's other rules", async () => {
    // Terraform's aws_vpc_security_group_ingress_rule changes its referenced group this way.
    const database = await createGroup("database");
    const oldPeer = await createGroup("connector-a");
    const newPeer = await createGroup("connector-b");
    const { SecurityGroupRules = [] } = await t.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: database,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: oldPeer }] },
          { ...https, IpRanges: [{ CidrIp: "10.0.0.0/16" }] },
        ],
      }),
    );
    const postgres = SecurityGroupRules[0]?.SecurityGroupRuleId as string;
    await t.ec2.send(
      new ModifySecurityGroupRulesCommand({
        GroupId: database,
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: postgres,
            SecurityGroupRule: {
              IpProtocol: "tcp",
              FromPort: 5432,
              ToPort: 5432,
              ReferencedGroupId: newPeer,
            },
          },
        ],
      }),
    );
    const { SecurityGroupRules: after = [] } = await t.ec2.send(
      new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [postgres] }),
    );
    expect(after[0]).toMatchObject({ IsEgress: false, FromPort: 5432, ToPort: 5432 });
    expect(after[0]?.ReferencedGroupInfo?.GroupId).toBe(newPeer);
    // The old peer is no longer referenced, so it can be deleted.
    await t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: oldPeer }));

    const modify = (
      SecurityGroupRuleId: string,
      SecurityGroupRule: Record<string, unknown>,
      GroupId = database,
    ) =>
      errorOf(
        t.ec2.send(
          new ModifySecurityGroupRulesCommand({
            GroupId,
            SecurityGroupRules: [{ SecurityGroupRuleId, SecurityGroupRule }],
          }),
        ),
      );
    const duplicate = await modify(postgres, { ...https, CidrIpv4: "10.0.0.0/16" });
    expect(duplicate.name).toBe("InvalidPermission.Duplicate");
    expect((await modify("sgr-0123456789abcdef0", { ...https, CidrIpv4: "10.1.0.0/16" })).name).toBe(
      "InvalidSecurityGroupRuleId.NotFound",
    );
    expect((await modify(postgres, { ...https, CidrIpv4: "10.1.0.0/16" }, newPeer)).name).toBe(
      "InvalidSecurityGroupRuleId.NotFound",
    );
    expect((await modify(postgres, { ...https })).name).toBe("MissingParameter");
    expect(
      (await modify(postgres, { ...https, CidrIpv4: "10.1.0.0/16", ReferencedGroupId: newPeer })).name,
    ).toBe("InvalidParameterCombination");
    // Nothing changed by the refused requests.
    const { SecurityGroupRules: unchanged = [] } = await t.ec2.send(
      new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [postgres] }),
    );
    expect(unchanged[0]?.ReferencedGroupInfo?.GroupId).toBe(newPeer);
  });
});

describe("network ACLs", () => {
  test("a new ACL has only the implicit deny rules; entries are added, replaced and deleted", async () => {
    const { NetworkAcl } = await t.ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    const NetworkAclId = NetworkAcl?.NetworkAclId as string;
    expect(NetworkAcl?.Entries?.map((e) => e.RuleNumber)).toEqual([32767, 32767]);
    const entry = {
      NetworkAclId,
      RuleNumber: 100,
      Egress: true,
      Protocol: "6",
      RuleAction: "allow" as const,
      CidrBlock: "0.0.0.0/0",
      PortRange: { From: 443, To: 443 },
    };
    await t.ec2.send(new CreateNetworkAclEntryCommand(entry));
    expect((await errorOf(t.ec2.send(new CreateNetworkAclEntryCommand(entry)))).name).toBe(
      "NetworkAclEntryAlreadyExists",
    );
    await t.ec2.send(new ReplaceNetworkAclEntryCommand({ ...entry, RuleAction: "deny" }));
    const { NetworkAcls } = await t.ec2.send(
      new DescribeNetworkAclsCommand({ NetworkAclIds: [NetworkAclId] }),
    );
    expect(NetworkAcls?.[0]?.Entries?.find((e) => e.RuleNumber === 100)).toMatchObject({
      RuleAction: "deny",
      Protocol: "6",
      PortRange: { From: 443, To: 443 },
    });
    await t.ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId, RuleNumber: 100, Egress: true }));
    const missing = await errorOf(
      t.ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId, RuleNumber: 100, Egress: true })),
    );
    expect(missing.name).toBe("InvalidNetworkAclEntry.NotFound");
  });

  test("subnets use the default ACL until the association is replaced; an associated ACL cannot be deleted", async () => {
    const { Subnet } = await t.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.0.1.0/24" }));
    const SubnetId = Subnet?.SubnetId as string;
    const before = await t.ec2.send(
      new DescribeNetworkAclsCommand({ Filters: [filter("association.subnet-id", SubnetId)] }),
    );
    expect(before.NetworkAcls?.[0]?.IsDefault).toBe(true);
    const associationId = before.NetworkAcls?.[0]?.Associations?.find(
      (a) => a.SubnetId === SubnetId,
    )?.NetworkAclAssociationId;
    const { NetworkAcl } = await t.ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    const NetworkAclId = NetworkAcl?.NetworkAclId as string;
    const { NewAssociationId } = await t.ec2.send(
      new ReplaceNetworkAclAssociationCommand({ AssociationId: associationId, NetworkAclId }),
    );
    expect(NewAssociationId).toMatch(/^aclassoc-/);
    const after = await t.ec2.send(
      new DescribeNetworkAclsCommand({ Filters: [filter("association.subnet-id", SubnetId)] }),
    );
    expect(after.NetworkAcls?.map((a) => a.NetworkAclId)).toEqual([NetworkAclId]);
    expect((await errorOf(t.ec2.send(new DeleteNetworkAclCommand({ NetworkAclId })))).name).toBe(
      "DependencyViolation",
    );
  });

  test("the default ACL cannot be deleted and unknown IDs give InvalidNetworkAclID.NotFound", async () => {
    const { NetworkAcls } = await t.ec2.send(
      new DescribeNetworkAclsCommand({ Filters: [filter("vpc-id", vpcId), filter("default", "true")] }),
    );
    const error = await errorOf(
      t.ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: NetworkAcls?.[0]?.NetworkAclId })),
    );
    expect(error.name).toBe("InvalidParameterValue");
    const missing = await errorOf(
      t.ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: ["acl-0123456789abcdef0"] })),
    );
    expect(missing.name).toBe("InvalidNetworkAclID.NotFound");
  });
});
