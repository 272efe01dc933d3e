// Parameters AWS acts on that the emulator does not model. Accepting and ignoring them would let a
// client believe it got (say) an IPv6 block or a chosen Elastic IP, so they are refused by name.
// The code is EC2's UnsupportedOperation ("The specified request includes an unsupported
// operation", EC2 API Reference, error codes): AWS itself would accept these requests, so no AWS
// code fits; this one tells a client that the request, not the account, is the problem.

import type { QueryParams } from "../codecs/query-params.ts";
import { AwsError } from "../errors.ts";

/**
 * Refuses the request when any of `names` is present. A boolean flag set to false asks for nothing
 * AWS would do, so only `true` counts for the names in `flags`.
 */
export function refuseUnmodelled(
  params: QueryParams,
  action: string,
  names: readonly string[],
  flags: readonly string[] = [],
): void {
  for (const name of [...names, ...flags]) {
    const value = params.tree[name];
    if (value === undefined) continue;
    if (flags.includes(name) && value === "false") continue;
    throw new AwsError(
      "UnsupportedOperation",
      `The emulator does not model ${name} on ${action} (AWS would act on it); leave it out.`,
    );
  }
}
