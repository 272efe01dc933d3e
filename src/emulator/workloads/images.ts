// Amazon Linux 2023 arm64 AMIs for DescribeImages (owner amazon). Two plausible releases with their
// CreationDate so that the labs pick the newest, as they would in AWS. IDs and dates are emulated.

/** The account that owns Amazon's public AMIs (owner alias "amazon"). */
export const AMAZON_OWNER_ID = "137112412989";

export interface ImageRecord {
  imageId: string;
  /** The snapshot behind the root volume (emulated ID). */
  snapshotId: string;
  name: string;
  architecture: "arm64" | "x86_64";
  creationDate: string;
}

export const AMAZON_IMAGES: ImageRecord[] = [
  {
    imageId: "ami-0a1b2c3d4e5f60718",
    snapshotId: "snap-0a1b2c3d4e5f60718",
    name: "al2023-ami-2023.9.20251014.0-kernel-6.1-arm64",
    architecture: "arm64",
    creationDate: "2025-10-14T19:12:31.000Z",
  },
  {
    imageId: "ami-0f9e8d7c6b5a40312",
    snapshotId: "snap-0f9e8d7c6b5a40312",
    name: "al2023-ami-2023.9.20251110.1-kernel-6.1-arm64",
    architecture: "arm64",
    creationDate: "2025-11-10T21:40:05.000Z",
  },
  {
    imageId: "ami-0c1d2e3f405162738",
    snapshotId: "snap-0c1d2e3f405162738",
    name: "al2023-ami-2023.9.20251110.1-kernel-6.1-x86_64",
    architecture: "x86_64",
    creationDate: "2025-11-10T21:38:44.000Z",
  },
];

/**
 * Amazon's public SSM parameters for the newest Amazon Linux 2023 AMIs (AL2023 User Guide, "Get
 * the latest AL2023 AMI using Systems Manager"; e.g. /aws/service/ami-amazon-linux-latest/
 * al2023-ami-kernel-default-arm64). RunInstances takes one as ImageId "resolve:ssm:<name>" and
 * resolves it at launch (EC2 User Guide, "Reference AMIs using Systems Manager parameters"); the
 * caller needs ssm:GetParameters on the parameter. Resolved to the newest emulated image here.
 */
export const PUBLIC_AMI_PARAMETERS: Record<string, "arm64" | "x86_64"> = {
  "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64": "arm64",
  "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64": "x86_64",
  "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64": "arm64",
  "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64": "x86_64",
};

/** The image a public AMI parameter names today, or undefined for a name Amazon does not publish. */
export function resolveAmiParameter(name: string): ImageRecord | undefined {
  const architecture = PUBLIC_AMI_PARAMETERS[name];
  if (architecture === undefined) return undefined;
  return AMAZON_IMAGES.filter((image) => image.architecture === architecture).sort((a, b) =>
    b.creationDate.localeCompare(a.creationDate),
  )[0];
}
