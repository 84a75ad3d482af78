import type { NightshiftExtension } from "./extension";

/**
 * Every extension the app deploys, in order. Each is one line:
 * @example import { databaseExtension } from "./constructs/database-extension";
 * export const EXTENSIONS = [databaseExtension];
 */
export const EXTENSIONS: readonly NightshiftExtension[] = [];
