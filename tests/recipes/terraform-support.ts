// Runs the real Terraform CLI and the hashicorp/aws provider against the local emulator: finds both
// (the provider in a filesystem mirror, installed offline), copies recipes/terraform/main.tf (or
// another configuration directory, with its local modules) into a temporary directory next to an override file that points the provider's ec2, apprunner and sts
// endpoints at the emulator, and runs terraform commands there with a clean environment (no AWS
// profile, credentials or endpoint from the caller's environment can reach the provider).

import { execFile } from "node:child_process";
import {
  accessSync,
  constants,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

export const RECIPE = fileURLToPath(new URL("../../recipes/terraform/main.tf", import.meta.url));

/** Where the provider may be mirrored; TF_PROVIDER_MIRROR first. The machine image uses /opt/tf-plugins. */
const MIRROR_CANDIDATES = [
  process.env["TF_PROVIDER_MIRROR"],
  "/opt/tf-plugins",
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
  join(process.env["HOME"] ?? "/root", ".terraform.d", "plugins"),
].filter((dir): dir is string => dir !== undefined && dir !== "");

export interface TerraformTools {
  terraform: string | undefined;
  /** A directory holding registry.terraform.io/hashicorp/aws/5.x.y/<platform>/. */
  mirror: string | undefined;
  /** What is missing, in words, for the skip message. */
  missing: string[];
}

export function findTerraformTools(): TerraformTools {
  const terraform = (process.env["PATH"] ?? "")
    .split(delimiter)
    .map((dir) => join(dir, "terraform"))
    .find((path) => {
      try {
        accessSync(path, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  const platform = `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;
  const mirror = MIRROR_CANDIDATES.find((dir) => {
    const versions = join(dir, "registry.terraform.io", "hashicorp", "aws");
    if (!existsSync(versions)) return false;
    return readdirSync(versions).some(
      (version) => version.startsWith("5.") && existsSync(join(versions, version, platform)),
    );
  });
  const missing = [
    ...(terraform === undefined ? ["the terraform CLI on PATH"] : []),
    ...(mirror === undefined
      ? [
          `the hashicorp/aws 5.x provider for ${platform} in a filesystem mirror (${MIRROR_CANDIDATES.join(", ")})`,
        ]
      : []),
  ];
  return { terraform, mirror, missing };
}

export interface TerraformRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time in milliseconds. */
  ms: number;
}

export interface TerraformWorkspace {
  /** The directory holding main.tf (and, once pointed at the emulator, the override file). */
  dir: string;
  run: (args: string[], timeoutMs?: number) => Promise<TerraformRun>;
  /** Runs and throws with Terraform's output when the exit code is not 0. */
  ok: (args: string[], timeoutMs?: number) => Promise<TerraformRun>;
  /** Writes emulator_override.tf: the provider talks to the emulator only. */
  pointAtEmulator: (url: string, region: string) => void;
  remove: () => void;
}

export interface WorkspaceOptions {
  /**
   * A directory to copy instead of the recipe (a configuration with local modules). Its override
   * file then holds the provider settings only: the recipe's DB subnet group override is the
   * recipe's.
   */
  configuration?: string;
}

export function createTerraformWorkspace(
  tools: TerraformTools,
  options: WorkspaceOptions = {},
): TerraformWorkspace {
  if (tools.terraform === undefined || tools.mirror === undefined)
    throw new Error(`Terraform is not usable here: missing ${tools.missing.join(" and ")}.`);
  const terraform = tools.terraform;
  const root = mkdtempSync(join(tmpdir(), "terraform-recipe-"));
  const dir = join(root, "config");
  if (options.configuration === undefined) {
    mkdirSync(dir);
    copyFileSync(RECIPE, join(dir, "main.tf"));
  } else {
    cpSync(options.configuration, dir, { recursive: true });
  }
  const cliConfig = join(root, "terraform.rc");
  // Only the mirror: init never reaches a registry (there is no network), and fails if the mirror
  // does not hold a version the recipe allows. Init links an unpacked mirror's provider into
  // TF_DATA_DIR instead of copying it (675 MB), so no plugin cache is needed.
  writeFileSync(
    cliConfig,
    [
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(tools.mirror)}`,
      `    include = ["registry.terraform.io/hashicorp/aws"]`,
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"],
    HOME: root,
    TMPDIR: tmpdir(),
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_DATA_DIR: join(root, "data"),
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(root, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(root, "no-aws-credentials"),
  };

  const run = (args: string[], timeoutMs = 600_000): Promise<TerraformRun> =>
    new Promise((resolve) => {
      const started = performance.now();
      execFile(
        terraform,
        [...args],
        { cwd: dir, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
          resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started) });
        },
      );
    });

  return {
    dir,
    run,
    ok: async (args, timeoutMs) => {
      const result = await run(args, timeoutMs);
      if (result.code !== 0) {
        throw new Error(
          `terraform ${args.join(" ")} exited ${result.code}:\n${result.stdout.slice(-8_000)}\n${result.stderr.slice(-8_000)}`,
        );
      }
      return result;
    },
    pointAtEmulator: (url, region) => {
      writeFileSync(
        join(dir, "emulator_override.tf"),
        emulatorOverride(url, region, options.configuration === undefined),
      );
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * The override Terraform merges into main.tf (Terraform language docs, "Override Files"): the
 * provider's endpoints for the services the emulator serves (EC2, App Runner, STS, Lambda, ECS), fake credentials, and no
 * instance-metadata lookup. Credentials are still validated and the account ID read, through the
 * emulator's STS. The emulator does not serve RDS, so the DB subnet group (the one RDS resource) is
 * left out of the run.
 */
function emulatorOverride(url: string, region: string, recipe: boolean): string {
  const provider = `provider "aws" {
  region                  = ${JSON.stringify(region)}
  access_key              = "AKIDEMULATOR"
  secret_key              = "emulator"
  skip_metadata_api_check = true
  endpoints {
    ec2       = ${JSON.stringify(url)}
    apprunner = ${JSON.stringify(url)}
    sts       = ${JSON.stringify(url)}
    lambda    = ${JSON.stringify(url)}
    ecs       = ${JSON.stringify(url)}
  }
}
`;
  if (!recipe) return provider;
  return `${provider}
resource "aws_db_subnet_group" "database" {
  count = 0
}

output "database_subnet_group_name" {
  value = null
}
`;
}
