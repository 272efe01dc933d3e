import { chromiumPath, isChromiumAvailable } from "../../src/diagrams/find-chromium.ts";

/**
 * Browser tests run when Chromium exists. Without it they skip, saying why, except under CI=true,
 * where a missing browser is a failure rather than a silent pass.
 */
export function shouldSkipBrowserTests(): boolean {
  if (isChromiumAvailable()) return false;
  if (process.env["CI"] === "true") {
    throw new Error(`CI=true but Chromium is missing at ${chromiumPath}: browser tests cannot run.`);
  }
  console.warn(`Skipping browser tests: Chromium not found at ${chromiumPath} (set CHROMIUM_PATH).`);
  return true;
}
