// Target selection with real credential sources (the SDK's own chain over files written here):
// a configured source that fails is an error with what to do, never an emulator run; a missing
// profile named by AWS_PROFILE is refused like --profile; the provider handed to the clients
// refreshes expiring credentials instead of keeping the first ones.

import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { UsageError } from "../../src/aws/command-line.ts";
import { selectTarget } from "../../src/aws/target.ts";

let home: string;
let savedEnv: NodeJS.ProcessEnv;

/** The SDK reads process.env (HOME, AWS_*): each test gets a fresh home and a clean AWS environment. */
function useEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  for (const key of Object.keys(process.env)) if (key.startsWith("AWS_")) delete process.env[key];
  Object.assign(process.env, { HOME: home, AWS_EC2_METADATA_DISABLED: "true", ...extra });
  return process.env;
}

beforeEach(() => {
  savedEnv = { ...process.env };
  home = mkdtempSync(join(tmpdir(), "lab-target-"));
  mkdirSync(join(home, ".aws", "sso", "cache"), { recursive: true });
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

const START_URL = "https://example.awsapps.com/start";

/** A legacy SSO profile whose cached token expired (the SDK checks expiry before any call). */
function writeExpiredSsoProfile(): void {
  writeFileSync(
    join(home, ".aws", "config"),
    `[profile lab-sso]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Lab\nregion = us-east-1\n`,
  );
  const key = createHash("sha1").update(START_URL).digest("hex");
  writeFileSync(
    join(home, ".aws", "sso", "cache", `${key}.json`),
    JSON.stringify({
      accessToken: "x",
      expiresAt: "2020-01-01T00:00:00Z",
      region: "us-east-1",
      startUrl: START_URL,
    }),
  );
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as Error).message;
}

describe("selectTarget with real credential sources", () => {
  test("an expired SSO session under AWS_PROFILE is an error naming aws sso login, not an emulator run", async () => {
    writeExpiredSsoProfile();
    const env = useEnv({ AWS_PROFILE: "lab-sso" });
    const message = await refusal(selectTarget({ local: false, region: undefined, profile: undefined, env }));
    expect(message).toMatch(/AWS_PROFILE=lab-sso could not be resolved: The SSO session .* expired/);
    expect(message).toMatch(/aws sso login --profile lab-sso/);
    // cleanup's selection refuses the same way.
    await refusal(
      selectTarget({ local: false, region: undefined, profile: undefined, env, noEmulatorFallback: true }),
    );
  });

  test("AWS_PROFILE=nosuch is refused like --profile nosuch", async () => {
    const env = useEnv({ AWS_PROFILE: "nosuch" });
    const fromEnv = await refusal(
      selectTarget({ local: false, region: "us-east-1", profile: undefined, env }),
    );
    const fromFlag = await refusal(
      selectTarget({ local: false, region: "us-east-1", profile: "nosuch", env: useEnv({}) }),
    );
    expect(fromEnv).toMatch(/No profile "nosuch" \(from AWS_PROFILE=nosuch\)/);
    expect(fromFlag).toMatch(/No profile "nosuch" \(from --profile nosuch\)/);
  });

  test("a default profile in ~/.aws/config that fails is an error too", async () => {
    writeFileSync(
      join(home, ".aws", "config"),
      "[default]\ncredential_process = /bin/false\nregion = us-east-1\n",
    );
    const env = useEnv({});
    const message = await refusal(selectTarget({ local: false, region: undefined, profile: undefined, env }));
    expect(message).toMatch(/the default profile in .*config could not be resolved/);
  });

  test("nothing configured: the embedded emulator for a notebook, a refusal for cleanup", async () => {
    const env = useEnv({});
    const target = await selectTarget({ local: false, region: undefined, profile: undefined, env });
    expect(target).toMatchObject({ kind: "embedded", why: "no-credentials" });
    const message = await refusal(
      selectTarget({ local: false, region: undefined, profile: undefined, env, noEmulatorFallback: true }),
    );
    expect(message).toMatch(
      /No AWS credentials found.*embedded emulator \(--local\) is gone with its process/,
    );
  });

  test("the clients get a provider that refreshes expiring credentials", async () => {
    // credential_process hands out credentials that expire in 2 minutes: inside the SDK's 5-minute
    // refresh window, so every use must run the process again (a resolved identity never would).
    const counter = join(home, "calls");
    const script = join(home, "creds.mjs");
    writeFileSync(
      script,
      `import { appendFileSync } from "node:fs";
appendFileSync(${JSON.stringify(counter)}, "x");
console.log(JSON.stringify({ Version: 1, AccessKeyId: "ASIAREFRESH" + Date.now(), SecretAccessKey: "s", SessionToken: "t",
  Expiration: new Date(Date.now() + 120000).toISOString() }));`,
    );
    writeFileSync(
      join(home, ".aws", "config"),
      `[profile short]\ncredential_process = ${process.execPath} ${script}\nregion = eu-west-1\n`,
    );
    const env = useEnv({});
    const target = await selectTarget({ local: false, region: undefined, profile: "short", env });
    if (target.kind !== "aws") throw new Error(`expected an AWS target, got ${target.kind}`);
    expect(target.region).toBe("eu-west-1");
    expect(target.profile).toBe("short");
    const first = await target.credentials();
    // Inside the window the SDK refreshes in the background and hands out the current ones
    // meanwhile: ask until the refreshed ones arrive (a resolved identity would never change).
    let current = first;
    for (let waited = 0; current.accessKeyId === first.accessKeyId && waited < 10_000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
      current = await target.credentials();
    }
    expect(current.accessKeyId).not.toBe(first.accessKeyId);
    expect(readFileSync(counter, "utf8").length).toBeGreaterThanOrEqual(2);
  });
});
