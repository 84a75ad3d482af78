#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so job files in services/ load the same way.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
await main(process.argv.slice(2));
