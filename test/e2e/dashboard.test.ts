/**
 * Browser test of the `nightshift dev` dashboard with Debian's chromium and playwright-core: run a
 * cron and read its logs; send a message that fails, watch it retry into the DLQ, redrive it once it
 * can succeed, and see it processed. UPDATE_SCREENSHOTS=1 refreshes docs/images/dashboard.png.
 */
import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import nodemailer from "nodemailer";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevEnvironment, startDevEnvironment } from "../../packages/nightshift/src/local/environment";
import { cleanup, createProject } from "../../packages/nightshift/test/helpers/temp-project";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
// The README's screenshot is refreshed only on request, so ordinary test runs leave docs/ alone.
const SCREENSHOT =
  process.env.UPDATE_SCREENSHOTS === "1"
    ? path.join(ROOT, "docs", "images", "dashboard.png")
    : path.join(ROOT, "test-results", "dashboard.png");

if (!existsSync(CHROMIUM)) {
  process.stderr.write(
    `\n!!! SKIPPING test/e2e/dashboard.test.ts: ${CHROMIUM} is missing. Install Debian's chromium (apt-get install -y chromium) to run the dashboard browser test. !!!\n\n`,
  );
}

const files = {
  "services/cron/daily-digest.ts": `import { cron } from "nightshift";
export default cron({
  schedule: "cron(0 8 ? * MON-FRI *)",
  timezone: "Europe/Berlin",
  async run(ctx) {
    ctx.log.info("digest sent", { recipients: 3 });
  },
});
`,
  "services/cron/cleanup-sessions.ts": `import { cron } from "nightshift";
export default cron({ schedule: "rate(15 minutes)", async run(ctx) { ctx.log.info("removed expired sessions", { removed: 0 }); } });
`,
  "services/queue/flaky.ts": `import { queue } from "nightshift";
import { z } from "zod";
export default queue({ schema: z.object({ id: z.string() }), retries: 1, timeout: "1 second" });
`,
  "services/queue/flaky.handler.ts": `import { existsSync } from "node:fs";
import { handle } from "nightshift";
import contract from "./flaky";
export default handle(contract, async (payload, ctx) => {
  // Fails while the flag file exists, so the test decides when the message can succeed.
  if (existsSync(process.env.FAIL_FLAG ?? "")) throw new Error("the downstream service is down");
  ctx.log.info("processed", { id: payload.id });
});
`,
};

describe.skipIf(!existsSync(CHROMIUM))("dashboard in a real browser", () => {
  let root: string;
  let flag: string;
  let env: DevEnvironment;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    root = await createProject(files);
    flag = path.join(root, "fail-flag");
    env = await startDevEnvironment({
      root,
      env: { ...process.env, FAIL_FLAG: flag, DATABASE_URL: "" },
      dashboardPort: 0,
      webPort: false,
      database: false,
      watch: false,
      shutdownGraceMs: 500,
      print: () => {},
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
    if (root) await cleanup(root);
  });

  it("runs a cron with Run now and shows the run with its logs", async () => {
    await page.goto(env.state.urls.dashboard);
    await expect.poll(() => page.getByRole("heading", { name: "Crons" }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Run daily-digest now" }).click();
    const run = page.locator('[data-invocation][data-job="daily-digest"][data-status="ok"]').first();
    await run.waitFor({ timeout: 30_000 });
    await run.locator("summary").click();
    await expect.poll(() => run.locator("pre").textContent()).toContain('digest sent {"recipients":3}');
    // The cron's own row shows the last run.
    await expect.poll(() => page.locator('tr[data-cron="daily-digest"]').textContent()).toContain("ok");
  });

  it("sends a failing message, watches it retry into the DLQ, redrives it and sees it processed", async () => {
    await writeFile(flag, "");
    await page.getByLabel("Queue", { exact: true }).selectOption("flaky");
    await page.getByLabel("Message body (JSON)").fill('{"id":"order-42"}');
    await page.getByRole("button", { name: "Send message" }).click();
    await expect.poll(() => page.locator("#send-result").textContent()).toMatch(/^Sent message [0-9a-f-]+ to flaky\.$/);

    // retries: 1 → two deliveries, both failing, then SQS's redrive policy moves it to the DLQ.
    const dlq = page.locator('tr[data-queue="flaky"] [data-count="deadLetter"]');
    await expect.poll(() => dlq.textContent(), { timeout: 60_000 }).toBe("1");
    const failures = page.locator('[data-invocation][data-job="flaky"][data-status="partial"]');
    expect(await failures.count()).toBe(2);
    // The poison message can be read in the DLQ without receiving it.
    await page.getByText("Dead letters of flaky (1)").click();
    await expect.poll(() => page.locator(".dead-letters").textContent()).toContain('{"id":"order-42"}');
    await expect.poll(() => page.locator(".dead-letters").textContent()).toContain("receive count 3");

    await rm(flag);
    await page.getByRole("button", { name: "Redrive the dead-letter queue of flaky" }).click();
    await expect
      .poll(() => page.locator("#send-result").textContent())
      .toBe("Moved 1 message(s) from the DLQ back to flaky.");
    const processed = page.locator('[data-invocation][data-job="flaky"][data-status="ok"]').first();
    await processed.waitFor({ timeout: 30_000 });
    await processed.locator("summary").click();
    await expect.poll(() => processed.locator("pre").textContent()).toContain('processed {"id":"order-42"}');
    await expect.poll(() => dlq.textContent()).toBe("0");
  }, 180_000);

  it("shows email caught by the local SMTP server, with its attachment", async () => {
    const transport = nodemailer.createTransport(env.state.env.SMTP_URL as string);
    await transport.sendMail({
      from: "reports@example.com",
      to: "ana@example.com",
      subject: "Weekly mentions report",
      text: "Your report is attached.",
      attachments: [
        { filename: "report.pdf", content: Buffer.from("%PDF-1.4 fixture"), contentType: "application/pdf" },
      ],
    });
    const email = page.locator("[data-email]").first();
    await email.waitFor({ timeout: 10_000 });
    await expect.poll(() => email.textContent()).toContain("Weekly mentions report");
    await email.locator("summary").click();
    await expect.poll(() => email.getByRole("link", { name: "report.pdf" }).isVisible()).toBe(true);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
});
