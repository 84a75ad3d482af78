import { NightshiftError } from "../errors";
import { type DevState, readDevState } from "./state-file";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The `nightshift dev` environment running for this checkout, or undefined: it must have written
 * `.nightshift/dev.json`, its process must be alive and its dashboard must answer `GET /api/health`.
 * @example
 * const env = await findRunningEnvironment(findProjectRoot());
 * if (!env) throw noRunningEnvironment();
 */
export async function findRunningEnvironment(
  root: string,
  options: { timeoutMs?: number } = {},
): Promise<DevState | undefined> {
  const state = await readDevState(root);
  if (!state || !isAlive(state.pid)) return undefined;
  try {
    const response = await fetch(`${state.urls.dashboard}/api/health`, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 1500),
    });
    if (!response.ok) return undefined;
    const health = (await response.json()) as { pid?: number };
    return health.pid === state.pid ? state : undefined;
  } catch {
    return undefined;
  }
}

/** `E_NO_LOCAL_ENV`: what commands that act on the local environment say when none is running. */
export function noRunningEnvironment(command: string): NightshiftError {
  return new NightshiftError(
    "E_NO_LOCAL_ENV",
    `\`nightshift ${command}\` acts on the local environment, but none is running for this checkout. Start it with \`npm run dev\` in another terminal, then run the command again.`,
  );
}
