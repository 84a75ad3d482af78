import type { SystemFunction } from "nightshift/internal/bundle/entries";
import { databaseSystemFunctions } from "./constructs/database-functions";

/**
 * Every function the registered extensions deploy, listed without loading cdktf or the providers,
 * so `infra/main.ts` can start the one esbuild pass while they load. `infra/test/main.test.ts`
 * holds it equal to what `EXTENSIONS` declare.
 */
export function systemFunctions(): SystemFunction[] {
  return [...databaseSystemFunctions()];
}
