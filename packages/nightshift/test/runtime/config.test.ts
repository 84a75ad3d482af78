import { describe, expect, it } from "vitest";
import { credentialsFor } from "../../src/runtime/aws-clients";
import { readRuntimeConfig, requireConfig } from "../../src/runtime/config";
import { partitionOf, physicalName, queueArn, queueUrl, topicArn } from "../../src/runtime/names";

const production = readRuntimeConfig({
  AWS_REGION: "eu-west-1",
  NIGHTSHIFT_APP: "wordmon",
  NIGHTSHIFT_ENV: "production",
  NIGHTSHIFT_RESOURCE_PREFIX: "wordmon-production",
  NIGHTSHIFT_ACCOUNT_ID: "123456789012",
  DATABASE_URL: "postgres://app@db.example.com/wordmon?sslmode=require",
});

describe("readRuntimeConfig", () => {
  it("reads the handful of env vars, trimming blanks away", () => {
    expect(
      readRuntimeConfig({
        AWS_REGION: "us-east-1",
        NIGHTSHIFT_ENV: "pr-42",
        NIGHTSHIFT_RESOURCE_PREFIX: "wordmon-pr-42",
        NIGHTSHIFT_ACCOUNT_ID: "000000000000",
        NIGHTSHIFT_SQS_ENDPOINT: "http://localhost:4566",
        NIGHTSHIFT_SNS_ENDPOINT: " ",
        NIGHTSHIFT_ROLE_ARN: "arn:aws:iam::000000000000:role/vercel",
        VERCEL: "1",
      }),
    ).toEqual({
      region: "us-east-1",
      app: undefined,
      environment: "pr-42",
      resourcePrefix: "wordmon-pr-42",
      accountId: "000000000000",
      endpoints: { sqs: "http://localhost:4566", sns: undefined, scheduler: undefined },
      roleArn: "arn:aws:iam::000000000000:role/vercel",
      schedulerRoleArn: undefined,
      schedulerGroup: undefined,
      databaseUrl: undefined,
      onVercel: true,
    });
  });

  it("names the env var, what needs it and the fix when a value is missing", () => {
    const config = readRuntimeConfig({ AWS_REGION: "us-east-1" });
    expect(() => requireConfig(config, "resourcePrefix", 'the queue "send-email"')).toThrow(
      "NIGHTSHIFT_RESOURCE_PREFIX is not set, and the queue \"send-email\" needs it. Deployed functions and the Vercel project get it from nightshift's infrastructure; locally `nightshift dev` sets it. Set NIGHTSHIFT_RESOURCE_PREFIX in this process's environment.",
    );
    expect(() => queueUrl(config, "send-email", false)).toThrow(expect.objectContaining({ code: "E_CONFIG" }));
  });
});

describe("names, URLs and ARNs", () => {
  it("derives every physical name from the prefix, with .fifo for FIFO", () => {
    expect(physicalName("wordmon-pr-42", "send-email", { fifo: false })).toBe("wordmon-pr-42-send-email");
    expect(physicalName("wordmon-pr-42", "orders", { fifo: true })).toBe("wordmon-pr-42-orders.fifo");
  });

  it("builds AWS queue URLs and ARNs without a lookup", () => {
    expect(queueUrl(production, "send-email", false)).toBe(
      "https://sqs.eu-west-1.amazonaws.com/123456789012/wordmon-production-send-email",
    );
    expect(queueArn(production, "orders", true)).toBe(
      "arn:aws:sqs:eu-west-1:123456789012:wordmon-production-orders.fifo",
    );
    expect(topicArn(production, "user-events", false)).toBe(
      "arn:aws:sns:eu-west-1:123456789012:wordmon-production-user-events",
    );
  });

  it("uses the partition of the region", () => {
    expect(partitionOf("cn-north-1")).toBe("aws-cn");
    expect(partitionOf("us-gov-west-1")).toBe("aws-us-gov");
    expect(partitionOf("ap-southeast-2")).toBe("aws");
    const china = readRuntimeConfig({
      AWS_REGION: "cn-north-1",
      NIGHTSHIFT_RESOURCE_PREFIX: "w-p",
      NIGHTSHIFT_ACCOUNT_ID: "123456789012",
    });
    expect(queueUrl(china, "q", false)).toBe("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/w-p-q");
    expect(queueArn(china, "q", false)).toBe("arn:aws-cn:sqs:cn-north-1:123456789012:w-p-q");
  });

  it("follows the local server's URL convention under a local endpoint", () => {
    const local = readRuntimeConfig({
      AWS_REGION: "us-east-1",
      NIGHTSHIFT_RESOURCE_PREFIX: "wordmon-development",
      NIGHTSHIFT_ACCOUNT_ID: "000000000000",
      NIGHTSHIFT_SQS_ENDPOINT: "http://localhost:4566",
    });
    expect(queueUrl(local, "send-email", false)).toBe(
      "http://sqs.us-east-1.localhost:4566/000000000000/wordmon-development-send-email",
    );
  });
});

describe("credentialsFor", () => {
  it("uses dummy static credentials against a local endpoint", () => {
    expect(credentialsFor(production, "http://localhost:4566")).toEqual({
      accessKeyId: "nightshift-local",
      secretAccessKey: "nightshift-local",
    });
  });

  it("uses Vercel OIDC inside a Vercel function with a role, and the default chain elsewhere", () => {
    const vercel = readRuntimeConfig({
      AWS_REGION: "eu-west-1",
      VERCEL: "1",
      NIGHTSHIFT_ROLE_ARN: "arn:aws:iam::123456789012:role/wordmon-vercel",
    });
    expect(typeof credentialsFor(vercel, undefined)).toBe("function");
    // In Lambda (no VERCEL, no role) the SDK's default chain finds the execution role.
    expect(credentialsFor(production, undefined)).toBeUndefined();
    // A role ARN alone (e.g. in CI) does not switch to OIDC outside Vercel.
    expect(
      credentialsFor(readRuntimeConfig({ NIGHTSHIFT_ROLE_ARN: "arn:aws:iam::1:role/x" }), undefined),
    ).toBeUndefined();
  });

  it("asks Vercel for its OIDC token only when credentials are needed, and says so when there is none", async () => {
    const vercel = readRuntimeConfig({
      AWS_REGION: "eu-west-1",
      VERCEL: "1",
      NIGHTSHIFT_ROLE_ARN: "arn:aws:iam::123456789012:role/wordmon-vercel",
    });
    const provider = credentialsFor(vercel, undefined) as () => Promise<unknown>;
    const previous = process.env.VERCEL_OIDC_TOKEN;
    delete process.env.VERCEL_OIDC_TOKEN;
    try {
      const attempt = provider();
      await expect(attempt).rejects.toMatchObject({ code: "E_NO_CREDENTIALS" });
      await expect(attempt).rejects.toThrow(
        /^No AWS credentials for arn:aws:iam::123456789012:role\/wordmon-vercel: this runs on Vercel with NIGHTSHIFT_ROLE_ARN set, but exchanging the Vercel OIDC token failed \(.*x-vercel-oidc-token.*\)\. Turn on OIDC federation for the project in Vercel \(Settings → Security\), check that the role trusts the team's issuer, and call send\(\)\/publish\(\) while handling a request\.$/s,
      );
    } finally {
      if (previous !== undefined) process.env.VERCEL_OIDC_TOKEN = previous;
    }
  });
});
