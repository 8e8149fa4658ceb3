// Bundles the Node entry points (HTTP server, CLI) next to the Remix build.
// Packages stay external: they are resolved from node_modules at run time.
import { build } from "esbuild";

await build({
  entryPoints: ["server/main.ts", "server/cli.ts"],
  outdir: `${process.env.PLATFORM_BUILD_DIR ?? "build"}/node`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
