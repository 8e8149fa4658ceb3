import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  plugins: [
    tailwindcss(),
    remix({
      // a separate build folder lets parallel work build and test without overwriting each other
      buildDirectory: process.env.PLATFORM_BUILD_DIR ?? "build",
      ignoredRouteFiles: ["**/*.test.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
  // workspace packages that read files at run time (migrations, native addons) stay outside the SSR bundle
  ssr: { external: ["@consult/db", "@consult/auth", "@electric-sql/pglite"] },
  // Cornerstone's DICOM loader finds its decode worker and wasm codecs with new URL(…, import.meta.url):
  // Rollup resolves those, dev pre-bundling would not. dicom-parser is CommonJS and is pre-bundled instead.
  optimizeDeps: { exclude: ["@cornerstonejs/dicom-image-loader"], include: ["dicom-parser"] },
  worker: { format: "es" },
});
