import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevEnvironment } from "../../src/local/environment";
import { cleanup, createProject, jobs, writeFiles } from "../helpers/temp-project";

const config = (secrets: string) => `import { defineConfig } from "nightshift";
export default defineConfig({
  app: "wordmon",
  stateBucket: "wordmon-state",
  github: { owner: "o", repo: "r" },
  vercel: { team: "t", project: "p" },
  secrets: [${secrets}],
});
`;

let root: string;
beforeAll(async () => {
  root = await createProject({
    "nightshift.config.ts": config(
      `{ name: "SMTP_URL", description: "Mail server", targets: ["lambda"] }, { name: "PAYMENTS_KEY", description: "Key for the payments API", targets: ["lambda", "vercel"] }`,
    ),
    "services/cron/tick.ts": jobs.cron(),
  });
});
afterAll(() => cleanup(root));

const start = (env: Record<string, string | undefined>) =>
  startDevEnvironment({
    root,
    env: { ...process.env, ...env },
    dashboardPort: 0,
    webPort: false,
    database: false,
    print: () => {},
  });

describe("nightshift dev and declared secrets", () => {
  it("stops when a required secret has no local value, naming it and the line that sets it", async () => {
    await expect(start({ PAYMENTS_KEY: undefined })).rejects.toThrow(
      "1 secret has no value in .env.local:\n  PAYMENTS_KEY: Key for the payments API\n    add PAYMENTS_KEY=… to .env.local",
    );
  });

  it("starts once .env.local sets it; SMTP_URL is provided by the local mail catcher", async () => {
    await writeFiles(root, { ".env.local": "PAYMENTS_KEY=pk_test_local\n" });
    const environment = await start({ PAYMENTS_KEY: undefined });
    await environment.stop();
  });
});
