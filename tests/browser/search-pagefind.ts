import type { Page } from "playwright-core";

/**
 * Runs Pagefind's own browser API (pagefind/pagefind.js) in the page. Passed as a string so that
 * Vitest does not rewrite the dynamic import() inside it.
 */
export async function searchUrls(page: Page, pagefindUrl: string, query: string): Promise<string[]> {
  return page.evaluate(`(async () => {
    const pagefind = await import(${JSON.stringify(pagefindUrl)});
    const { results } = await pagefind.search(${JSON.stringify(query)});
    return Promise.all(results.slice(0, 10).map(async (result) => (await result.data()).url));
  })()`);
}
