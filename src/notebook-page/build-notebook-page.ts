// What a notebook page shows: the notebook's cells, each code cell with the output it printed in a
// real run against the embedded emulator, made now (at build time). One run per notebook content and
// workload per process: the English and Japanese pages share it, and an edited notebook runs again.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyNarrationHeadings, narrationHeadings } from "./narration-headings.ts";
import { dropTitleHeading, renderNarration } from "./render-narration.ts";
import { type NotebookRun, type PageWorkload, runMarkedNotebook } from "./run-marked-notebook.ts";
import { splitNotebook } from "./split-notebook.ts";

export type PageCell =
  | { kind: "narration"; index: number; html: string }
  | { kind: "code"; index: number; code: string; output: string };

export interface NotebookPage {
  notebook: string;
  workload: PageWorkload;
  cells: PageCell[];
  wallMs: number;
}

export interface BuildNotebookPageOptions {
  notebook: string;
  workload: PageWorkload;
  root?: string;
  timeoutMs?: number;
}

const runs = new Map<string, Promise<NotebookPage>>();

export function buildNotebookPage(options: BuildNotebookPageOptions): Promise<NotebookPage> {
  const root = options.root ?? process.cwd();
  const source = readFileSync(join(root, options.notebook), "utf8");
  const key = `${options.notebook}\0${options.workload}\0${createHash("sha256").update(source).digest("hex")}`;
  let page = runs.get(key);
  if (page === undefined) {
    page = generate(root, source, options);
    runs.set(key, page);
    // A failed run is not cached: the next page (or build) tries again.
    page.catch(() => runs.delete(key));
  }
  return page;
}

async function generate(
  root: string,
  source: string,
  options: BuildNotebookPageOptions,
): Promise<NotebookPage> {
  const run = await runMarkedNotebook({
    root,
    notebook: options.notebook,
    source,
    workload: options.workload,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  if (run.exitCode !== 0) throw new NotebookRunError(options.notebook, options.workload, run);
  // One line in the build log: what ran for the page, and how long it took.
  console.log(
    `notebook page: ran ${options.notebook} --local --workload ${options.workload} in ${(run.wallMs / 1000).toFixed(1)} s`,
  );
  const headings = narrationHeadings(source);
  const cells = splitNotebook(source).map((cell, position): PageCell => {
    if (cell.kind === "markdown") {
      const markdown = position === 0 ? dropTitleHeading(cell.markdown) : cell.markdown;
      const html = applyNarrationHeadings(renderNarration(markdown), headings[position] ?? []);
      return { kind: "narration", index: cell.index, html };
    }
    return { kind: "code", index: cell.index, code: cell.code, output: run.outputs.get(cell.index) ?? "" };
  });
  return { notebook: options.notebook, workload: options.workload, cells, wallMs: run.wallMs };
}

export class NotebookRunError extends Error {
  constructor(notebook: string, workload: PageWorkload, run: NotebookRun) {
    const tail = run.raw.split("\n").slice(-30).join("\n");
    super(
      `The page run of ${notebook} (--local --workload ${workload}) exited with ${run.exitCode ?? "a signal"}; ` +
        `its page would show a failed run. Run it yourself: npx tsx ${notebook} --local --workload ${workload}\n` +
        `Last lines:\n${tail}`,
    );
    this.name = "NotebookRunError";
  }
}
