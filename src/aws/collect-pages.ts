// Drains an SDK paginator into one array: the loader wants whole lists, not pages.

export async function collectPages<Page, Item>(
  pages: AsyncIterable<Page>,
  pick: (page: Page) => Item[] | undefined,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) items.push(...(pick(page) ?? []));
  return items;
}
