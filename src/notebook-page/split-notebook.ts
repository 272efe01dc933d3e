// Splits a notebook in the "percent" format (Jupytext's light-weight script format, also read by VS
// Code and Spyder: https://jupytext.readthedocs.io/en/latest/formats-scripts.html#the-percent-format)
// into cells. `// %% [markdown]` opens a narration cell whose lines are `//` comments; `// %%` opens a
// code cell. Lines before the first marker form a code cell when they hold anything.

export type NotebookCell =
  | { kind: "markdown"; index: number; markerLine: number; markdown: string }
  | { kind: "code"; index: number; markerLine: number; code: string };

const CELL_MARKER = /^\/\/ ?%%(?:\s+\[(\w+)\])?\s*$/;

/** The cell marker of a line: "code", "markdown", or undefined when the line is not a marker. */
export function readCellMarker(line: string): "code" | "markdown" | undefined {
  const match = CELL_MARKER.exec(line.trimEnd());
  if (match === null) return undefined;
  return match[1] === "markdown" || match[1] === "md" ? "markdown" : "code";
}

export function splitNotebook(source: string): NotebookCell[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const cells: NotebookCell[] = [];
  let kind: "code" | "markdown" = "code";
  let markerLine = -1;
  let body: string[] = [];
  const close = () => {
    const text = trimBlankLines(body);
    // A marker-less preamble that holds nothing is not a cell.
    if (markerLine === -1 && text === "") return;
    const index = cells.length;
    cells.push(
      kind === "markdown"
        ? { kind, index, markerLine, markdown: text }
        : { kind, index, markerLine, code: text },
    );
  };
  lines.forEach((line, lineIndex) => {
    const marker = readCellMarker(line);
    if (marker === undefined) {
      body.push(kind === "markdown" ? uncomment(line) : line);
      return;
    }
    close();
    kind = marker;
    markerLine = lineIndex;
    body = [];
  });
  close();
  return cells;
}

/** `// text` -> `text`, `//` -> ``; a line that is not a comment is kept as it is. */
function uncomment(line: string): string {
  return line.replace(/^\s*\/\/ ?/, "");
}

function trimBlankLines(lines: readonly string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? "").trim() === "") start++;
  while (end > start && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(start, end).join("\n");
}
