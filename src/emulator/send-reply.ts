import type { ServerResponse } from "node:http";

/** Writes a whole HTTP reply: status, content type, extra headers and body. */
export function sendReply(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": contentType, ...headers });
  res.end(body);
}
