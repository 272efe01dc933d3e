// %% [markdown]
// # Lab 02: the fix, a NAT gateway
//
// The same private workload as Lab 01, in a VPC that also has a public subnet, an internet
// gateway, and a NAT gateway with an Elastic IP. First the private subnets still have no default
// route, and the probe fails exactly as in Lab 01. Then one route is added, 0.0.0.0/0 to the NAT
// gateway, and the same running workload gets out, with the NAT gateway's Elastic IP as its
// address on the internet.
//
// Run it with `npx tsx notebooks/02-with-nat.ts` (`--local` for the emulator, `--help` for the
// options). A NAT gateway and an Elastic IP cost money by the hour in your account: the notebook
// prints an estimate first and deletes everything at the end.

// %%
import { openLab } from "../src/lab/lab-session.ts";

const lab = await openLab({ notebook: "02-with-nat" });

// %% [markdown]
// ## Build the stack
//
// The private part of Lab 01 plus a public subnet whose route table sends 0.0.0.0/0 to an attached
// internet gateway, an Elastic IP, and a NAT gateway in the public subnet. Waiting for the NAT
// gateway and creating the workload happen in parallel, so the build takes as long as the slower
// of the two.

// %%
await lab.build();

// %% [markdown]
// ## Probe before the fix
//
// A NAT gateway in the VPC is not enough: the private subnets' route table must send traffic to it.

// %%
await lab.probe();

// %% [markdown]
// ## The fix: one route
//
// 0.0.0.0/0 from the private route table to the NAT gateway. Nothing about the workload changes.

// %%
await lab.fix();

// %% [markdown]
// ## Probe after the fix
//
// The same workload, probed again. The address the internet saw should be the NAT gateway's
// Elastic IP: the fixed outbound address partners can allowlist.

// %%
await lab.probe();

// %% [markdown]
// ## The traced path
//
// Interface, security group, private route table, NAT gateway in the public subnet, the public
// route table, the internet gateway, the internet.

// %%
await lab.trace();

// %% [markdown]
// ## Teardown
//
// Reverse dependency order: the workload, the NAT gateway (and its wait), the Elastic IP, the
// internet gateway, route tables, subnets, the security group, the VPC. The exit code is 0 only if
// the traffic left through the NAT's Elastic IP and nothing was left behind.

// %%
await lab.finish("egress-through-nat");
