import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".txt": "text/plain",
};

export interface StaticServer {
  /** Origin plus base, ending in "/" (e.g. http://127.0.0.1:4321/apprunner-egress-lab/). */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `directory` at `base` on 127.0.0.1, like a static host; anything outside `base` is 404. */
export async function serveStatic(directory: string, base = "/"): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    if (!path.startsWith(base)) {
      response.writeHead(404).end("outside base");
      return;
    }
    let file = normalize(join(directory, path.slice(base.length)));
    if (!file.startsWith(normalize(directory))) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      response.writeHead(404, { "content-type": contentTypes[".html"] });
      createReadStream(join(directory, "404.html")).pipe(response);
      return;
    }
    response.writeHead(200, { "content-type": contentTypes[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
