// Doctor: can this App Runner service (or these subnets) reach the internet, and if not, why and what
// fixes it. Read-only. Contract: README.md and the guide's labs/doctor page. Exit codes: 0 every subnet reaches
// the destination, 1 at least one does not, 2 usage, credentials or API errors.
// The work is in src/aws/run-doctor.ts; this file only wires the process (arguments, output, exit code).
//
//   npx tsx scripts/doctor.ts --service my-app
//   npx tsx scripts/doctor.ts --subnets subnet-0abc,subnet-0def --security-groups sg-0123 --json

import "../src/node-version/require-supported-node.ts";
import { runDoctor } from "../src/aws/run-doctor.ts";

process.exitCode = await runDoctor(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
