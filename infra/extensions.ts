import { databaseExtension } from "./constructs/database-extension";
import { secretsExtension } from "./constructs/secrets-extension";
import { vercelExtension } from "./constructs/vercel-extension";
import type { NightshiftExtension } from "./extension";

/**
 * Every extension the app deploys, in order. Each is one line:
 * @example import { databaseExtension } from "./constructs/database-extension";
 * export const EXTENSIONS = [databaseExtension];
 */
export const EXTENSIONS: readonly NightshiftExtension[] = [secretsExtension, databaseExtension, vercelExtension]; // vercel after database: it reads the database secret
