import { existsSync } from "node:fs";

/** Debian's Chromium; the brief pins this path and playwright-core never downloads browsers. */
export const chromiumPath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

export function isChromiumAvailable(): boolean {
  return existsSync(chromiumPath);
}

/** Flags for a quiet, offline, throwaway headless Chromium (no GPU, no sync, no update checks). */
export const chromiumArgs: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
