import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { chromiumArgs, chromiumPath } from "./find-chromium.ts";

export interface LaunchedChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts Chromium with a fresh --user-data-dir (a persistent context is how playwright-core
 * takes one) so no profile state leaks between runs, and removes the directory on close.
 */
export async function launchChromium(viewport = { width: 1280, height: 800 }): Promise<LaunchedChromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), "egress-lab-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    args: [...chromiumArgs],
    headless: true,
    viewport,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
