// Splits a marked run's combined stdout+stderr into the output of each cell (see
// insert-cell-markers.ts), with ANSI escapes removed. Output printed before the first marker (a
// runtime warning, say) belongs to the first cell.

import { stripVTControlCharacters } from "node:util";
import { CELL_MARKER_PREFIX } from "./insert-cell-markers.ts";

/** Colours, cursor moves and hyperlinks removed (Node's own ANSI stripper). */
export const stripAnsi = stripVTControlCharacters;

export function splitRunOutput(output: string): Map<number, string> {
  const byCell = new Map<number, string[]>();
  let current: number | undefined;
  const preamble: string[] = [];
  for (const rawLine of stripAnsi(output).replace(/\r\n?/g, "\n").split("\n")) {
    if (rawLine.startsWith(CELL_MARKER_PREFIX)) {
      const index = Number(rawLine.slice(CELL_MARKER_PREFIX.length).trim());
      if (Number.isInteger(index)) {
        const first = current === undefined;
        current = index;
        byCell.set(index, first ? [...preamble] : (byCell.get(index) ?? []));
        continue;
      }
    }
    if (current === undefined) preamble.push(rawLine);
    else byCell.get(current)?.push(rawLine);
  }
  const result = new Map<number, string>();
  for (const [index, lines] of byCell) result.set(index, trimOutput(lines));
  return result;
}

function trimOutput(lines: readonly string[]): string {
  const trimmed = lines.map((line) => line.trimEnd());
  while (trimmed.length > 0 && trimmed[0] === "") trimmed.shift();
  while (trimmed.length > 0 && trimmed.at(-1) === "") trimmed.pop();
  return trimmed.join("\n");
}
