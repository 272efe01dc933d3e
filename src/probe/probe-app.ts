// The probe app that the real App Runner service runs (image node:24-alpine, no dependencies):
// GET / answers "ok" (App Runner's health check), GET /probe?host=&port= answers one ProbeResult
// (./probe-result.ts): name resolution, TCP connect, and the address checkip.amazonaws.com saw.
// Plain CommonJS so that `node -e` runs it. Environment: PORT (8080), PROBE_TIMEOUT_MS (5000),
// PROBE_CHECKIP_URL (https://checkip.amazonaws.com; tests point it at a local server).

/** The app's JavaScript source. Keep it dependency-free: the container has Node and nothing else. */
export const PROBE_APP_SOURCE = `"use strict";
const http = require("node:http");
const net = require("node:net");
const dns = require("node:dns");
const TIMEOUT = Number(process.env.PROBE_TIMEOUT_MS || 5000);
const CHECKIP = process.env.PROBE_CHECKIP_URL || "https://checkip.amazonaws.com";
const since = (t) => Date.now() - t;
function lookup(host) {
  const t = Date.now();
  return new Promise((done) => {
    const timer = setTimeout(() => done({ ok: false, error: "ETIMEDOUT", ms: since(t) }), TIMEOUT);
    dns.lookup(host, { all: true, family: 4 }, (err, list) => {
      clearTimeout(timer);
      if (err) done({ ok: false, error: err.code || String(err), ms: since(t) });
      else done({ ok: true, addresses: list.map((a) => a.address), ms: since(t) });
    });
  });
}
function connect(address, port) {
  const t = Date.now();
  return new Promise((done) => {
    const socket = net.connect({ host: address, port });
    const finish = (result) => { socket.destroy(); done(result); };
    socket.setTimeout(TIMEOUT, () => finish({ ok: false, error: "ETIMEDOUT", ms: since(t) }));
    socket.once("connect", () => finish({ ok: true, address, ms: since(t) }));
    socket.once("error", (err) => finish({ ok: false, error: err.code || String(err), ms: since(t) }));
  });
}
async function checkip() {
  const t = Date.now();
  try {
    const res = await fetch(CHECKIP, { signal: AbortSignal.timeout(TIMEOUT) });
    const text = (await res.text()).trim();
    if (!res.ok) return { ok: false, error: "HTTP_" + res.status, ms: since(t) };
    return { ok: true, address: text, ms: since(t) };
  } catch (err) {
    const code = err.name === "TimeoutError" ? "ETIMEDOUT" : (err.cause && err.cause.code) || err.name;
    return { ok: false, error: code, ms: since(t) };
  }
}
async function probe(host, port) {
  const at = new Date().toISOString();
  const [resolved, publicIp] = await Promise.all([lookup(host), checkip()]);
  const tcp = resolved.ok ? await connect(resolved.addresses[0], port) : { ok: false, error: resolved.error, ms: 0 };
  return { probe: "egress-probe/1", host, port, dns: resolved, tcp, publicIp, at };
}
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://probe");
  if (req.method === "GET" && url.pathname === "/") {
    res.writeHead(200, { "content-type": "text/plain" });
    return res.end("ok");
  }
  if (req.method === "GET" && url.pathname === "/probe") {
    const host = url.searchParams.get("host") || "";
    const port = Number(url.searchParams.get("port") || 443);
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
      res.writeHead(400, { "content-type": "application/json" });
      return res.end(JSON.stringify({ error: "expected /probe?host=<name>&port=<1-65535>" }));
    }
    const result = await probe(host, port);
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify(result));
  }
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found");
});
server.listen(Number(process.env.PORT || 8080), () => {
  console.log("probe app listening on " + server.address().port);
});
`;

/** The environment variable that carries the base64 source (values may be up to 51,200 characters). */
export const PROBE_APP_ENV = "PROBE_APP_B64";

/**
 * StartCommand for the service: decodes and runs the source from PROBE_APP_B64, so the command
 * itself stays one short line (StartCommand must not contain newlines: botocore model pattern
 * `[^\x0a\x0d]+`). Whether App Runner runs StartCommand through a shell is *unverified*; this
 * command works both ways since the quoted part contains no shell expansions.
 */
export const PROBE_APP_START_COMMAND = `node -e "eval(Buffer.from(process.env.${PROBE_APP_ENV},'base64').toString())"`;

/** The port the app listens on (App Runner's ImageConfiguration.Port, passed as PORT). */
export const PROBE_APP_PORT = 8080;

/** RuntimeEnvironmentVariables for the service: the encoded source and the port. */
export function buildProbeAppEnvironment(): Record<string, string> {
  return {
    [PROBE_APP_ENV]: Buffer.from(PROBE_APP_SOURCE, "utf8").toString("base64"),
    PORT: String(PROBE_APP_PORT),
  };
}
