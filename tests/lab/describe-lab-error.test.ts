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
