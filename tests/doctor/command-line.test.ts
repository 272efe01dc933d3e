// The doctor as users run it: a real process (npx tsx scripts/doctor.ts, here node --import tsx),
// exit codes 0 / 1 / 2, and the error messages for usage, region, credential and permission errors.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { regionOfArn } from "../../src/aws/run-doctor.ts";
import { type Harness, offlineEnv, runDoctorInProcess, spawnDoctor, startHarness } from "./doctor-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("the doctor process", () => {
  test("exits 0 with the JSON contract when every subnet reaches the internet", async () => {
    const net = await h.build.privateSubnetsWithNat(["us-east-1a", "us-east-1b"]);
    const run = await h.doctorProcess(["--subnets", net.privateSubnetIds.join(","), "--json"]);
    expect(run.code).toBe(0);
    expect(Object.keys(run.json ?? {})).toEqual(expect.arrayContaining(["verdict", "subnets", "warnings"]));
    expect(run.json?.verdict).toBe("reachable");
    for (const subnet of run.json?.subnets ?? []) {
      expect(Object.keys(subnet)).toEqual(
        expect.arrayContaining(["subnetId", "availabilityZone", "verdict", "hops", "reason", "fix"]),
      );
    }
  });

  test("exits 1 and prints a readable report when a subnet cannot get out", async () => {
    const vpcId = await h.build.vpc();
    const subnetId = await h.build.subnet(vpcId, "10.0.1.0/24");
    await h.build.routeTable(vpcId, [subnetId], []);
    const run = await h.doctorProcess(["--subnets", subnetId]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("NO_ROUTE");
    expect(run.stdout).toContain("Overall: UNREACHABLE");
  });

  test("exits 2 naming the subnet when it does not exist", async () => {
    const run = await h.doctorProcess(["--subnets", "subnet-0123456789abcdef0", "--json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("subnet-0123456789abcdef0");
    expect(run.stderr).toMatch(/not found/);
    // --json answers in JSON on stdout even when it stops: a script piping it into jq gets an object.
    expect(JSON.parse(run.stdout)).toMatchObject({
      verdict: "error",
      error: {
        kind: "aws",
        name: "InvalidSubnetID.NotFound",
        message: expect.stringContaining("subnet-0123456789abcdef0"),
      },
    });
  });

  test("a usage error with --json prints a JSON error object on stdout", async () => {
    const run = await spawnDoctor(["--json"], {});
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      verdict: "error",
      error: { kind: "usage", message: expect.stringContaining("give exactly one of") },
    });
  });

  test("exits 2 with the usage when no input is given", async () => {
    const run = await spawnDoctor([], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "give exactly one of --service, --vpc-connector, --lambda-function, --ecs-service, --subnets, --template or --terraform-plan",
    );
    expect(run.stderr).toContain("Usage:");
  });

  test("exits 2 and says how to set a region when none is configured", async () => {
    const run = await spawnDoctor(["--subnets", "subnet-1"], offlineEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("No AWS region is configured.");
    expect(run.stderr).toContain("--region");
  });

  test("exits 2 and says how to provide credentials when none are found", async () => {
    const run = await spawnDoctor(["--subnets", "subnet-1", "--region", "us-east-1"], offlineEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("No AWS credentials were found.");
  });
});

describe("runDoctor", () => {
  test("the region of an App Runner ARN is read from the ARN", () => {
    expect(regionOfArn("arn:aws:apprunner:eu-west-1:123456789012:service/app/0123")).toBe("eu-west-1");
    expect(regionOfArn("my-app")).toBeUndefined();
  });

  test("the region of a Lambda function or ECS service ARN is read from the ARN", () => {
    expect(regionOfArn("arn:aws:lambda:ap-northeast-1:123456789012:function:orders")).toBe("ap-northeast-1");
    expect(regionOfArn("arn:aws:ecs:eu-central-1:123456789012:service/prod/web")).toBe("eu-central-1");
    expect(regionOfArn("prod/web")).toBeUndefined();
  });

  test("--help prints the usage and exits 0", async () => {
    const run = await runDoctorInProcess(["--help"], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--vpc-connector");
  });

  test("--security-groups without --subnets is a usage error", async () => {
    const run = await runDoctorInProcess(["--service", "x", "--security-groups", "sg-1"], h.env);
    expect(run.code).toBe(2);
  });

  test("--vpc-connector with something other than a connector ARN says the connector ARN format", async () => {
    for (const given of ["not-an-arn", "arn:aws:apprunner:us-east-1:123456789012:service/app/0123"]) {
      const run = await runDoctorInProcess(["--vpc-connector", given], h.env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(":vpcconnector/<name>/<revision>/<id>");
      expect(run.stderr).not.toContain(":service/<name>");
    }
  });

  test("--vpc-connector with a well-formed ARN that does not exist is not a format error", async () => {
    const arn =
      "arn:aws:apprunner:us-east-1:123456789012:vpcconnector/missing/1/0123456789abcdef0123456789abcdef";
    const run = await runDoctorInProcess(["--vpc-connector", arn], h.env);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain("needs a VPC connector ARN");
  });

  test("an invalid port is a usage error", async () => {
    expect((await runDoctorInProcess(["--subnets", "subnet-1", "--port", "70000"], h.env)).code).toBe(2);
  });

  test("a destination host name that does not resolve exits 2", async () => {
    const run = await runDoctorInProcess(
      ["--subnets", "subnet-1", "--destination", "nowhere.invalid"],
      h.env,
      () => Promise.reject(new Error("getaddrinfo ENOTFOUND nowhere.invalid")),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Could not resolve nowhere.invalid");
  });

  test("a destination host name is resolved and named in the report", async () => {
    const net = await h.build.privateSubnetsWithNat();
    const run = await runDoctorInProcess(
      ["--subnets", net.privateSubnetIds.join(","), "--destination", "api.example.com"],
      h.env,
      async () => "198.51.100.250",
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("api.example.com (198.51.100.250)");
  });

  test("a missing permission exits 2 naming the IAM action", async () => {
    const denied = await startDenyingEndpoint();
    try {
      const run = await runDoctorInProcess(["--subnets", "subnet-1"], {
        ...h.env,
        AWS_ENDPOINT_URL: denied.url,
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("ec2:DescribeSubnets");
      expect(run.stderr).toContain("scripts/doctor-iam-policy.json");
    } finally {
      await new Promise((resolve) => denied.server.close(resolve));
    }
  });
});

/** An endpoint that refuses every EC2 call as AWS does for a missing permission. */
async function startDenyingEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(403, { "content-type": "text/xml" });
      res.end(
        "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>1</RequestID></Response>",
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
