import { NightshiftError, type NightshiftErrorCode } from "../errors";
import type { LocalTarget } from "./target";

/**
 * Calls the running local environment's dashboard API (`GET`/`POST` `/api/...`) and returns its JSON.
 * The API's own errors (`{ error: { code, message } }`) come back as NightshiftErrors with that code.
 */
export async function localApi<T>(
  target: LocalTarget,
  method: "GET" | "POST",
  pathAndQuery: string,
  options: { body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const url = `${target.state.urls.dashboard}${pathAndQuery}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      ...(options.body !== undefined
        ? { body: JSON.stringify(options.body), headers: { "content-type": "application/json" } }
        : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) {
      throw new NightshiftError(
        "E_INTERRUPTED",
        `interrupted (Ctrl-C); what the local environment had already started (${method} ${pathAndQuery}) keeps going.`,
        { cause: error },
      );
    }
    throw new NightshiftError(
      "E_NO_LOCAL_ENV",
      `the local environment stopped answering at ${target.state.urls.dashboard} (${(error as Error).message}); start it again with \`npm run dev\`.`,
      { cause: error },
    );
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new NightshiftError(
      (error?.code?.startsWith("E_") ? error.code : "E_NO_LOCAL_ENV") as NightshiftErrorCode,
      error?.message ??
        `the local environment answered ${method} ${pathAndQuery} with HTTP ${response.status}: ${text.slice(0, 200)}`,
    );
  }
  return json as T;
}
