// A local TCP port that never completes a handshake: a listening socket with a full accept queue
// that nobody accepts from, so further SYNs are dropped and connects time out, like a packet sent
// into a VPC with no route out. (A "blackholed" address such as 10.255.255.1 is not reliable here:
// sandboxes and proxies answer or refuse it.) Node always accepts, so a tiny Python helper holds it.

import { spawn } from "node:child_process";

const HOLDER = `
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
port = s.getsockname()[1]
held = []
for _ in range(3):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(("127.0.0.1", port))
    except BlockingIOError: pass
    held.append(c)
time.sleep(0.3)
print(port, flush=True)
time.sleep(600)
`;

export async function startBlackhole(): Promise<{ port: number; close: () => void }> {
  const child = spawn("python3", ["-c", HOLDER], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`blackhole helper exited with ${code}`)));
  });
  return { port, close: () => child.kill() };
}
