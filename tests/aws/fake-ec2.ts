// A stand-in EC2 client that answers Describe commands from SDK-shaped fixtures and records each
// call, so the loader can be tested before (and apart from) the emulator.

import { EC2Client } from "@aws-sdk/client-ec2";

export type FakeReplies = Record<string, (input: Record<string, unknown>) => unknown>;

export interface FakeEc2 {
  client: EC2Client;
  calls: { command: string; input: Record<string, unknown> }[];
}

export function createFakeEc2(replies: FakeReplies): FakeEc2 {
  const calls: FakeEc2["calls"] = [];
  // A real client (the SDK's paginators check instanceof) whose send never reaches the network.
  const client = new EC2Client({
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  Object.assign(client, {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name.replace(/Command$/, "");
      calls.push({ command: name, input: command.input });
      const reply = replies[name];
      if (reply === undefined) throw new Error(`fake EC2: no reply for ${name}`);
      return reply(command.input);
    },
  });
  return { client, calls };
}
