import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROUTES_DIR = fileURLToPath(new URL("../../app/routes/", import.meta.url));
const ROUTE_MODULE = /\.(tsx?|jsx?)$/;

/**
 * The Remix route ids under app/routes (flat routes: a file, or a folder holding route.tsx),
 * without tests and other modules that are not routes.
 */
export function routeIds(dir = ROUTES_DIR): string[] {
  const ids: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (/\.test\.[jt]sx?$/.test(entry)) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (readdirSync(full).some((file) => /^route\.[jt]sx?$/.test(file))) ids.push(entry);
    } else if (ROUTE_MODULE.test(entry)) {
      ids.push(entry.replace(ROUTE_MODULE, ""));
    }
  }
  return ids.sort();
}

/**
 * The URL pattern of a flat route id, as Remix reads it: dots separate segments, `$x` is the
 * parameter `:x`, a lone `$` is a splat, `[.]` escapes a dot, `_index` is the index, a trailing
 * underscore leaves the parent layout and a leading one is a pathless layout.
 */
export function urlPatternOf(routeId: string): string {
  const segments: string[] = [];
  for (const raw of routeId.split(/(?<!\[)\.(?!\])/)) {
    const segment = raw.replace(/\[(.)\]/g, "$1");
    if (segment === "_index" || (segment.startsWith("_") && segment !== "_")) continue;
    const name = segment.replace(/_$/, "");
    segments.push(name === "$" ? "*" : name.startsWith("$") ? `:${name.slice(1)}` : name);
  }
  return `/${segments.join("/")}`;
}
