import type { IncomingMessage, ServerResponse } from "node:http";
import { NightshiftError } from "../../errors";
import type { DevEnvironment } from "../environment";
import type { TestMessage } from "../sqs/queue-actions";
import { sendJson } from "./server";

/** Largest request body the API reads (a test message is at most 1 MiB). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new NightshiftError(
        "E_LIMIT",
        `The request body is over ${MAX_BODY_BYTES} bytes; SQS messages are at most 1 MiB.`,
      );
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new NightshiftError("E_USAGE", `The request body is not valid JSON (${(error as Error).message}).`);
  }
}

/** Reads `{ body, attributes?, groupId?, delaySeconds? }`; a bare JSON value is taken as the body. */
function toTestMessage(input: unknown): TestMessage {
  if (input && typeof input === "object" && !Array.isArray(input) && "body" in input) {
    const { body, attributes, groupId, delaySeconds } = input as Record<string, unknown>;
    if (
      attributes !== undefined &&
      (typeof attributes !== "object" ||
        attributes === null ||
        Object.values(attributes).some((v) => typeof v !== "string"))
    ) {
      throw new NightshiftError("E_USAGE", 'attributes must be an object of strings, e.g. {"source":"dashboard"}.');
    }
    if (
      delaySeconds !== undefined &&
      (!Number.isInteger(delaySeconds) || (delaySeconds as number) < 0 || (delaySeconds as number) > 900)
    ) {
      throw new NightshiftError(
        "E_USAGE",
        `delaySeconds must be a whole number 0–900 (got ${JSON.stringify(delaySeconds)}).`,
      );
    }
    return {
      body,
      ...(attributes ? { attributes: attributes as Record<string, string> } : {}),
      ...(typeof groupId === "string" ? { groupId } : {}),
      ...(delaySeconds !== undefined ? { delaySeconds: delaySeconds as number } : {}),
    };
  }
  return { body: input };
}

/**
 * The JSON API. Returns false for paths it does not know.
 *
 * - `GET /api/status`, `GET /api/invocations?job=&limit=`, `GET /api/logs?job=`
 * - `GET /api/inbox`, `GET /api/inbox/<id>`, `GET /api/inbox/<id>/attachments/<n>`, `DELETE /api/inbox`
 * - `POST /api/crons/<name>/run[?wait=1]`
 * - `GET /api/queues/<name>/dead-letters`, `GET /api/crons/<name>/dead-letters` (read, not received)
 * - `POST /api/queues/<name>/send`, `POST /api/queues/<name>/redrive`, `POST /api/queues/<name>/purge`
 */
export async function handleApi(
  env: DevEnvironment,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<boolean> {
  const method = request.method ?? "GET";
  const parts = url.pathname.split("/").filter(Boolean).slice(1).map(decodeURIComponent);
  const [section, name, action, extra] = parts;

  if (method === "GET" && section === "status" && parts.length === 1) {
    sendJson(response, 200, env.status.read());
    return true;
  }
  if (method === "GET" && (section === "invocations" || section === "logs") && parts.length === 1) {
    const job = url.searchParams.get("job") ?? undefined;
    const limit = Math.min(500, Math.max(1, Number(url.searchParams.get("limit")) || 50));
    const invocations = env.invocations.list({ ...(job ? { job } : {}), limit });
    sendJson(response, 200, section === "logs" ? { job: job ?? null, invocations } : invocations);
    return true;
  }
  if (section === "inbox") {
    if (method === "GET" && !name) {
      sendJson(response, 200, env.inbox.list());
      return true;
    }
    if (method === "DELETE" && !name) {
      await env.inbox.clear();
      sendJson(response, 200, { cleared: true });
      return true;
    }
    if (method === "GET" && name && !action) {
      const email = env.inbox.get(name);
      if (!email)
        sendJson(response, 404, {
          error: { code: "E_NOT_FOUND", message: `No email with id ${name} in the local inbox.` },
        });
      else sendJson(response, 200, email);
      return true;
    }
    if (method === "GET" && name && action === "attachments" && extra !== undefined) {
      const found = env.inbox.attachment(name, Number(extra));
      if (!found) {
        sendJson(response, 404, {
          error: { code: "E_NOT_FOUND", message: `No attachment ${extra} on email ${name}.` },
        });
        return true;
      }
      response.writeHead(200, {
        "content-type": found.attachment.contentType,
        "content-length": found.content.length,
        "content-disposition": `attachment; filename="${found.attachment.filename.replace(/["\\\r\n]/g, "_")}"`,
      });
      response.end(found.content);
      return true;
    }
  }
  if (method === "POST" && section === "crons" && name && action === "run") {
    const run = env.runCron(name);
    if (url.searchParams.get("wait")) {
      sendJson(response, 200, await run);
    } else {
      run.catch(() => {});
      sendJson(response, 202, { job: name, accepted: true });
    }
    return true;
  }
  if (method === "GET" && (section === "queues" || section === "crons") && name && action === "dead-letters") {
    sendJson(response, 200, env.peekDeadLetters(name));
    return true;
  }
  if (method === "POST" && section === "queues" && name) {
    if (action === "send") {
      const messageId = await env.send(name, toTestMessage(await readJson(request)));
      sendJson(response, 200, { queue: name, messageId });
      return true;
    }
    if (action === "redrive") {
      sendJson(response, 200, { queue: name, moved: await env.redrive(name) });
      return true;
    }
    if (action === "purge") {
      await env.purgeDeadLetters(name);
      sendJson(response, 200, { queue: name, purged: true });
      return true;
    }
  }
  return false;
}
