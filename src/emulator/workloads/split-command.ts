// How a StartCommand becomes a program and its arguments. App Runner does not run StartCommand
// through a shell: in aws/apprunner-roadmap#180 `a && b` reached the first program as arguments.
// How it splits the words is not documented, and both rules below fit that report, so the health
// model (./service-health.ts) asks both and calls a service healthy only when both start a server.
// Node's own NODE_OPTIONS rule is a third one (Node CLI docs, NODE_OPTIONS: space-separated, double
// quotes group, backslash escapes inside them).

export type SplitRule = "whitespace" | "shell-like";

export const SPLIT_RULES: readonly SplitRule[] = ["whitespace", "shell-like"];

/** The words of a command under a rule, or null when the rule cannot split it (an open quote). */
export function splitCommand(command: string, rule: SplitRule): string[] | null {
  return rule === "whitespace" ? splitOnWhitespace(command) : splitLikeShell(command);
}

export function splitOnWhitespace(command: string): string[] {
  return command.split(/\s+/).filter((word) => word !== "");
}

/**
 * POSIX shell word splitting without the shell: single quotes keep everything, double quotes keep
 * everything but `\"` and `\\`, a backslash outside quotes escapes the next character. Operators
 * (`&&`, `;`, `|`), variables and globs are not interpreted: they stay literal text, as #180 shows.
 */
export function splitLikeShell(command: string): string[] | null {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) return null;
      word += command.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      const quoted = readDoubleQuoted(command, i + 1);
      if (quoted === null) return null;
      word += quoted.text;
      inWord = true;
      i = quoted.end;
    } else if (c === "\\" && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Node's rule for NODE_OPTIONS (src/node_options.cc ParseNodeOptionsEnvVar). */
export function splitNodeOptions(value: string): string[] | null {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === " ") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (c === '"') {
      const quoted = readDoubleQuoted(value, i + 1);
      if (quoted === null) return null;
      word += quoted.text;
      inWord = true;
      i = quoted.end;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function readDoubleQuoted(text: string, start: number): { text: string; end: number } | null {
  let out = "";
  for (let i = start; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') return { text: out, end: i };
    if (c === "\\" && (text[i + 1] === '"' || text[i + 1] === "\\")) {
      out += text[++i];
    } else {
      out += c;
    }
  }
  return null;
}
