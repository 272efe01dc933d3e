// Finds what keeps a bash script from running on a stock Mac: macOS ships bash 3.2 as /bin/bash and
// BSD tools. Each rule names the feature and the version or tool that has it (bash's NEWS file,
// the macOS and GNU manual pages). Comment lines are skipped.

export interface PortabilityRule {
  pattern: RegExp;
  why: string;
}

export const NON_PORTABLE_SHELL: PortabilityRule[] = [
  { pattern: /\b(mapfile|readarray)\b/, why: "mapfile/readarray need bash 4.0" },
  {
    pattern: /\b(declare|local|typeset|readonly)\s+-\w*[AnluLgc]/,
    why: "declare -A (associative arrays, 4.0), -n (namerefs, 4.3), -l/-u (4.0) or -g (4.2)",
  },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax in a message
  { pattern: /\$\{[#!]?\w+(\[[^\]]*\])?(,,?|\^\^?)/, why: "${x,,} / ${x^^} case changes need bash 4.0" },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax in a message
  { pattern: /\$\{\w+(\[[^\]]*\])?@[QEPAaUuLKk]\}/, why: "${x@Q} transformations need bash 4.4" },
  { pattern: /\|&|&>>/, why: "|& and &>> need bash 4.0" },
  { pattern: /\bcoproc\b/, why: "coproc needs bash 4.0" },
  { pattern: /\bshopt\s+-s\s+(globstar|lastpipe|autocd|checkjobs|dirspell|direxpand)/, why: "bash 4 shopt" },
  { pattern: /\$\{\w+\[-\d+\]\}/, why: "negative array subscripts need bash 4.3" },
  { pattern: /;;&|;&\s*$/, why: "case fall-through (;& and ;;&) needs bash 4.0" },
  { pattern: /\bwait\s+-n\b/, why: "wait -n needs bash 4.3" },
  { pattern: /\$\{?(EPOCHSECONDS|EPOCHREALTIME|BASHPID|SRANDOM)\b/, why: "bash 4/5 variables" },
  {
    pattern: /\{-?\d+\.\.-?\d+\.\.-?\d+\}|\{0\d+\.\.\d+\}/,
    why: "brace steps and zero padding need bash 4.0",
  },
  { pattern: /%\([^)]*\)T/, why: "printf %(...)T needs bash 4.2" },
  { pattern: /\[\[?\s+-v\s/, why: "test -v needs bash 4.2" },
  { pattern: /\bexec\s+\{\w+\}[<>]/, why: "{fd}> redirections need bash 4.1" },
  { pattern: /\bread\b[^|;]*\s-[a-zA-Z]*[iN]\b/, why: "read -i / -N need bash 4" },
  // Tools: BSD (macOS) and GNU differ.
  { pattern: /\bpaste\b(?![^|;)]*\s-(\s|$|\)|"))/, why: "BSD paste needs the file operand (-)" },
  { pattern: /\bsed\s+(-\w+\s+)*-i\b/, why: "sed -i takes different arguments on BSD and GNU" },
  { pattern: /\bgrep\s+-\w*P/, why: "grep -P is GNU-only" },
  { pattern: /\breadlink\s+-f\b/, why: "readlink -f is GNU-only (macOS before 12.3)" },
  { pattern: /\bdate\s+-d\b/, why: "date -d is GNU-only" },
  { pattern: /\bxargs\s+-\w*r/, why: "xargs -r is GNU-only" },
  { pattern: /\bsort\s+-\w*V/, why: "sort -V is missing on older macOS" },
  { pattern: /(^|[\s;(|&])timeout\s/, why: "timeout is not installed on macOS" },
  { pattern: /\bmktemp\s*($|\)|;)/, why: "mktemp needs a template on older BSD" },
];

/** Every non-portable use, as "line N: <why>: <text>". */
export function findNonPortableShell(script: string): string[] {
  const found: string[] = [];
  script.split("\n").forEach((line, index) => {
    if (/^\s*#/.test(line)) return;
    for (const rule of NON_PORTABLE_SHELL) {
      if (rule.pattern.test(line)) found.push(`line ${index + 1}: ${rule.why}: ${line.trim()}`);
    }
  });
  return found;
}
