// The emulator's copies of AWS's service models (src/emulator/models/*.json) are what the installed
// botocore produces for the operations the emulator serves, and every served operation declares
// which input members it honours, by names the model has.

import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { extractModels, findBotocore, servedOperations } from "../../scripts/extract-service-models.ts";
import { appRunnerActions } from "../../src/emulator/apprunner/actions.ts";
import { COMMON_MEMBERS, ec2Actions } from "../../src/emulator/ec2/actions.ts";
import { ecsActions } from "../../src/emulator/ecs/actions.ts";
import { lambdaActions } from "../../src/emulator/lambda/actions.ts";
import { honouredMembers } from "../../src/emulator/models/honours.ts";
import { MODEL_FILES, type ServiceModelName, serviceModel } from "../../src/emulator/models/service-model.ts";
import { inputPathExists } from "../../src/emulator/models/validate-request.ts";
import { stsActions } from "../../src/emulator/sts/actions.ts";

const botocore = findBotocore();
const strict = process.env["CI"] === "true";

describe("the committed model copies", () => {
  if (botocore === null && !strict) {
    console.warn(
      "SKIPPED: botocore is not installed (python3 -c 'import botocore'), so the committed models " +
        "cannot be compared with it. Install botocore or run with CI=true to make this fail.",
    );
  }
  test.skipIf(botocore === null && !strict)(
    "equal what the installed botocore produces (npm run models)",
    () => {
      expect(botocore, "botocore is missing (python3 -c 'import botocore')").not.toBeNull();
      const expected = extractModels(botocore as NonNullable<typeof botocore>);
      for (const [file, content] of Object.entries(expected)) {
        const committed = readFileSync(new URL(`../../src/emulator/models/${file}`, import.meta.url), "utf8");
        expect(
          committed === content,
          `${file} differs from botocore ${botocore?.version}: run npm run models`,
        ).toBe(true);
      }
    },
  );

  test("say which botocore they come from", () => {
    for (const name of Object.keys(MODEL_FILES) as ServiceModelName[]) {
      expect(serviceModel(name).source).toMatch(
        /^botocore \d+\.\d+\.\d+ data\/[a-z0-9]+\/\d{4}-\d{2}-\d{2}\//,
      );
    }
  });

  test("every pattern in them compiles as a JavaScript regular expression", () => {
    for (const name of Object.keys(MODEL_FILES) as ServiceModelName[]) {
      for (const [shapeName, shape] of Object.entries(serviceModel(name).shapes)) {
        if (shape.pattern) expect(() => new RegExp(`^(?:${shape.pattern})$`), shapeName).not.toThrow();
      }
    }
  });
});

describe("every served operation", () => {
  const tables = {
    ec2: { protocol: "ec2", actions: ec2Actions },
    apprunner: { protocol: "json", actions: appRunnerActions },
    sts: { protocol: "query", actions: stsActions },
    lambda: { protocol: "json", actions: lambdaActions },
    ecs: { protocol: "json", actions: ecsActions },
  } as const;

  test("is in its model and declares the members it honours, by names the model has", () => {
    const served = servedOperations();
    const lines: string[] = [];
    const problems: string[] = [];
    let validated = 0;
    let total = 0;
    for (const [service, { protocol, actions }] of Object.entries(tables)) {
      const model = serviceModel(service as ServiceModelName);
      const names = served[service as ServiceModelName];
      let inModel = 0;
      for (const action of names) {
        total++;
        expect(
          model.operations[action],
          `${service} ${action} is missing from the model copy: npm run models`,
        ).toBeDefined();
        const honoured = honouredMembers(actions[action] as (...args: never[]) => unknown);
        expect(
          honoured,
          `${service} ${action} declares no honoured members (models/honours.ts)`,
        ).toBeDefined();
        for (const path of honoured ?? []) {
          // DryRun and ClientToken are honoured for every EC2 action that has them.
          if (service === "ec2" && COMMON_MEMBERS.includes(path)) continue;
          if (!inputPathExists(model, protocol, action, path))
            problems.push(`${service} ${action}: "${path}"`);
        }
        inModel++;
      }
      validated += inModel;
      lines.push(`${service}: ${inModel} of ${names.length} actions validated against ${model.source}`);
    }
    console.log(`${lines.join("\n")}\nactions validated / served: ${validated} / ${total}`);
    expect(problems, "declared honoured members that are not input members of the model").toEqual([]);
    expect(validated).toBe(total);
  });
});
