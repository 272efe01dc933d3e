// Customer-managed prefix lists, apart from the wire (managed-prefix-lists.ts reads and checks the
// request and shapes replies): a new list is complete at once, at version 1.

import type { Emulator } from "../emulator.ts";
import type { PrefixListRecord } from "./records.ts";
import type { Ec2State } from "./state.ts";
import { storeNew } from "./store.ts";
import type { TagInput } from "./tagging.ts";

export interface CreateManagedPrefixListInput {
  name: string;
  maxEntries: number;
  entries: { cidr: string; description: string | undefined }[];
  tags: TagInput[];
}

export function addManagedPrefixList(
  state: Ec2State,
  emulator: Emulator,
  input: CreateManagedPrefixListInput,
): PrefixListRecord {
  const list: PrefixListRecord = {
    prefixListId: emulator.newId("prefixList"),
    prefixListName: input.name,
    cidrs: input.entries.map((entry) => entry.cidr),
    managed: {
      maxEntries: input.maxEntries,
      version: 1,
      descriptions: input.entries.map((entry) => entry.description),
    },
  };
  return storeNew(state, emulator, state.prefixLists, list.prefixListId, list, input.tags);
}
