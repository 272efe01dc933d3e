// The one-shot probe for an EC2 instance (user data). Amazon Linux 2023 has no Node.js by default
// and installing it would need the very egress being tested, so the probe is bash with what AL2023
// ships: getent, bash's /dev/tcp, timeout, curl, date. Every 30 s for a few minutes it prints one
// line `EGRESS_PROBE_RESULT {json}` (the ProbeResult shape of ./probe-result.ts) to stdout and to
// /dev/console, which is what GetConsoleOutput returns.

export interface InstanceProbeOptions {
  host: string;
  port: number;
  /** How many probes (default 10) and the pause between them (default 30 s). */
  repeat?: number;
  intervalSeconds?: number;
  /** Per-step timeout (default 5 s). */
  timeoutSeconds?: number;
  /** Where to ask for the public address (default https://checkip.amazonaws.com). */
  checkipUrl?: string;
  /** Also write to /dev/console (default true; tests turn it off). */
  console?: boolean;
}

const HOST_PATTERN = /^[A-Za-z0-9.-]{1,253}$/;

/** The user data script (plain text; RunInstances wants it base64-encoded). */
export function renderInstanceProbeScript(options: InstanceProbeOptions): string {
  if (!HOST_PATTERN.test(options.host)) throw new Error(`Invalid probe host: ${options.host}`);
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw new Error(`Invalid probe port: ${options.port}`);
  }
  const checkip = options.checkipUrl ?? "https://checkip.amazonaws.com";
  if (!/^https?:\/\/[A-Za-z0-9.:/-]+$/.test(checkip)) throw new Error(`Invalid checkip URL: ${checkip}`);
  const lines = [
    "#!/bin/bash",
    "# App Runner Egress Lab: egress probe (prints EGRESS_PROBE_RESULT lines to the console)",
    `PROBE_HOST=${options.host}`,
    `PROBE_PORT=${options.port}`,
    `PROBE_REPEAT=${options.repeat ?? 10}`,
    `PROBE_INTERVAL=${options.intervalSeconds ?? 30}`,
    `PROBE_TIMEOUT=${options.timeoutSeconds ?? 5}`,
    `PROBE_CHECKIP=${checkip}`,
    `PROBE_CONSOLE=${options.console === false ? 0 : 1}`,
    ...PROBE_BODY,
  ];
  return `${lines.join("\n")}\n`;
}

/** Host and port of a probe script (the emulator reads them from the stored user data). */
export function parseInstanceProbeScript(userData: string): { host: string; port: number } | null {
  const host = /^PROBE_HOST=(\S+)$/m.exec(userData)?.[1];
  const port = /^PROBE_PORT=(\d+)$/m.exec(userData)?.[1];
  if (host === undefined || port === undefined) return null;
  return { host, port: Number(port) };
}

// ms since the epoch: GNU date's %N (AL2023 ships coreutils).
const PROBE_BODY = [
  "now_ms() { date +%s%3N; }",
  'json_step_error() { printf \'{"ok":false,"error":"%s","ms":%s}\' "$1" "$2"; }',
  "probe_once() {",
  "  local at t dns tcp pub addrs first err rc out",
  "  at=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)",
  "  t=$(now_ms)",
  '  out=$(timeout "$PROBE_TIMEOUT" getent ahostsv4 "$PROBE_HOST")',
  "  rc=$?",
  "  addrs=$(printf '%s\\n' \"$out\" | awk '$1 ~ /^[0-9.]+$/ && !seen[$1]++ {print $1}')",
  '  if [ -n "$addrs" ]; then',
  '    dns=$(printf \'{"ok":true,"addresses":[%s],"ms":%s}\' "$(printf \'"%s",\' $addrs | sed \'s/,$//\')" $(( $(now_ms) - t )))',
  "    first=$(printf '%s\\n' \"$addrs\" | head -n 1)",
  "  else",
  '    if [ "$rc" = 124 ]; then err=ETIMEDOUT; else err=ENOTFOUND; fi',
  '    dns=$(json_step_error "$err" $(( $(now_ms) - t )))',
  "  fi",
  '  if [ -n "$first" ]; then',
  "    t=$(now_ms)",
  '    out=$(timeout "$PROBE_TIMEOUT" bash -c "exec 3<>/dev/tcp/$first/$PROBE_PORT" 2>&1)',
  "    rc=$?",
  '    if [ "$rc" = 0 ]; then',
  '      tcp=$(printf \'{"ok":true,"address":"%s","ms":%s}\' "$first" $(( $(now_ms) - t )))',
  "    else",
  '      case "$rc:$out" in',
  "        124:*) err=ETIMEDOUT ;;",
  "        *refused*) err=ECONNREFUSED ;;",
  "        *'No route'*) err=EHOSTUNREACH ;;",
  "        *unreachable*) err=ENETUNREACH ;;",
  "        *) err=ECONNFAILED ;;",
  "      esac",
  '      tcp=$(json_step_error "$err" $(( $(now_ms) - t )))',
  "    fi",
  "  else",
  '    tcp=$(json_step_error "$err" 0)',
  "  fi",
  "  t=$(now_ms)",
  '  out=$(curl -s -f -m "$PROBE_TIMEOUT" "$PROBE_CHECKIP")',
  "  rc=$?",
  "  out=$(printf '%s' \"$out\" | tr -cd '0-9a-fA-F.:')",
  '  if [ "$rc" = 0 ] && [ -n "$out" ]; then',
  '    pub=$(printf \'{"ok":true,"address":"%s","ms":%s}\' "$out" $(( $(now_ms) - t )))',
  "  else",
  '    case "$rc" in',
  "      28) err=ETIMEDOUT ;; 6) err=ENOTFOUND ;; 7) err=ECONNREFUSED ;; 22) err=HTTP_ERROR ;; *) err=ECURL_$rc ;;",
  "    esac",
  '    pub=$(json_step_error "$err" $(( $(now_ms) - t )))',
  "  fi",
  '  printf \'EGRESS_PROBE_RESULT {"probe":"egress-probe/1","host":"%s","port":%s,"dns":%s,"tcp":%s,"publicIp":%s,"at":"%s"}\\n\' \\',
  '    "$PROBE_HOST" "$PROBE_PORT" "$dns" "$tcp" "$pub" "$at"',
  "}",
  'for i in $(seq 1 "$PROBE_REPEAT"); do',
  "  line=$(probe_once)",
  '  echo "$line"',
  '  if [ "$PROBE_CONSOLE" = 1 ]; then echo "$line" > /dev/console 2>/dev/null || true; fi',
  '  if [ "$i" -lt "$PROBE_REPEAT" ]; then sleep "$PROBE_INTERVAL"; fi',
  "done",
];
