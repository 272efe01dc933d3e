// What each handler honours: the input members (by wire name, list indices left out, a path such as
// "IpPermissions.IpRanges" honouring everything under it) that change what the emulator does the
// way they change what AWS does. A member the model allows but the handler does not honour is
// refused by name before the handler runs (validate-request.ts), so nothing is accepted and ignored.
// Declare it where the action is registered:  CreateVpc: honours(createVpc, "CidrBlock", ...),
// and a newly honoured member is one more name on that line.

const HONOURED: unique symbol = Symbol("honoured input members");

type Handler = ((...args: never[]) => unknown) & { [HONOURED]?: ReadonlySet<string> };

/** The handler, declared as honouring `members` (a new function, so one handler can be registered twice). */
export function honours<H extends (...args: never[]) => unknown>(handler: H, ...members: string[]): H {
  const wrapped = ((...args: Parameters<H>) => handler(...args)) as unknown as H & Handler;
  wrapped[HONOURED] = new Set([...(honouredMembers(handler) ?? []), ...members]);
  return wrapped;
}

/** What `handler` was declared to honour, or undefined when it never was (then every member is refused). */
export function honouredMembers(handler: (...args: never[]) => unknown): ReadonlySet<string> | undefined {
  return (handler as Handler)[HONOURED];
}
