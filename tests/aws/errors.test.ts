import { describe, expect, test } from "vitest";
import { AWS_ERRORS, describeAwsError, tagAwsAction } from "../../src/aws/errors.ts";

function awsError(name: string, message = "message from AWS"): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe("describeAwsError", () => {
  test("missing credentials say how to provide them", () => {
    const described = describeAwsError(awsError("CredentialsProviderError", "Could not load credentials"));
    expect(described.known).toBe(true);
    expect(described.message).toMatch(/No AWS credentials/);
    expect(described.hint).toMatch(/AWS_PROFILE/);
  });

  test("an access-denied error names the permission of the tagged call", async () => {
    const failing = Promise.reject(
      awsError("UnauthorizedOperation", "You are not authorized to perform this operation."),
    );
    const error = await tagAwsAction("ec2:DescribeRouteTables", failing).catch((caught: unknown) => caught);
    const described = describeAwsError(error, { tool: "doctor" });
    expect(described.message).toContain("ec2:DescribeRouteTables");
    expect(described.hint).toContain("scripts/doctor-iam-policy.json");
  });

  test("without a tool, the hints name no command's policy file or rerun", () => {
    const denied = describeAwsError(awsError("AccessDenied", "no"), { action: "ec2:DescribeVpcs" });
    const throttled = describeAwsError(awsError("Throttling", "slow down"));
    for (const text of [denied.hint, throttled.hint]) {
      expect(text).not.toMatch(/doctor|notebook|cleanup|iam-policy/);
    }
  });

  test("the doctor's throttling and expiry hints say to run the doctor again", () => {
    expect(describeAwsError(awsError("Throttling"), { tool: "doctor" }).hint).toContain(
      "run the doctor again",
    );
    expect(describeAwsError(awsError("ExpiredToken"), { tool: "doctor" }).hint).toContain(
      "run the doctor again",
    );
  });

  test("an access-denied message that names the action is understood without a tag", () => {
    const described = describeAwsError(
      awsError(
        "AccessDeniedException",
        "User: arn:aws:iam::1:user/x is not authorized to perform: apprunner:DescribeService on resource",
      ),
    );
    expect(described.message).toContain("apprunner:DescribeService");
  });

  test("an unknown subnet names the region to check", () => {
    const described = describeAwsError(
      awsError("InvalidSubnetID.NotFound", "The subnet ID 'subnet-1' does not exist"),
      {
        region: "eu-west-1",
      },
    );
    expect(described.message).toContain("eu-west-1");
    expect(described.message).toContain("subnet-1");
  });

  test("the SDK's missing-region error is recognised by its message", () => {
    expect(describeAwsError(new Error("Region is missing")).message).toBe("No AWS region is configured.");
  });

  test("App Runner's not-a-customer refusal points at --subnets", () => {
    const described = describeAwsError(
      awsError("InvalidRequestException", "this account is not an existing App Runner customer"),
      { tool: "doctor" },
    );
    expect(described.hint).toContain("--subnets");
  });

  test("an unknown error is shown raw and marked unknown", () => {
    expect(describeAwsError(awsError("SomethingNew", "odd"))).toEqual({
      message: "SomethingNew: odd",
      hint: "",
      known: false,
    });
  });

  test("the table can be extended with a new entry", () => {
    AWS_ERRORS["LabOnlyError"] = () => ({ message: "lab message", hint: "lab hint" });
    try {
      expect(describeAwsError(awsError("LabOnlyError")).message).toBe("lab message");
    } finally {
      delete AWS_ERRORS["LabOnlyError"];
    }
  });
});
