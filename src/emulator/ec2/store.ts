// What every create and delete does beside its own rules: a new resource is stored with its tags and
// announced to the fault plan (faults.created: with eventual consistency on, reads miss it for a
// while, as AWS's do); a deleted one leaves no tags behind.

import type { Emulator } from "../emulator.ts";
import type { Ec2State } from "./state.ts";
import { dropTags, setTags, type TagInput } from "./tagging.ts";

export function storeNew<T>(
  state: Ec2State,
  emulator: Emulator,
  records: Map<string, T>,
  id: string,
  record: T,
  tags: TagInput[],
): T {
  records.set(id, record);
  announceNew(state, emulator, id, tags);
  return record;
}

/** For a record already stored by a model that builds more than one (insertVpc). */
export function announceNew(state: Ec2State, emulator: Emulator, id: string, tags: TagInput[]): void {
  setTags(state, id, tags);
  emulator.faults.created(id);
}

export function removeWithTags<T>(state: Ec2State, records: Map<string, T>, id: string): void {
  records.delete(id);
  dropTags(state, id);
}
