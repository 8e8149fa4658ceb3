import type { Queryable } from "@consult/db";
import type { AnyDiseasePlugin } from "@consult/plugin-sdk";
import type { Actor } from "~/modules/accounts/policy";
import { coordinatedPluginIds } from "~/modules/plugins/panels.server";
import { DISEASE_PLUGINS } from "~/modules/plugins/registry";

/**
 * The disease plugins whose service-level dashboard `user` may see: every installed one for an
 * admin, the panels they coordinate for a coordinator, none for anyone else (the route answers 404).
 */
export async function dashboardPluginsFor(db: Queryable, user: Actor): Promise<AnyDiseasePlugin[]> {
  if (user.status !== "approved") return [];
  if (user.role === "admin") return [...DISEASE_PLUGINS];
  if (user.role !== "coordinator") return [];
  const coordinated = await coordinatedPluginIds(db, user.id);
  return DISEASE_PLUGINS.filter((plugin) => coordinated.includes(plugin.id));
}
