// A malformed or dead endpoint in AWS_ENDPOINT_URL: the notebooks and the doctor say what is wrong
// before any AWS call (exit 2), with no UnknownError, no stack trace, and no teardown advice when
// nothing was created.

import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LabFixture, runScript, startLabFixture } from "./lab-fixture.ts";

let fixture: LabFixture;
let deadPort: number;
beforeAll(async () => {
  fixture = await startLabFixture();
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  deadPort = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  await fixture.close();
});

const RAW = /UnknownError|NotFound: Unknown|TypeError|\n\s+at /;

describe("a bad AWS_ENDPOINT_URL", () => {
  test("without a scheme, the notebook says the URL needs http:// and suggests it", async () => {
    const port = new URL(fixture.running.url).port;
    const run = await runScript("notebooks/01-without-nat.ts", [], {
      AWS_ENDPOINT_URL: `localhost:${port}`,
      AWS_REGION: "us-east-1",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`AWS_ENDPOINT_URL=localhost:${port} is not an endpoint URL`);
    expect(run.stderr).toContain(`http://localhost:${port}`);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(RAW);
    expect(run.stdout).not.toMatch(/Teardown|Remove what is left/);
  });

  test("https:// to the emulator's plain-HTTP port says to use http://", async () => {
    const url = fixture.running.url.replace("http://", "https://");
    const run = await runScript("notebooks/02-with-nat.ts", [], {
      AWS_ENDPOINT_URL: url,
      AWS_REGION: "us-east-1",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/does not answer HTTPS.*use http:\/\//);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(RAW);
  });

  test("a dead port says nothing listens there and gives no teardown advice", async () => {
    const run = await runScript("notebooks/01-without-nat.ts", [], {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${deadPort}`,
      AWS_REGION: "us-east-1",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /Nothing listens at AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+\/ \(connection refused\)/,
    );
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/Teardown failed|Remove what is left|npm run cleanup/);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(RAW);
  });

  test("the doctor checks the endpoint the same way, and answers --json with a JSON error", async () => {
    const run = await runScript("scripts/doctor.ts", ["--subnets", "subnet-1", "--json"], {
      AWS_ENDPOINT_URL: `localhost:${deadPort}`,
      AWS_REGION: "us-east-1",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not an endpoint URL");
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: "error", error: { kind: "usage" } });
    const dead = await runScript("scripts/doctor.ts", ["--subnets", "subnet-1"], {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${deadPort}`,
      AWS_REGION: "us-east-1",
    });
    expect(dead.code).toBe(2);
    expect(dead.stderr).toContain("connection refused");
    expect(dead.stderr).not.toMatch(RAW);
  });

  test("an endpoint that refuses every call stops the run before anything is created: no teardown, no cleanup advice", async () => {
    // Answers like EC2 for a missing permission: the endpoint is alive, the first call fails.
    const denying = createHttpServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(403, { "content-type": "text/xml" });
        res.end(
          "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>1</RequestID></Response>",
        );
      });
    });
    await new Promise<void>((resolve) => denying.listen(0, "127.0.0.1", resolve));
    try {
      const port = (denying.address() as { port: number }).port;
      const run = await runScript("notebooks/01-without-nat.ts", ["--workload", "instance"], {
        AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
        AWS_REGION: "us-east-1",
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/Access denied/);
      // The notebook's own policy file, not the doctor's.
      expect(run.stderr).toContain("notebooks/iam-policy.json");
      expect(run.stderr).not.toContain("doctor");
      expect(run.stdout).toContain("Nothing was created, so there is nothing to tear down.");
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/Teardown failed|Remove what is left|npm run cleanup/);
    } finally {
      await new Promise((resolve) => denying.close(resolve));
    }
  });
});
