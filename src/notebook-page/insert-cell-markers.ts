// Makes a copy of a notebook that prints a marker line before each code cell runs, so one run's
// output can be split per cell. The marker goes on the cell's own `// %%` line, so line numbers in
// stack traces stay those of the original file. Imports are hoisted in ES modules, so a marker
// before the cell that imports still runs after the imports, as in the original.

import { splitNotebook } from "./split-notebook.ts";

/** ASCII record separator: never printed by the lab, so a marker cannot be mistaken for output. */
export const CELL_MARKER_PREFIX = "\u001eCELL ";

export function formatCellMarker(cellIndex: number): string {
  return `console.log(${JSON.stringify(`${CELL_MARKER_PREFIX}${cellIndex}`)});`;
}

export function insertCellMarkers(source: string): string {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  for (const cell of splitNotebook(source)) {
    if (cell.kind !== "code") continue;
    if (cell.markerLine === -1) {
      // A preamble cell without a marker line: put the marker in front of its first line.
      lines[0] = `${formatCellMarker(cell.index)} ${lines[0] ?? ""}`;
    } else {
      lines[cell.markerLine] = `${formatCellMarker(cell.index)} ${lines[cell.markerLine] ?? ""}`;
    }
  }
  return lines.join("\n");
}
