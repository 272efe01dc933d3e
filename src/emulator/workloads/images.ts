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
