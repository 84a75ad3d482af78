import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";

/**
 * Packages whose ESM build loads its own files at run time through `createRequire(import.meta.url)`,
 * which a bundle cannot follow: the Lambda zip holds one `index.mjs` and no `node_modules`, so such a
 * call fails when it runs ("Cannot find module '#standard-fonts/Helvetica'" from pdfkit's default
 * font). For the files listed here, every such call with a string literal becomes a static import
 * that esbuild bundles. Keyed by a path suffix inside `node_modules`.
 */
export const STATIC_REQUIRE_FILES: readonly RegExp[] = [/[\\/]node_modules[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/];

const CREATE_REQUIRE = /\bconst\s+([A-Za-z_$][\w$]*)\s*=\s*createRequire\(\s*import\.meta\.url\s*\)\s*;?/g;

/** Rewrites `req('<literal>')` calls of a `createRequire(import.meta.url)` function into static imports. */
export function inlineStaticRequires(source: string): string {
  const names = [...source.matchAll(CREATE_REQUIRE)].map((match) => match[1] as string);
  if (names.length === 0) return source;
  const imports: string[] = [];
  let output = source;
  for (const name of names) {
    const call = new RegExp(`\\b${name.replace(/\$/g, "\\$")}\\(\\s*(['"])([^'"]+)\\1\\s*\\)`, "g");
    output = output.replace(call, (_match, _quote: string, specifier: string) => {
      const id = `__nightshiftStaticRequire${imports.length}`;
      imports.push(`import ${id} from ${JSON.stringify(specifier)};`);
      return id;
    });
  }
  return `${imports.join("\n")}\n${output}`;
}

/** The esbuild plugin applying `inlineStaticRequires` to the files in `STATIC_REQUIRE_FILES`. */
export function staticCreateRequirePlugin(files: readonly RegExp[] = STATIC_REQUIRE_FILES): Plugin {
  return {
    name: "nightshift-static-create-require",
    setup(build) {
      for (const filter of files) {
        build.onLoad({ filter }, async (args) => ({
          contents: inlineStaticRequires(await readFile(args.path, "utf8")),
          loader: "js",
        }));
      }
    },
  };
}
