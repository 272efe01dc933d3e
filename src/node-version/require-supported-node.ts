// Imported first by every entry point (notebooks, doctor, cleanup, emulator): stops an unsupported
// Node before anything else loads, with what to do (check-node-version.ts). Exit code 2, as for
// other problems with the environment.

import { describeUnsupportedNode, readEnginesRange } from "./check-node-version.ts";

const problem = describeUnsupportedNode(process.versions.node, readEnginesRange());
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}
