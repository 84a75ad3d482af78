import { existsSync, type FSWatcher, readdirSync, watch } from "node:fs";
import path from "node:path";

/** Source files whose change reloads the jobs. */
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|json)$/;

/**
 * Folders job code lives in or imports from: `services/` and, if present, `lib/`, `src/`,
 * `shared/` and each workspace package's `src/`. Not the whole root: a recursive watch over
 * `node_modules` would be slow and exhaust inotify watches.
 */
export function watchedFolders(root: string): string[] {
  const folders = ["services", "lib", "src", "shared"].map((f) => path.join(root, f));
  const packages = path.join(root, "packages");
  if (existsSync(packages)) {
    for (const entry of readdirSync(packages, { withFileTypes: true })) {
      if (entry.isDirectory()) folders.push(path.join(packages, entry.name, "src"));
    }
  }
  return folders.filter((f) => existsSync(f));
}

/**
 * Calls `onChange` with the changed paths once edits settle (`debounceMs` without a further change).
 * Returns a function that stops watching.
 */
export function watchSources(root: string, onChange: (files: string[]) => void, debounceMs = 75): () => void {
  const watchers: FSWatcher[] = [];
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const changed = (file: string) => {
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...pending];
      pending = new Set();
      onChange(files);
    }, debounceMs);
  };
  const add = (folder: string, recursive: boolean, accept: (name: string) => boolean) => {
    try {
      const watcher = watch(folder, { recursive }, (_event, file) => {
        const name = String(file ?? "");
        if (name && accept(name)) changed(path.join(folder, name));
      });
      watcher.on("error", () => {});
      watchers.push(watcher);
    } catch {
      // a folder that vanished between the check and the watch
    }
  };
  for (const folder of watchedFolders(root)) add(folder, true, (name) => SOURCE.test(name));
  // Secrets live in .env / .env.local at the root: a change gives new workers the new values.
  add(root, false, (name) => name === ".env" || name === ".env.local");
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
