import { describe, expect, test } from "vitest";
import { describeLabError } from "../../src/lab/describe-lab-error.ts";

function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe("describeLabError", () => {
  test("a VPC quota error says which quota and what to do", () => {
    const text = describeLabError(
      awsError("VpcLimitExceeded", "The maximum number of VPCs has been reached."),
    );
    expect(text).toMatch(
      /^VpcLimitExceeded: The maximum number of VPCs has been reached\. .*VPC quota.*npm run cleanup/,
    );
  });

  test("an Elastic IP quota error says which quota and what to do", () => {
    const text = describeLabError(
      awsError("AddressLimitExceeded", "The maximum number of addresses has been reached."),
    );
    expect(text).toMatch(/Elastic IP quota.*Release an unused address/);
  });

  test("an unknown error is shown with its name", () => {
    expect(describeLabError(awsError("Weird", "odd"))).toBe("Weird: odd");
  });
});

describe("describeLabError scopes its advice to the command that failed", () => {
  const denied = () =>
    awsError(
      "UnauthorizedOperation",
      "You are not authorized to perform: ec2:CreateNatGateway on resource arn:aws:ec2:us-east-1:1:natgateway/*",
    );

  test("a notebook's access-denied error names the notebooks' policy, never the doctor's", () => {
    const text = describeLabError(denied());
    expect(text).toContain("ec2:CreateNatGateway");
    expect(text).toContain("notebooks/iam-policy.json");
    expect(text).not.toMatch(/doctor/i);
  });

  test("a notebook's throttling error says to run the notebook again, not the doctor", () => {
    const text = describeLabError(awsError("RequestLimitExceeded", "Request limit exceeded."));
    expect(text).toContain("run the notebook again");
    expect(text).not.toMatch(/doctor/i);
  });

  test("cleanup's errors say to run cleanup again", () => {
    const text = describeLabError(awsError("ThrottlingException", "Rate exceeded"), "cleanup");
    expect(text).toContain("run npm run cleanup again");
    expect(text).not.toMatch(/doctor/i);
  });

  test("a notebook told the account cannot use App Runner is pointed at --workload instance, not --subnets", () => {
    const text = describeLabError(
      awsError("InvalidRequestException", "this account is not an existing App Runner customer"),
    );
    expect(text).toContain("--workload instance");
    expect(text).not.toContain("--subnets");
  });
});
