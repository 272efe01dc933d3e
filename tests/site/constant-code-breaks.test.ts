import { describe, expect, test } from "vitest";
import { splitConstantAtUnderscores } from "../../src/integrations/constant-code-breaks.ts";

describe("reason codes in table cells", () => {
  test("break only after an underscore", () => {
    expect(splitConstantAtUnderscores("NO_PUBLIC_IP")).toEqual(["NO_", "PUBLIC_", "IP"]);
    expect(splitConstantAtUnderscores("TGW_NO_RETURN_ROUTE")).toEqual(["TGW_", "NO_", "RETURN_", "ROUTE"]);
  });

  test("other code is left alone", () => {
    for (const text of ["NO", "EgressType", "0.0.0.0/0", "no_route", "AWS_ENDPOINT_URL=x", "--port"])
      expect(splitConstantAtUnderscores(text), text).toBeNull();
  });
});
