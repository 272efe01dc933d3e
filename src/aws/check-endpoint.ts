// An endpoint from AWS_ENDPOINT_URL* is checked before any AWS call, so that a typo gets a sentence
// instead of the SDK's UnknownError or a stack trace: first its form (a URL with http:// or https://
// and a host: the SDK reads "localhost:4599" as the scheme "localhost:"), then whether something
// answers there in that protocol (https:// to the emulator's plain-HTTP port fails the TLS
// handshake; a dead port refuses the connection).

import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { UsageError } from "./command-line.ts";

/** The endpoint as a URL, or a UsageError saying what is wrong with it and what to write instead. */
export function parseEndpoint(variable: string, value: string): URL {
  const text = value.trim();
  const example = `for example ${variable}=http://127.0.0.1:4599 (the emulator)`;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    const guess = /^[\w.-]+(:\d+)?(\/.*)?$/.test(text) ? ` Did you mean http://${text} ?` : "";
    throw new UsageError(
      `${variable}=${text} is not an endpoint URL: it needs http:// or https:// and a host, ${example}.${guess}`,
    );
  }
  if (url.hostname === "") throw new UsageError(`${variable}=${text} has no host, ${example}.`);
  return url;
}

/** Resolves when something answers HTTP(S) at the endpoint (any status); a UsageError otherwise. */
export async function checkEndpointAnswers(variable: string, url: URL, timeoutMs = 5_000): Promise<void> {
  const failure = await new Promise<NodeJS.ErrnoException | "timeout" | undefined>((resolve) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, { method: "GET", timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(undefined);
    });
    req.on("timeout", () => {
      req.destroy();
      resolve("timeout");
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error));
    req.end();
  });
  if (failure === undefined) return;
  const where = `${variable}=${url.href}`;
  if (failure === "timeout")
    throw new UsageError(
      `Nothing answered at ${where} within ${timeoutMs / 1000} s. Check the address and port.`,
    );
  const code = failure.code ?? "";
  if (code === "ECONNREFUSED")
    throw new UsageError(
      `Nothing listens at ${where} (connection refused). Start the emulator (npm run emulator, it prints its URL) or fix ${variable}.`,
    );
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    throw new UsageError(`The host of ${where} was not found (${code}). Check ${variable}.`);
  if (url.protocol === "https:" && /SSL|TLS|EPROTO|ECONNRESET/i.test(`${code} ${failure.message}`))
    throw new UsageError(
      `${where} does not answer HTTPS (${code || failure.message}). The emulator serves plain HTTP: use http://${url.host}${url.pathname === "/" ? "" : url.pathname}.`,
    );
  throw new UsageError(`Could not reach ${where}: ${code || failure.message}.`);
}
