// One table of actions by wire name, built from per-resource records. Object spread would let a
// later record silently replace an earlier handler of the same name; this throws instead, so a
// duplicate registration stops the emulator at module load rather than changing an action's meaning.

/** Merges records of handlers by action name; throws naming the service and action on a duplicate. */
export function actionTable<H>(service: string, ...records: Record<string, H>[]): Record<string, H> {
  const table: Record<string, H> = {};
  for (const record of records) {
    for (const [name, handler] of Object.entries(record)) {
      if (Object.hasOwn(table, name)) {
        throw new Error(`${service} action ${name} is registered twice; each action has one handler.`);
      }
      table[name] = handler;
    }
  }
  return table;
}
