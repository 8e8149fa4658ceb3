// Bundles the Node entry points (HTTP server, CLI) next to the Remix build.
// Packages stay external: they are resolved from node_modules at run time. Except the plugin SDK,
// the disease plugins and imaging: workspace packages shipped as TypeScript sources, which Node cannot load.
import { build } from "esbuild";

const typeScriptPackages = /^@consult\/(plugin-|imaging$)/;

/** @type {import("esbuild").Plugin} */
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./~]/ }, (args) => (typeScriptPackages.test(args.path) ? undefined : { path: args.path, external: true }));
  },
};

await build({
  entryPoints: ["server/main.ts", "server/cli.ts"],
  outdir: `${process.env.PLATFORM_BUILD_DIR ?? "build"}/node`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  plugins: [externalPackages],
  sourcemap: true,
  logLevel: "warning",
});
