import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { findPrEnvironments, prKeys, sweepSummary } from "../../scripts/ci/closed-pr-environments";
import type { GitHubApi } from "../../scripts/ci/github-api";
import { stateLocation } from "../../scripts/ci/state-location";
import { upsertPrComment } from "../../scripts/ci/upsert-pr-comment";

interface Recorded {
  method: string;
  url: string;
  auth: string | undefined;
  body: unknown;
}

/** A stand-in for the GitHub REST API on a real local HTTP server. */
async function fakeGitHub(
  handle: (req: Recorded) => { status: number; body: unknown },
): Promise<{ api: GitHubApi; calls: Recorded[]; server: Server }> {
  const calls: Recorded[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const call = {
      method: req.method ?? "",
      url: req.url ?? "",
      auth: req.headers.authorization,
      body: text ? JSON.parse(text) : undefined,
    };
    calls.push(call);
    const { status, body } = handle(call);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return { api: { url: `http://127.0.0.1:${port}`, token: "t0ken", repository: "acme/wordmon" }, calls, server };
}

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

const bot = { login: "github-actions[bot]" };

describe("upsertPrComment", () => {
  it("updates the bot's marked comment in place, ignoring a look-alike by someone else", async () => {
    const { api, calls } = await fakeGitHub((req) => {
      if (req.method === "GET")
        return {
          status: 200,
          body: [
            { id: 1, body: "<!-- nightshift-plan --> fake", user: { login: "mallory" } },
            { id: 2, body: "unrelated", user: bot },
            { id: 3, body: "<!-- nightshift-plan -->\nold", user: bot },
          ],
        };
      return { status: 200, body: { id: 3 } };
    });
    const result = await upsertPrComment(api, { pr: 42, body: "<!-- nightshift-plan -->\nnew" });
    expect(result).toEqual({ action: "updated", id: 3 });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "GET /repos/acme/wordmon/issues/42/comments?per_page=100&page=1",
      "PATCH /repos/acme/wordmon/issues/comments/3",
    ]);
    expect(calls[1]!.body).toEqual({ body: "<!-- nightshift-plan -->\nnew" });
    expect(calls[0]!.auth).toBe("Bearer t0ken");
  });

  it("pages through long threads and creates the comment, with the marker, when none exists", async () => {
    const full = Array.from({ length: 100 }, (_, i) => ({ id: i + 10, body: "lgtm", user: { login: "reviewer" } }));
    const { api, calls } = await fakeGitHub((req) => {
      if (req.method === "GET") return { status: 200, body: req.url.endsWith("page=1") ? full : [] };
      return { status: 201, body: { id: 999 } };
    });
    const result = await upsertPrComment(api, { pr: 7, body: "plan" });
    expect(result).toEqual({ action: "created", id: 999 });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "GET /repos/acme/wordmon/issues/7/comments?per_page=100&page=1",
      "GET /repos/acme/wordmon/issues/7/comments?per_page=100&page=2",
      "POST /repos/acme/wordmon/issues/7/comments",
    ]);
    expect(calls[2]!.body).toEqual({ body: "<!-- nightshift-plan -->\nplan" });
  });

  it("reports GitHub's error without the token", async () => {
    const { api } = await fakeGitHub(() => ({
      status: 403,
      body: { message: "Resource not accessible by integration" },
    }));
    const attempt = upsertPrComment(api, { pr: 7, body: "plan" });
    await expect(attempt).rejects.toThrow(
      "GitHub API GET /repos/acme/wordmon/issues/7/comments?per_page=100&page=1 failed with 403: Resource not accessible by integration",
    );
    await expect(attempt).rejects.not.toThrow(/t0ken/);
  });
});

describe("closed PR environments", () => {
  const listing = JSON.stringify({
    Contents: [
      { Key: "env/pr-12/terraform.tfstate" },
      { Key: "env/pr-12/terraform.tfstate.tflock" },
      { Key: "env/pr-3/terraform.tfstate" },
      { Key: "env/pr-40/terraform.tfstate" },
      { Key: "env/production/terraform.tfstate" },
      { Key: "env/pr-x/terraform.tfstate" },
    ],
  });

  it("groups state keys by PR number and ignores other environments", () => {
    expect([...prKeys(listing)]).toEqual([
      [12, ["env/pr-12/terraform.tfstate", "env/pr-12/terraform.tfstate.tflock"]],
      [3, ["env/pr-3/terraform.tfstate"]],
      [40, ["env/pr-40/terraform.tfstate"]],
    ]);
    expect(prKeys("")).toEqual(new Map());
    expect(prKeys("null")).toEqual(new Map());
  });

  it("asks GitHub for each PR and keeps open and unknown ones", async () => {
    const { api } = await fakeGitHub((req) => {
      if (req.url.endsWith("/pulls/3")) return { status: 200, body: { state: "closed", head: { ref: "fix/typo" } } };
      if (req.url.endsWith("/pulls/12"))
        return { status: 200, body: { state: "open", head: { ref: "feature/words" } } };
      return { status: 404, body: { message: "Not Found" } };
    });
    const environments = await findPrEnvironments(api, listing);
    expect(environments).toEqual([
      { pr: 3, keys: ["env/pr-3/terraform.tfstate"], state: "closed", branch: "fix/typo" },
      {
        pr: 12,
        keys: ["env/pr-12/terraform.tfstate", "env/pr-12/terraform.tfstate.tflock"],
        state: "open",
        branch: "feature/words",
      },
      { pr: 40, keys: ["env/pr-40/terraform.tfstate"], state: "unknown", branch: "" },
    ]);
    expect(sweepSummary(environments)).toBe(
      [
        "### PR environment sweep",
        "",
        "| environment | pull request | state | action |",
        "|---|---|---|---|",
        "| pr-3 | #3 | closed | destroy |",
        "| pr-12 | #12 | open | keep (PR open) |",
        "| pr-40 | #40 | unknown | keep (PR not found) |",
        "",
      ].join("\n"),
    );
  });

  it("runs as a program: prints the matrix of closed PRs and appends the summary", async () => {
    const { api } = await fakeGitHub(() => ({ status: 200, body: { state: "closed", head: { ref: "feat/a" } } }));
    const dir = mkdtempSync(join(tmpdir(), "sweep-"));
    writeFileSync(join(dir, "keys.json"), JSON.stringify({ Contents: [{ Key: "env/pr-5/terraform.tfstate" }] }));
    // Asynchronous on purpose: the fake API answers from this same process.
    const result = await promisify(execFile)(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/ci/closed-pr-environments.ts",
        "--listing",
        join(dir, "keys.json"),
        "--summary",
        join(dir, "summary.md"),
      ],
      {
        cwd: join(import.meta.dirname, "../.."),
        encoding: "utf8",
        timeout: 30_000,
        env: { ...process.env, GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "acme/wordmon", GITHUB_API_URL: api.url },
      },
    );
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([{ pr: 5, branch: "feat/a" }]);
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain("| pr-5 | #5 | closed | destroy |");
  });
});

describe("stateLocation", () => {
  it("reads the S3 backend of a synthesized stack", () => {
    const tf = {
      terraform: {
        backend: {
          s3: {
            bucket: "wordmon-tfstate-123",
            key: "env/pr-42/terraform.tfstate",
            region: "us-east-1",
            encrypt: true,
            use_lockfile: true,
          },
        },
      },
    };
    expect(stateLocation(JSON.stringify(tf), "cdk.tf.json")).toEqual({
      bucket: "wordmon-tfstate-123",
      key: "env/pr-42/terraform.tfstate",
      region: "us-east-1",
    });
  });

  it("refuses a stack without S3 state or with a key that could reach elsewhere", () => {
    expect(() => stateLocation('{"terraform":{"backend":{"local":{}}}}', "s/bootstrap/cdk.tf.json")).toThrow(
      "s/bootstrap/cdk.tf.json: terraform.backend.s3 is missing; this stack does not keep its state in S3.",
    );
    const tf = {
      terraform: { backend: { s3: { bucket: "b-123", key: "env/../production/x; rm -rf", region: "us-east-1" } } },
    };
    expect(() => stateLocation(JSON.stringify(tf), "f")).toThrow(
      'f: terraform.backend.s3.key must be a plain object key (got "env/../production/x; rm -rf").',
    );
  });
});
