import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * One folder of forward-only `.sql` migrations and the table that records which of them ran.
 * Each folder has its own table, so the framework's migrations and the app's never have to agree on
 * one global order: the framework's always run first, then the app's, each in file-name order.
 */
export interface MigrationDir {
  /** Folder of `<number>_<name>.sql` files (other files are ignored). */
  readonly dir: string;
  /** Table that records the applied migrations, e.g. `nightshift_migrations`. */
  readonly table: string;
  /** How errors name the folder (a repo-relative path); defaults to `dir`. */
  readonly label?: string;
}

/** A migration's file name and SQL, as embedded in the migrate function's bundle. */
export interface MigrationFile {
  readonly name: string;
  readonly sql: string;
}

/** A `MigrationDir` read into memory: what the bundle embeds and what the deploy hash covers. */
export interface MigrationSource {
  readonly table: string;
  readonly label: string;
  readonly files: readonly MigrationFile[];
}

/** Table for the framework's own migrations (`packages/nightshift/migrations`). */
export const FRAMEWORK_MIGRATIONS_TABLE = "nightshift_migrations";
/** Table for the app's migrations (`db/migrations`). */
export const APP_MIGRATIONS_TABLE = "app_migrations";

/** The framework's migration folder, next to this package's `src/`. */
export function frameworkMigrationsDir(): string {
  return decodeURIComponent(new URL("../../migrations", import.meta.url).pathname);
}

/**
 * The migration folders of an app rooted at `appRoot`: the framework's tables first, then the app's
 * `db/migrations`.
 */
export function defaultMigrationDirs(appRoot: string): MigrationDir[] {
  return [
    { dir: frameworkMigrationsDir(), table: FRAMEWORK_MIGRATIONS_TABLE, label: "nightshift/migrations" },
    { dir: join(appRoot, "db", "migrations"), table: APP_MIGRATIONS_TABLE, label: "db/migrations" },
  ];
}

/** Only `.sql` files count; a README or a dotfile in the folder is ignored. */
export const isMigrationFileName = (name: string): boolean => name.endsWith(".sql") && !name.startsWith(".");

/**
 * Reads every migration folder (at build time, for the bundle and the deploy hash). Files are sorted
 * by name; a folder that does not exist yields no files.
 */
export async function readMigrationSources(dirs: readonly MigrationDir[]): Promise<MigrationSource[]> {
  const sources: MigrationSource[] = [];
  for (const dir of dirs) {
    const names = (await readdir(dir.dir).catch(() => [] as string[])).filter(isMigrationFileName).sort();
    const files: MigrationFile[] = [];
    for (const name of names) files.push({ name, sql: await readFile(join(dir.dir, name), "utf8") });
    sources.push({ table: dir.table, label: dir.label ?? dir.dir, files });
  }
  return sources;
}

/** `readMigrationSources` for synth, which builds constructs synchronously. */
export function readMigrationSourcesSync(dirs: readonly MigrationDir[]): MigrationSource[] {
  return dirs.map((dir) => {
    let names: string[] = [];
    try {
      names = readdirSync(dir.dir).filter(isMigrationFileName).sort();
    } catch {
      names = [];
    }
    const files = names.map((name) => ({ name, sql: readFileSync(join(dir.dir, name), "utf8") }));
    return { table: dir.table, label: dir.label ?? dir.dir, files };
  });
}

/**
 * SHA-256 over every table, file name and file content, in order. It changes exactly when a
 * migration is added, renamed or edited, so infra puts it in the migrate invocation's input and
 * Terraform re-runs the migrations only then.
 */
export function hashMigrationSources(sources: readonly MigrationSource[]): string {
  const hash = createHash("sha256");
  for (const source of sources) {
    hash.update(`table\0${source.table}\0`);
    for (const file of source.files) hash.update(`file\0${file.name}\0${file.sql.length}\0${file.sql}\0`);
  }
  return hash.digest("hex");
}

/**
 * Writes embedded migrations back to files under `root` (inside Lambda: `/tmp`), one folder per
 * table, so the migration tool reads them exactly as it reads the repo's folders locally.
 */
export async function writeMigrationSources(
  sources: readonly MigrationSource[],
  root: string,
): Promise<MigrationDir[]> {
  await rm(root, { recursive: true, force: true });
  const dirs: MigrationDir[] = [];
  for (const source of sources) {
    const dir = join(root, source.table);
    await mkdir(dir, { recursive: true });
    for (const file of source.files) await writeFile(join(dir, file.name), file.sql);
    dirs.push({ dir, table: source.table, label: source.label });
  }
  return dirs;
}
