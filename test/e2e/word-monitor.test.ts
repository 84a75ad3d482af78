import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "nightshift/internal/db/embedded";
import { PDFParse } from "pdf-parse";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The word monitor through a real browser, against `nightshift dev` as a user runs it: add a word, run
 * the cron from the CLI, see the mention, ask for a report, find the email in the local inbox and read
 * the word in its PDF. Set UPDATE_SCREENSHOTS=1 to refresh the README's screenshots in docs/images.
 *
 * It runs `nightshift dev` for this checkout (with a database of its own), so stop your own
 * `npm run dev` first: a second environment for the same checkout refuses to start, and says so.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const exec = promisify(execFile);
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === "1";
const SCREENSHOTS = path.join(ROOT, UPDATE_SCREENSHOTS ? "docs/images" : "test-results");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Polls `check` every 250 ms until it returns a value, or fails with `what` after `attempts` tries. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, attempts = 240): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
}

interface InboxEmail {
  id: string;
  receivedAt: string;
  to: string[];
  subject: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

describe("word monitor in the browser", () => {
  let dev: ChildProcess | undefined;
  let devExited: Promise<void> | undefined;
  let database: EmbeddedPostgres | undefined;
  let dataDir: string | undefined;
  let browser: Browser | undefined;
  let web = "";
  let dashboard = "";
  const output: string[] = [];
  const reader = "reader@example.com";
  /** The local inbox outlives a run (it is kept in .nightshift/), so only mail received after this counts. */
  const startedAt = new Date();

  beforeAll(async () => {
    // A database of its own, so the test neither sees nor changes the data of `npm run dev`.
    dataDir = await mkdtemp(path.join(tmpdir(), "wordmon-e2e-db-"));
    database = await startEmbeddedPostgres({ dataDir });
    const [webPort, dashboardPort] = [await freePort(), await freePort()];
    web = `http://127.0.0.1:${webPort}`;
    dashboard = `http://127.0.0.1:${dashboardPort}`;
    dev = spawn(process.execPath, [path.join(ROOT, "packages/nightshift/bin/nightshift.js"), "dev"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        PORT: String(webPort),
        NIGHTSHIFT_DASHBOARD_PORT: String(dashboardPort),
        DATABASE_URL: database.url,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    });
    devExited = new Promise((resolve) => dev?.once("exit", () => resolve()));
    for (const stream of [dev.stdout, dev.stderr]) stream?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    try {
      const ready = async () => {
        await eventually("the dashboard", async () => ((await fetch(`${dashboard}/api/status`)).ok ? true : undefined));
        await eventually("the web app", async () => ((await fetch(web)).ok ? true : undefined));
      };
      const exited = devExited.then(() => {
        throw new Error(`nightshift dev exited with code ${dev?.exitCode} before it was ready`);
      });
      await Promise.race([ready(), exited]);
    } catch (error) {
      throw withDevOutput(error);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (dev?.pid !== undefined && dev.exitCode === null) {
      process.kill(-dev.pid, "SIGINT");
      const timer = setTimeout(() => dev?.pid && process.kill(-dev.pid, "SIGKILL"), 15_000);
      await devExited;
      clearTimeout(timer);
    }
    await database?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** The error, with the end of `nightshift dev`'s output appended: what a failure needs to be understood. */
  const withDevOutput = (error: unknown) =>
    new Error(`${(error as Error).message}\n--- nightshift dev output ---\n${output.join("").slice(-6000)}`, {
      cause: error,
    });

  /** Runs the `nightshift` CLI in the repository, as `npx nightshift …`; resolves with its stdout. */
  const nightshiftCli = async (...args: string[]) =>
    (await exec("npx", ["nightshift", ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } })).stdout;

  /** This run's email to `to` in the local inbox, if it has arrived. */
  const findEmail = async (to: string) => {
    const inbox = (await (await fetch(`${dashboard}/api/inbox`)).json()) as InboxEmail[];
    return inbox.find((message) => message.to.includes(to) && new Date(message.receivedAt) >= startedAt);
  };

  /** Errors the browser reported: uncaught exceptions, console errors and failed responses. */
  const browserErrors: string[] = [];

  const openApp = async (viewport = { width: 1280, height: 900 }): Promise<Page> => {
    const page = await browser!.newPage({ viewport });
    page.on("pageerror", (error) => browserErrors.push(`uncaught: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") browserErrors.push(`console: ${message.text()}`);
    });
    page.on("response", (response) => {
      if (response.status() >= 400) browserErrors.push(`HTTP ${response.status()} ${response.url()}`);
    });
    await page.goto(web);
    return page;
  };

  it("adds a word, finds its mentions, and emails a PDF report of them", async () => {
    try {
      const page = await openApp();
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Watch the web for your words");

      // An empty word is refused next to the field, which gets focus.
      await page.getByRole("button", { name: "Add word" }).click();
      await page.locator("#word-error").waitFor();
      expect(await page.locator("#word-error").textContent()).toBe("Enter a word");
      expect(await page.getByLabel("Word or phrase").getAttribute("aria-invalid")).toBe("true");
      expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe("word");

      await page.getByLabel("Word or phrase").fill("nightshift");
      await page.getByRole("button", { name: "Add word" }).click();
      await page.getByRole("status").filter({ hasText: "Now tracking “nightshift”" }).waitFor();
      await page.getByRole("heading", { name: "nightshift", level: 3 }).waitFor();

      // The cron, run from the CLI as a user would; it finds the running local environment.
      const cronRun = await nightshiftCli("run", "check-mentions", "--json");
      expect(JSON.parse(cronRun)).toMatchObject({ job: "check-mentions", environment: "local", outcome: "ok" });

      await page.reload();
      const mentions = page.getByRole("list", { name: "Recent mentions of nightshift" });
      await mentions.getByRole("link", { name: /Shipping crons and queues next to a Next\.js app/ }).waitFor();
      expect(await mentions.getByRole("listitem").count()).toBeGreaterThanOrEqual(2);

      // An invalid address is refused next to the field and nothing is queued.
      await page.getByLabel("Email address").fill("not-an-address");
      await page.getByRole("button", { name: "Email me a report" }).click();
      await page.locator("#report-email-error").waitFor();
      expect(await page.locator("#report-email-error").textContent()).toBe("Enter a valid email address");
      expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe("report-email");

      await page.getByLabel("Email address").fill(reader);
      await page.getByRole("button", { name: "Email me a report" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: `Your report is on its way to ${reader}.` })
        .waitFor();

      const email = await eventually("the report email in the local inbox", () => findEmail(reader));
      expect(email.subject).toBe('Your report for "nightshift"');
      expect(email.attachments).toMatchObject([{ filename: "report-nightshift.pdf", contentType: "application/pdf" }]);

      const pdf = await fetch(`${dashboard}/api/inbox/${email.id}/attachments/0`);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      const text = (await new PDFParse({ data: new Uint8Array(await pdf.arrayBuffer()) }).getText()).text;
      expect(text).toContain("Word: nightshift");
      expect(text).toContain("Shipping crons and queues next to a Next.js app");

      // Only the valid request reached the queue: one report sent to the reader, no rejected payload.
      const invocations = (await (
        await fetch(`${dashboard}/api/invocations?job=generate-report&limit=500`)
      ).json()) as {
        startedAt: string;
        logs: { json?: { message?: string; email?: string } }[];
      }[];
      const lines = invocations
        .filter((invocation) => new Date(invocation.startedAt) >= startedAt)
        .flatMap((invocation) => invocation.logs.flatMap((log) => (log.json ? [log.json] : [])));
      expect(lines.filter((line) => line.message === "report sent" && line.email === reader)).toHaveLength(1);
      expect(lines.filter((line) => line.message?.startsWith("poison message"))).toEqual([]);

      expect(browserErrors).toEqual([]);
      // caret: "initial": Playwright's default hides the caret with an inline style, which React would
      // report as a hydration mismatch on a page that is still hydrating.
      // What the README promises: a message sent from the CLI reaches the inbox as a PDF report.
      await nightshiftCli("send", "generate-report", JSON.stringify({ word: "nightshift", email: "cli@example.com" }));
      const cliEmail = await eventually("the CLI-requested report in the local inbox", () =>
        findEmail("cli@example.com"),
      );
      expect(cliEmail.attachments.map((attachment) => attachment.filename)).toEqual(["report-nightshift.pdf"]);

      await page.screenshot({ path: path.join(SCREENSHOTS, "app.png"), fullPage: true, caret: "initial" });
      const phone = await openApp({ width: 390, height: 844 });
      await phone.waitForLoadState("networkidle");
      await phone.screenshot({ path: path.join(SCREENSHOTS, "app-mobile.png"), fullPage: true, caret: "initial" });

      // Removing the word removes it and its mentions.
      await page.getByRole("button", { name: "Remove nightshift" }).click();
      await page.getByText("No words yet. Add one to start monitoring.").waitFor();
      expect(await page.getByRole("list", { name: "Recent mentions of nightshift" }).count()).toBe(0);
      expect(browserErrors).toEqual([]);
    } catch (error) {
      throw withDevOutput(error);
    }
  }, 240_000);
});
