// The playground's words, in English and Japanese. The model's own messages (hops, reasons, fixes)
// stay in English, as the doctor prints them; the page marks them lang="en".

import type { ControlName, Controls } from "./controls.ts";

export type Locale = "en" | "ja";

type ValueLabels = { [name in ControlName]: { [value in Controls[name]]: string } };

interface Text {
  controls: { [name in ControlName]: string };
  values: ValueLabels;
  groups: {
    workload: string;
    routing: string;
    nat: string;
    filtering: string;
    vpc: string;
    destination: string;
  };
  ui: {
    preset: string;
    custom: string;
    verdict: { reachable: string; unreachable: string; partial: string };
    subnetVerdict: { reachable: string; unreachable: string; unknown: string };
    path: string;
    reason: string;
    fix: string;
    sourceAddress: string;
    unknownAddress: string;
    warnings: string;
    awsManaged: string;
    link: string;
    ignored: string;
    exportResult: string;
    exportError: string;
    backToControls: string;
    stopsHere: string;
    reachedHere: string;
    unknownHere: string;
    hopKinds: Record<string, string>;
  };
}

const en: Text = {
  controls: {
    workload: "Workload",
    subnets: "Workload subnets",
    route: "Private route tables: 0.0.0.0/0 target",
    routeAzs: "Route present in",
    nats: "NAT gateways",
    natSubnet: "NAT gateway's subnet",
    natState: "NAT gateway's state",
    natConnectivity: "NAT gateway's connectivity type",
    igw: "Internet gateway",
    sgEgress: "Security group outbound rules",
    nacl: "Network ACL of the workload subnets",
    dnsSupport: "DNS resolution (enableDnsSupport)",
    dnsHostnames: "DNS hostnames (enableDnsHostnames)",
    s3Endpoint: "S3 gateway endpoint",
    destination: "Destination",
    interfaceEndpoint: "Interface endpoint (PrivateLink)",
    endpointPrivateDns: "Interface endpoint's private DNS",
    endpointSgInbound: "Interface endpoint's security group inbound rules",
    tgwDefaultRoute: "Transit gateway route table: 0.0.0.0/0",
    tgwReturnRoute: "Egress VPC's route back to this VPC (via the transit gateway)",
    peeringState: "Peering connection to the database VPC",
    peerReturnRoute: "Database VPC's route back (via the peering connection)",
    ipv6: "IPv6 in the VPC",
    natInstanceSourceDestCheck: "NAT instance's source/destination check",
    natInstanceState: "NAT instance's state",
    firewallOnwardRoute: "Firewall subnets' route tables: 0.0.0.0/0",
    regionalNatMode: "Regional NAT gateway's mode",
    regionalNatZones: "Regional NAT gateway's zones (with an address)",
  },
  values: {
    workload: {
      apprunner: "App Runner with a VPC connector",
      "apprunner-default": "App Runner, DEFAULT egress (no connector)",
      lambda: "Lambda function in a VPC",
      fargate: "Fargate task without a public IP",
      "fargate-public-ip": "Fargate task with a public IP",
    },
    subnets: { private: "private", public: "public (route to the internet gateway)" },
    route: {
      none: "none",
      nat: "NAT gateway",
      igw: "internet gateway",
      "transit-gateway": "transit gateway (central egress VPC)",
      peering: "VPC peering connection",
      "nat-instance": "NAT instance",
      firewall: "firewall endpoint (AWS Network Firewall)",
      "regional-nat": "regional NAT gateway (no public subnet)",
    },
    routeAzs: { all: "every AZ's route table", first: "the first AZ's route table only" },
    nats: { "per-az": "one per AZ", one: "one, in the first AZ" },
    natSubnet: { public: "public subnet", private: "private subnet (no internet route)" },
    natState: { available: "available", pending: "pending", failed: "failed", deleted: "deleted" },
    natConnectivity: { public: "public (Elastic IP)", private: "private" },
    igw: { attached: "attached to the VPC", detached: "detached" },
    sgEgress: {
      all: "all traffic to 0.0.0.0/0",
      https: "TCP 443 to 0.0.0.0/0 only",
      vpc: "all traffic to the VPC only",
      none: "none",
    },
    nacl: {
      allow: "default (allows everything)",
      "deny-outbound": "denies all outbound",
      "no-return": "inbound TCP 443 only (replies dropped)",
    },
    dnsSupport: { on: "on", off: "off" },
    dnsHostnames: { on: "on", off: "off" },
    s3Endpoint: {
      off: "none",
      on: "on the private route tables",
      "egress-vpc": "in the egress VPC only (behind the transit gateway)",
    },
    destination: {
      api: "a public API (api.example.com:443)",
      secretsmanager: "Secrets Manager (public endpoint, 443)",
      s3: "Amazon S3 (443)",
      database: "a database in the VPC (5432)",
      sts: "STS, regional name (sts.us-east-1.amazonaws.com:443)",
      "sts-global": "STS, global name (sts.amazonaws.com:443)",
      "ipv6-api": "an IPv6-only host (AAAA record only, 443)",
      "peered-database": "a database in a peered VPC (5432)",
      ecr: "an ECR registry, image pull (111122223333.dkr.ecr.us-east-1.amazonaws.com:443)",
    },
    interfaceEndpoint: {
      none: "none",
      secretsmanager: "Secrets Manager",
      sts: "STS (regional)",
      "ecr.dkr": "ECR (ecr.dkr: image pulls)",
    },
    endpointPrivateDns: { on: "on", off: "off" },
    endpointSgInbound: { https: "TCP 443 from the workload's security group", none: "none" },
    tgwDefaultRoute: {
      "egress-vpc": "to the egress VPC's attachment",
      blackhole: "blackhole",
      none: "no route",
    },
    tgwReturnRoute: { on: "present", off: "missing" },
    peeringState: { active: "active", "pending-acceptance": "pending-acceptance" },
    peerReturnRoute: { on: "present", off: "missing" },
    ipv6: { off: "IPv4 only", "dual-stack": "dual-stack (egress-only internet gateway)" },
    natInstanceSourceDestCheck: { off: "off", on: "on (the default)" },
    natInstanceState: { running: "running", stopped: "stopped" },
    firewallOnwardRoute: { nat: "to the NAT gateway", none: "no route" },
    regionalNatMode: {
      automatic: "automatic (AWS adds zones)",
      manual: "manual (an Elastic IP per zone)",
    },
    regionalNatZones: { all: "every AZ", first: "the first AZ only" },
  },
  groups: {
    workload: "Workload",
    routing: "Routing",
    nat: "NAT gateway and internet gateway",
    filtering: "Security group and network ACL",
    vpc: "VPC attributes and endpoints",
    destination: "Destination",
  },
  ui: {
    preset: "Situation",
    custom: "(your own changes)",
    verdict: {
      reachable: "Reachable from every subnet",
      unreachable: "Unreachable",
      partial: "Reachable from some subnets only, or not known for all",
    },
    subnetVerdict: {
      reachable: "reachable",
      unreachable: "unreachable",
      unknown: "unknown: the path continues where the export could not read",
    },
    path: "Path",
    reason: "Reason",
    fix: "Fix",
    sourceAddress: "The destination sees",
    unknownAddress: "an address AWS assigns (not fixed)",
    warnings: "Warnings",
    awsManaged: "AWS-managed egress",
    link: "Link to this situation",
    ignored: "Ignored in the link (unknown):",
    exportResult: "Diagnosis of the pasted export",
    exportError: "The export could not be read:",
    backToControls: "Back to the playground's situation",
    stopsHere: "the packet stops here",
    reachedHere: "reached",
    unknownHere: "not followed further: not in what was read",
    hopKinds: {
      interface: "interface",
      "security-group": "security group",
      "network-acl": "network ACL",
      "route-table": "route table",
      local: "local route",
      "gateway-endpoint": "gateway endpoint",
      "nat-gateway": "NAT gateway",
      "internet-gateway": "internet gateway",
      "aws-managed": "AWS-managed",
      internet: "internet",
      "vpc-destination": "in the VPC",
      "interface-endpoint": "interface endpoint",
      "transit-gateway": "transit gateway",
      "transit-gateway-attachment": "transit gateway attachment",
      "vpc-peering": "VPC peering",
      "appliance-endpoint": "firewall or appliance endpoint",
      "nat-instance": "NAT instance",
      "egress-only-internet-gateway": "egress-only internet gateway",
      "not-readable": "not readable",
    },
  },
};

const ja: Text = {
  controls: {
    workload: "ワークロード",
    subnets: "ワークロードのサブネット",
    route: "プライベートルートテーブルの 0.0.0.0/0 のターゲット",
    routeAzs: "ルートがあるルートテーブル",
    nats: "NAT ゲートウェイ",
    natSubnet: "NAT ゲートウェイのサブネット",
    natState: "NAT ゲートウェイの状態",
    natConnectivity: "NAT ゲートウェイの接続タイプ",
    igw: "インターネットゲートウェイ",
    sgEgress: "セキュリティグループのアウトバウンドルール",
    nacl: "ワークロードのサブネットのネットワーク ACL",
    dnsSupport: "DNS 解決 (enableDnsSupport)",
    dnsHostnames: "DNS ホスト名 (enableDnsHostnames)",
    s3Endpoint: "S3 ゲートウェイエンドポイント",
    destination: "宛先",
    interfaceEndpoint: "インターフェイスエンドポイント (PrivateLink)",
    endpointPrivateDns: "インターフェイスエンドポイントのプライベート DNS",
    endpointSgInbound: "インターフェイスエンドポイントのセキュリティグループのインバウンドルール",
    tgwDefaultRoute: "Transit Gateway のルートテーブルの 0.0.0.0/0",
    tgwReturnRoute: "送信用 VPC からこの VPC への戻りのルート (Transit Gateway 経由)",
    peeringState: "データベース VPC とのピアリング接続",
    peerReturnRoute: "データベース VPC からの戻りのルート (ピアリング接続経由)",
    ipv6: "VPC の IPv6",
    natInstanceSourceDestCheck: "NAT インスタンスの送信元/送信先チェック",
    natInstanceState: "NAT インスタンスの状態",
    firewallOnwardRoute: "ファイアウォールサブネットのルートテーブルの 0.0.0.0/0",
    regionalNatMode: "リージョナル NAT ゲートウェイのモード",
    regionalNatZones: "リージョナル NAT ゲートウェイの AZ (アドレスあり)",
  },
  values: {
    workload: {
      apprunner: "VPC コネクタ付きの App Runner",
      "apprunner-default": "App Runner、DEFAULT エグレス (コネクタなし)",
      lambda: "VPC 内の Lambda 関数",
      fargate: "パブリック IP なしの Fargate タスク",
      "fargate-public-ip": "パブリック IP ありの Fargate タスク",
    },
    subnets: { private: "プライベート", public: "パブリック (インターネットゲートウェイへのルート)" },
    route: {
      none: "なし",
      nat: "NAT ゲートウェイ",
      igw: "インターネットゲートウェイ",
      "transit-gateway": "Transit Gateway (集中型の送信用 VPC)",
      peering: "VPC ピアリング接続",
      "nat-instance": "NAT インスタンス",
      firewall: "ファイアウォールエンドポイント (AWS Network Firewall)",
      "regional-nat": "リージョナル NAT ゲートウェイ (パブリックサブネット不要)",
    },
    routeAzs: { all: "すべての AZ のルートテーブル", first: "最初の AZ のルートテーブルだけ" },
    nats: { "per-az": "AZ ごとに 1 つ", one: "最初の AZ に 1 つだけ" },
    natSubnet: {
      public: "パブリックサブネット",
      private: "プライベートサブネット (インターネットへのルートなし)",
    },
    natState: { available: "available", pending: "pending", failed: "failed", deleted: "deleted" },
    natConnectivity: { public: "パブリック (Elastic IP)", private: "プライベート" },
    igw: { attached: "VPC にアタッチ済み", detached: "デタッチ" },
    sgEgress: {
      all: "0.0.0.0/0 へのすべてのトラフィック",
      https: "0.0.0.0/0 への TCP 443 だけ",
      vpc: "VPC 内へのすべてのトラフィックだけ",
      none: "なし",
    },
    nacl: {
      allow: "デフォルト (すべて許可)",
      "deny-outbound": "アウトバウンドをすべて拒否",
      "no-return": "インバウンドは TCP 443 だけ (応答が落ちる)",
    },
    dnsSupport: { on: "オン", off: "オフ" },
    dnsHostnames: { on: "オン", off: "オフ" },
    s3Endpoint: {
      off: "なし",
      on: "プライベートルートテーブルに設定",
      "egress-vpc": "送信用 VPC だけ (Transit Gateway の先)",
    },
    destination: {
      api: "公開 API (api.example.com:443)",
      secretsmanager: "Secrets Manager (パブリックエンドポイント、443)",
      s3: "Amazon S3 (443)",
      database: "VPC 内のデータベース (5432)",
      sts: "STS、リージョンの名前 (sts.us-east-1.amazonaws.com:443)",
      "sts-global": "STS、グローバルな名前 (sts.amazonaws.com:443)",
      "ipv6-api": "IPv6 だけのホスト (AAAA レコードだけ、443)",
      "peered-database": "ピアリングした VPC 内のデータベース (5432)",
      ecr: "ECR レジストリ、イメージのプル (111122223333.dkr.ecr.us-east-1.amazonaws.com:443)",
    },
    interfaceEndpoint: {
      none: "なし",
      secretsmanager: "Secrets Manager",
      sts: "STS (リージョン)",
      "ecr.dkr": "ECR (ecr.dkr: イメージのプル)",
    },
    endpointPrivateDns: { on: "オン", off: "オフ" },
    endpointSgInbound: { https: "ワークロードのセキュリティグループからの TCP 443", none: "なし" },
    tgwDefaultRoute: {
      "egress-vpc": "送信用 VPC のアタッチメントへ",
      blackhole: "ブラックホール",
      none: "ルートなし",
    },
    tgwReturnRoute: { on: "あり", off: "なし" },
    peeringState: { active: "active", "pending-acceptance": "pending-acceptance" },
    peerReturnRoute: { on: "あり", off: "なし" },
    ipv6: { off: "IPv4 だけ", "dual-stack": "デュアルスタック (Egress-only インターネットゲートウェイ)" },
    natInstanceSourceDestCheck: { off: "オフ", on: "オン (デフォルト)" },
    natInstanceState: { running: "running", stopped: "stopped" },
    firewallOnwardRoute: { nat: "NAT ゲートウェイへ", none: "ルートなし" },
    regionalNatMode: {
      automatic: "自動 (AZ を AWS が追加する)",
      manual: "手動 (AZ ごとに Elastic IP)",
    },
    regionalNatZones: { all: "すべての AZ", first: "最初の AZ だけ" },
  },
  groups: {
    workload: "ワークロード",
    routing: "ルーティング",
    nat: "NAT ゲートウェイとインターネットゲートウェイ",
    filtering: "セキュリティグループとネットワーク ACL",
    vpc: "VPC の属性とエンドポイント",
    destination: "宛先",
  },
  ui: {
    preset: "状況",
    custom: "(独自に変更)",
    verdict: {
      reachable: "すべてのサブネットから到達できる",
      unreachable: "到達できない",
      partial: "一部のサブネットからだけ到達できる、またはすべては分からない",
    },
    subnetVerdict: {
      reachable: "到達できる",
      unreachable: "到達できない",
      unknown: "不明: 読み取れなかった先に経路が続く",
    },
    path: "経路",
    reason: "理由",
    fix: "修正",
    sourceAddress: "宛先から見える送信元",
    unknownAddress: "AWS が割り当てるアドレス (固定ではない)",
    warnings: "警告",
    awsManaged: "AWS 管理のエグレス",
    link: "この状況へのリンク",
    ignored: "リンクの中で無視した項目 (不明):",
    exportResult: "貼り付けたエクスポートの診断",
    exportError: "エクスポートを読めませんでした:",
    backToControls: "プレイグラウンドの状況に戻る",
    stopsHere: "パケットはここで止まる",
    reachedHere: "到達",
    unknownHere: "ここから先は読み取った内容にないため追えない",
    hopKinds: {
      interface: "インターフェイス",
      "security-group": "セキュリティグループ",
      "network-acl": "ネットワーク ACL",
      "route-table": "ルートテーブル",
      local: "local ルート",
      "gateway-endpoint": "ゲートウェイエンドポイント",
      "nat-gateway": "NAT ゲートウェイ",
      "internet-gateway": "インターネットゲートウェイ",
      "aws-managed": "AWS 管理",
      internet: "インターネット",
      "vpc-destination": "VPC 内",
      "interface-endpoint": "インターフェイスエンドポイント",
      "transit-gateway": "Transit Gateway",
      "transit-gateway-attachment": "Transit Gateway アタッチメント",
      "vpc-peering": "VPC ピアリング",
      "appliance-endpoint": "ファイアウォールまたはアプライアンスのエンドポイント",
      "nat-instance": "NAT インスタンス",
      "egress-only-internet-gateway": "Egress-only インターネットゲートウェイ",
      "not-readable": "読み取れない",
    },
  },
};

export const TEXT: Record<Locale, Text> = { en, ja };

/** Which group each control is shown in, in order. A control missing here is shown in the last group. */
export const CONTROL_GROUPS: Record<keyof Text["groups"], ControlName[]> = {
  workload: ["workload", "subnets"],
  routing: [
    "route",
    "routeAzs",
    "tgwDefaultRoute",
    "tgwReturnRoute",
    "peeringState",
    "peerReturnRoute",
    "firewallOnwardRoute",
    "ipv6",
  ],
  nat: [
    "nats",
    "natSubnet",
    "natState",
    "natConnectivity",
    "igw",
    "natInstanceSourceDestCheck",
    "natInstanceState",
    "regionalNatMode",
    "regionalNatZones",
  ],
  filtering: ["sgEgress", "nacl"],
  vpc: [
    "dnsSupport",
    "dnsHostnames",
    "s3Endpoint",
    "interfaceEndpoint",
    "endpointPrivateDns",
    "endpointSgInbound",
  ],
  destination: ["destination"],
};

export function localeOf(lang: string | undefined): Locale {
  return lang?.startsWith("ja") ? "ja" : "en";
}
