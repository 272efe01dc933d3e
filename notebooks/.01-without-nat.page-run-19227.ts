// %% [markdown]
// # Lab 01: a VPC connector without a NAT gateway
//
// An App Runner service with a VPC connector sends all of its outbound traffic into your VPC, from
// network interfaces that have a private IP address only. This notebook builds such a VPC with no
// way out, starts a workload there, and shows what happens when it tries to reach the internet:
// the name resolves (the VPC's DNS resolver answers), but the TCP connection times out.
//
// Run it with `npx tsx notebooks/01-without-nat.ts` (add `--local` to force the offline emulator,
// `--help` for the options). It deletes everything it created before it exits.

console.log("\u001eCELL 1"); // %%
import { openLab } from "../src/lab/lab-session.ts";

const lab = await openLab({ notebook: "01-without-nat" });

// %% [markdown]
// ## Build the stack
//
// A VPC in 10.41.0.0/16 with two private subnets in two Availability Zones, a route table with only
// the local route, and a security group that allows all outbound traffic, so nothing but routing can
// be blamed. The workload sits in the private subnets: an App Runner service behind a VPC connector
// when the account can use App Runner, otherwise an EC2 instance without a public IP address, which
// has the same network position. Independent resources are created side by side.

console.log("\u001eCELL 3"); // %%
await lab.build();

// %% [markdown]
// ## Probe
//
// The workload resolves `checkip.amazonaws.com`, opens a TCP connection to it on port 443, and
// asks it which address it sees. Without a route to the internet, the last two fail.

console.log("\u001eCELL 5"); // %%
await lab.probe();

// %% [markdown]
// ## Why: the traced path
//
// The egress model reads the VPC as it is now and follows a packet from the workload's subnet: the
// security group lets it out, but the route table has no route for 0.0.0.0/0, so the packet has
// nowhere to go. The fix it suggests is what Lab 02 builds.

console.log("\u001eCELL 7"); // %%
await lab.trace();

// %% [markdown]
// ## Teardown
//
// Everything tagged `apprunner-egress-lab:stack = <this run's stack>` is deleted in reverse
// dependency order. The exit code is 0 only if the probe showed no egress and nothing was left.

console.log("\u001eCELL 9"); // %%
await lab.finish("no-egress");
