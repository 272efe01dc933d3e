// The probe app that the real App Runner service runs (image node:24-alpine, no dependencies):
// GET / answers "ok" (App Runner's health check), GET /probe?host=&port= answers one ProbeResult
// (./probe-result.ts): name resolution, TCP connect, and the address checkip.amazonaws.com saw.
// It takes Node's built-in modules with process.getBuiltinModule (Node 22.3+), so the same text runs
// as a script (`node -e`) and as an ES module (the data: URL below). Environment: PORT (8080),
// PROBE_TIMEOUT_MS (5000), PROBE_CHECKIP_URL (https://checkip.amazonaws.com; tests point it at a
// local server).

/** The app's JavaScript source. Keep it dependency-free: the container has Node and nothing else. */
export const PROBE_APP_SOURCE = `"use strict";
const http = process.getBuiltinModule("node:http");
const net = process.getBuiltinModule("node:net");
const dns = process.getBuiltinModule("node:dns");
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

/**
 * How the service starts the app: with no StartCommand at all. The image's default command is
 * `node` (ENTRYPOINT docker-entrypoint.sh, CMD ["node"] in the official image), which without a
 * terminal reads its program from standard input and exits when that is empty: by itself nothing
 * listens. Node reads NODE_OPTIONS from the environment and allows `--import` there (Node CLI
 * docs, "NODE_OPTIONS"); `--import=data:text/javascript;base64,...` preloads the app as an ES
 * module (data: URLs are valid module specifiers, Node docs "Modules: ECMAScript modules", data:
 * imports), and its listening server keeps the process alive after the empty main program ends.
 * Why not a StartCommand: App Runner does not run it through a shell (aws/apprunner-roadmap#180)
 * and does not document how it splits the words, so a command that needs quotes is a gamble. This
 * value holds no space and no quote, so Node's own NODE_OPTIONS splitting (whitespace, double
 * quotes) leaves it one word. Base64 keeps the value to [A-Za-z0-9+/=;:,.-] characters.
 */
export const PROBE_APP_MODULE_URL = `data:text/javascript;base64,${Buffer.from(PROBE_APP_SOURCE, "utf8").toString("base64")}`;

/** The port the app listens on (App Runner's ImageConfiguration.Port, passed as PORT). */
export const PROBE_APP_PORT = 8080;

/**
 * RuntimeEnvironmentVariables for the service: NODE_OPTIONS that preloads the app, and the port.
 * About 5 KB, far below App Runner's 51,200-character limit per value (botocore model,
 * RuntimeEnvironmentVariablesValue).
 */
export function buildProbeAppEnvironment(): Record<string, string> {
  return { NODE_OPTIONS: `--import=${PROBE_APP_MODULE_URL}`, PORT: String(PROBE_APP_PORT) };
}
