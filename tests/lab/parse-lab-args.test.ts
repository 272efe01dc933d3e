import { describe, expect, test } from "vitest";
import { UsageError } from "../../src/aws/command-line.ts";
import { labUsage, parseLabArgs } from "../../src/lab/parse-lab-args.ts";

describe("parseLabArgs", () => {
  test("defaults: auto workload, every switch off", () => {
    expect(parseLabArgs([])).toEqual({
      local: false,
      region: undefined,
      profile: undefined,
      workload: "auto",
      keep: false,
      dryRun: false,
      yes: false,
      help: false,
    });
  });

  test("reads every flag of the notebooks' contract", () => {
    expect(
      parseLabArgs([
        "--local",
        "--region",
        "ap-northeast-1",
        "--profile",
        "lab",
        "--workload",
        "instance",
        "--keep",
        "--dry-run",
        "--yes",
        "--help",
      ]),
    ).toEqual({
      local: true,
      region: "ap-northeast-1",
      profile: "lab",
      workload: "instance",
      keep: true,
      dryRun: true,
      yes: true,
      help: true,
    });
  });

  test.each(["auto", "apprunner", "instance", "none"])("accepts --workload %s", (workload) => {
    expect(parseLabArgs(["--workload", workload]).workload).toBe(workload);
    expect(parseLabArgs([`--workload=${workload}`]).workload).toBe(workload);
  });

  test("accepts -y and -h", () => {
    expect(parseLabArgs(["-y", "-h"])).toMatchObject({ yes: true, help: true });
  });

  test("rejects an unknown workload, naming the allowed ones", () => {
    expect(() => parseLabArgs(["--workload", "lambda"])).toThrow(UsageError);
    expect(() => parseLabArgs(["--workload", "lambda"])).toThrow(/auto, apprunner, instance, none.*lambda/);
  });

  test.each([
    [["--nat"], /--nat/],
    [["--region"], /--region/],
    [["extra"], /extra/],
    [["--keep=yes"], /--keep/],
  ])("rejects %j with a usage error that points to --help", (argv, pattern) => {
    let error: unknown;
    try {
      parseLabArgs(argv);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(String(error)).toMatch(pattern);
    expect(String(error)).toMatch(/--help/);
  });
});

describe("labUsage", () => {
  test("lists every flag and the exit codes", () => {
    const usage = labUsage("01-without-nat");
    for (const flag of [
      "--local",
      "--region",
      "--profile",
      "--workload",
      "--keep",
      "--dry-run",
      "--yes",
      "--help",
    ])
      expect(usage).toContain(flag);
    expect(usage).toMatch(/npx tsx notebooks\/01-without-nat\.ts/);
    expect(usage).toMatch(/Exit codes: 0/);
  });

  test("each notebook describes itself: 01 the failure, 02 the NAT gateway fix", () => {
    const first = labUsage("01-without-nat");
    const second = labUsage("02-with-nat");
    expect(first).not.toBe(second);
    expect(first).toMatch(/Notebook 01, without a NAT gateway/);
    expect(first).not.toMatch(/Elastic IP/);
    expect(second).toMatch(/npx tsx notebooks\/02-with-nat\.ts/);
    expect(second).toMatch(/Notebook 02, the fix.*NAT gateway/s);
  });
});
