// The App Runner operations the emulator implements, by name (X-Amz-Target: AppRunner.<Name>).

import type { RequestContext } from "../context.ts";

export type AppRunnerHandler = (
  ctx: RequestContext,
  input: Record<string, unknown>,
) => Record<string, unknown>;

export const appRunnerActions: Record<string, AppRunnerHandler> = {};
