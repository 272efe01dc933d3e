// The cleanup command printed after --keep or an interrupt names the run's own target.

import { describe, expect, test } from "vitest";
import { cleanupAdvice, shellWord } from "../../src/lab/cleanup-command.ts";

const credentials = async () => ({ accessKeyId: "a", secretAccessKey: "b" });

describe("cleanupAdvice", () => {
  test("real AWS: region, stack and the profile (from --profile or AWS_PROFILE)", () => {
    const advice = cleanupAdvice(
      { kind: "aws", region: "eu-west-1", profile: "lab admin", credentials },
      {},
      "egress-lab-02-abc123",
    );
    expect(advice).toEqual({
      kind: "command",
      command: "npm run cleanup -- --region eu-west-1 --stack egress-lab-02-abc123 --profile 'lab admin'",
    });
  });

  test("an endpoint: every AWS_ENDPOINT_URL* variable the run used, in front of the command", () => {
    const advice = cleanupAdvice(
      { kind: "endpoint", region: "us-east-1", endpoint: undefined, variables: ["AWS_ENDPOINT_URL_EC2"] },
      { AWS_ENDPOINT_URL_EC2: "http://127.0.0.1:4599", AWS_ENDPOINT_URL_APPRUNNER: "http://127.0.0.1:4599" },
      "s",
    );
    expect(advice).toEqual({
      kind: "command",
      command:
        "AWS_ENDPOINT_URL_EC2=http://127.0.0.1:4599 AWS_ENDPOINT_URL_APPRUNNER=http://127.0.0.1:4599 npm run cleanup -- --region us-east-1 --stack s",
    });
  });

  test("the embedded emulator: no command, it is gone with the process", () => {
    const advice = cleanupAdvice({ kind: "embedded", region: "us-east-1", why: "forced" }, {}, "s");
    expect(advice.kind).toBe("embedded");
  });

  test("shell words are quoted only when needed", () => {
    expect(shellWord("us-east-1")).toBe("us-east-1");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });
});
