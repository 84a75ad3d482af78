// A webpack/Turbopack loader for Next.js: wraps each job module (services/cron|queue|topic/*.ts) in
// the same name marker the esbuild bundler adds (src/bundle/name-marker.ts), so `send(contract, …)`
// from a server action knows the queue's name even though a bundled stack shows no file names.
// Plain CommonJS because Turbopack runs webpack loaders in Node without compiling them first.
const path = require("node:path");

const KEY = 'globalThis[Symbol.for("nightshift.definingFile")]';

/** @this {{ resourcePath: string; getOptions(): { root?: string } }} */
module.exports = function nightshiftNameMarker(source) {
  const root = this.getOptions().root || process.cwd();
  const relative = path.relative(root, this.resourcePath).split(path.sep).join("/");
  return `${KEY} = ${JSON.stringify(relative)};\n${source}\n;${KEY} = undefined;\n`;
};
