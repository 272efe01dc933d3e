// HTTP requests that are not API calls: the URLs of running App Runner services. Placeholder.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Emulator } from "../emulator.ts";

/** Answers the request if it is for a service URL; false when it is not. */
export function serveWorkload(_emulator: Emulator, _req: IncomingMessage, _res: ServerResponse): boolean {
  return false;
}
