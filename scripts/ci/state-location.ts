import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

/** Where a synthesized stack keeps its Terraform state. */
export interface StateLocation {
  bucket: string;
  key: string;
  region: string;
}

/**
 * Reads the S3 backend of a synthesized stack (`cdktf.out/stacks/<name>/cdk.tf.json`), so the
 * workflows delete exactly the object Terraform used instead of rebuilding the key by hand.
 */
export function stateLocation(tfJson: string, file: string): StateLocation {
  let data: { terraform?: { backend?: { s3?: Partial<StateLocation> } } };
  try {
    data = JSON.parse(tfJson);
  } catch {
    throw new Error(`${file}: not JSON; run \`npm run synth\` first.`);
  }
  const s3 = data.terraform?.backend?.s3;
  if (!s3) throw new Error(`${file}: terraform.backend.s3 is missing; this stack does not keep its state in S3.`);
  const { bucket, key, region } = s3;
  if (typeof bucket !== "string" || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new Error(`${file}: terraform.backend.s3.bucket must be an S3 bucket name (got ${JSON.stringify(bucket)}).`);
  }
  if (typeof key !== "string" || !/^[A-Za-z0-9!_.*'()/-]+$/.test(key) || key.includes("..")) {
    throw new Error(`${file}: terraform.backend.s3.key must be a plain object key (got ${JSON.stringify(key)}).`);
  }
  if (typeof region !== "string" || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new Error(`${file}: terraform.backend.s3.region must be an AWS region (got ${JSON.stringify(region)}).`);
  }
  return { bucket, key, region };
}

/** Prints `bucket=…`, `key=…` and `region=…` lines, the format of `$GITHUB_OUTPUT`. */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error("usage: state-location.ts cdktf.out/stacks/<name>/cdk.tf.json");
  const location = stateLocation(await readFile(file, "utf8"), file);
  process.stdout.write(`bucket=${location.bucket}\nkey=${location.key}\nregion=${location.region}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`state-location: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
