// One way to call AWS from the lab: with the abort signal, the IAM action name attached for error
// messages (src/aws/errors.ts), and retries (./retry.ts).

import { tagAwsAction } from "../aws/errors.ts";
import type { LabContext } from "./lab-context.ts";
import { errorName, withRetry } from "./retry.ts";

export interface CallOptions {
  also?: (error: unknown) => boolean;
}

export function callAws<T>(
  ctx: LabContext,
  action: string,
  send: (options: { abortSignal: AbortSignal }) => Promise<T>,
  options: CallOptions = {},
): Promise<T> {
  return withRetry(() => tagAwsAction(action, send({ abortSignal: ctx.signal })), {
    timing: ctx.timing,
    signal: ctx.signal,
    ...(options.also === undefined ? {} : { also: options.also }),
    onRetry: (error, attempt) => {
      if (attempt === 3)
        ctx.narrator.note(`     ${action}: ${errorName(error)}, still retrying with backoff`);
    },
  });
}
