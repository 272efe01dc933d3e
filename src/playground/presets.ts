// Ready-made situations: the fixed setup, the public-subnet trap, and one per row of the
// troubleshooting table (src/content/docs/troubleshooting.mdx links each row to its preset).
// A preset is only a set of control values: the verdict always comes from the model.

import { type Controls, FIXED_CONTROLS } from "./controls.ts";

export interface Preset {
  id: string;
  title: { en: string; ja: string };
  controls: Controls;
}

function preset(id: string, en: string, ja: string, changes: Partial<Controls>): Preset {
  return { id, title: { en, ja }, controls: { ...FIXED_CONTROLS, ...changes } };
}

export const PRESETS: readonly Preset[] = [
  preset(
    "fixed",
    "The fixed setup: private subnets, NAT gateway",
    "解決後: プライベートサブネットと NAT ゲートウェイ",
    {},
  ),
  preset(
    "public-subnet-trap",
    "The public-subnet trap: connector in public subnets",
    "パブリックサブネットの罠: コネクタをパブリックサブネットに",
    { subnets: "public", route: "none" },
  ),
  preset(
    "no-route",
    "External calls time out, the name resolves: no 0.0.0.0/0 route",
    "外部 API がタイムアウト、名前は解決できる: 0.0.0.0/0 ルートがない",
    { route: "none" },
  ),
  preset(
    "aws-api-no-route",
    "AWS SDK calls time out (Secrets Manager, STS, ...)",
    "AWS SDK の呼び出しがタイムアウトする (Secrets Manager、STS など)",
    { route: "none", destination: "secretsmanager" },
  ),
  preset(
    "one-az-route",
    "Works from one Availability Zone's subnet but not another's",
    "ある AZ のサブネットからは動き、別の AZ からは動かない",
    { routeAzs: "first" },
  ),
  preset(
    "dns-off",
    "Host names do not resolve: DNS resolution turned off",
    "名前解決ができない: DNS 解決がオフ",
    { dnsSupport: "off" },
  ),
  preset(
    "default-egress",
    "DEFAULT egress: no fixed source address for a partner's allowlist",
    "DEFAULT エグレス: 相手の許可リストに載せる固定の送信元アドレスがない",
    { workload: "apprunner-default", route: "none" },
  ),
  preset(
    "s3-endpoint-only",
    "S3 works, everything else times out: a gateway endpoint only",
    "S3 は動くが他はタイムアウト: ゲートウェイエンドポイントだけ",
    { route: "none", s3Endpoint: "on" },
  ),
  preset(
    "nat-deleted",
    "Stopped after the NAT gateway was deleted: blackhole route",
    "NAT ゲートウェイ削除後に停止: ブラックホールルート",
    { natState: "deleted" },
  ),
  preset(
    "nat-private-subnet",
    "NAT gateway in a private subnet",
    "プライベートサブネットにある NAT ゲートウェイ",
    { natSubnet: "private" },
  ),
  preset(
    "igw-detached",
    "Internet gateway detached from the VPC",
    "インターネットゲートウェイが VPC からデタッチされている",
    { igw: "detached" },
  ),
  preset("nat-pending", "NAT gateway not available yet", "NAT ゲートウェイがまだ available でない", {
    natState: "pending",
  }),
  preset(
    "sg-https-only",
    "Only some ports fail: the security group allows HTTPS only",
    "一部のポートだけ失敗: セキュリティグループが HTTPS のみ許可",
    { sgEgress: "https", destination: "database" },
  ),
  preset(
    "nacl-no-return",
    "Only some destinations fail: the network ACL drops the return traffic",
    "一部の宛先だけ失敗: ネットワーク ACL が戻りのトラフィックを落とす",
    { nacl: "no-return" },
  ),
  preset(
    "sg-no-outbound",
    "Every call times out: the security group has no outbound rule",
    "すべての呼び出しがタイムアウト: セキュリティグループにアウトバウンドルールがない",
    { sgEgress: "none" },
  ),
  preset(
    "one-nat",
    "One NAT gateway for subnets in two zones",
    "2 つの AZ のサブネットに NAT ゲートウェイが 1 つ",
    { nats: "one" },
  ),
  preset(
    "default-egress-database",
    "DEFAULT egress cannot reach your RDS database",
    "DEFAULT エグレスから RDS データベースに届かない",
    { workload: "apprunner-default", route: "none", destination: "database" },
  ),
  preset(
    "endpoint-sg-closed",
    "An interface endpoint exists, calls still time out: its security group lets nothing in",
    "インターフェイスエンドポイントがあるのにタイムアウト: そのセキュリティグループが何も通さない",
    {
      route: "none",
      destination: "secretsmanager",
      interfaceEndpoint: "secretsmanager",
      endpointSgInbound: "none",
    },
  ),
  preset(
    "sts-global-name",
    "STS calls time out although an STS interface endpoint exists: the global name",
    "STS のインターフェイスエンドポイントがあるのに STS の呼び出しがタイムアウト: グローバルな名前",
    { route: "none", destination: "sts-global", interfaceEndpoint: "sts" },
  ),
  preset(
    "endpoint-private-dns-off",
    "An interface endpoint exists, the name resolves to a public address: private DNS off",
    "インターフェイスエンドポイントがあるのに名前がパブリックアドレスに解決される: プライベート DNS がオフ",
    {
      route: "none",
      destination: "secretsmanager",
      interfaceEndpoint: "secretsmanager",
      endpointPrivateDns: "off",
    },
  ),
  preset(
    "tgw-egress",
    "Centralized egress through a transit gateway and an egress VPC",
    "Transit Gateway と送信用 VPC による集中型の送信",
    { route: "transit-gateway" },
  ),
  preset(
    "tgw-blackhole",
    "Centralized egress broken: a blackhole route in the transit gateway route table",
    "集中型の送信が壊れている: Transit Gateway のルートテーブルにブラックホールルート",
    { route: "transit-gateway", tgwDefaultRoute: "blackhole" },
  ),
  preset(
    "tgw-no-return",
    "Centralized egress broken: the egress VPC has no route back",
    "集中型の送信が壊れている: 送信用 VPC に戻りのルートがない",
    { route: "transit-gateway", tgwReturnRoute: "off" },
  ),
  preset(
    "ipv6-only-host",
    "An IPv6-only host fails, even from dual-stack subnets: App Runner sends IPv4 only",
    "IPv6 だけのホストに届かない、デュアルスタックのサブネットでも: App Runner の送信は IPv4 だけ",
    { ipv6: "dual-stack", destination: "ipv6-api" },
  ),
  preset(
    "firewall-no-onward-route",
    "Traffic goes into the firewall and not out: the firewall subnets have no route onward",
    "ファイアウォールに入ったトラフィックが出ていかない: ファイアウォールサブネットに先へのルートがない",
    { route: "firewall", firewallOnwardRoute: "none" },
  ),
  preset(
    "nat-instance-check-on",
    "Egress through a NAT instance times out: its source/destination check is on",
    "NAT インスタンス経由の送信がタイムアウト: 送信元/送信先チェックが有効",
    { route: "nat-instance", natInstanceSourceDestCheck: "on" },
  ),
  preset(
    "peering-no-return",
    "A database in a peered VPC times out: the peer has no route back",
    "ピアリングした VPC のデータベースがタイムアウト: 相手側に戻りのルートがない",
    { route: "none", destination: "peered-database", peerReturnRoute: "off" },
  ),
  preset(
    "peering-default-route",
    "Internet traffic routed to a peering connection",
    "インターネット向けのトラフィックをピアリング接続に送っている",
    { route: "peering" },
  ),
  preset(
    "tgw-s3-egress-endpoint",
    "S3 times out from a VPC whose egress goes through a transit gateway: the gateway endpoint is in the egress VPC",
    "Transit Gateway 経由で送信する VPC から S3 がタイムアウト: ゲートウェイエンドポイントが送信用 VPC にある",
    { route: "transit-gateway", s3Endpoint: "egress-vpc", destination: "s3" },
  ),
  preset(
    "fargate-ecr-no-nat",
    "A Fargate task cannot pull its image in private subnets without NAT",
    "NAT のないプライベートサブネットで Fargate タスクがイメージをプルできない",
    { workload: "fargate", route: "none", destination: "ecr" },
  ),
  preset(
    "regional-nat-no-zone",
    "A regional NAT gateway in manual mode without an address in the second AZ",
    "手動モードのリージョナル NAT ゲートウェイに 2 つ目の AZ のアドレスがない",
    { route: "regional-nat", regionalNatMode: "manual", regionalNatZones: "first" },
  ),
  preset(
    "regional-nat-no-igw",
    "A regional NAT gateway in a VPC without an attached internet gateway",
    "インターネットゲートウェイがアタッチされていない VPC のリージョナル NAT ゲートウェイ",
    { route: "regional-nat", igw: "detached" },
  ),
];

export function findPreset(id: string | null): Preset | undefined {
  return PRESETS.find((candidate) => candidate.id === id);
}
