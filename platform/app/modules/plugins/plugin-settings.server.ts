import { pluginSettings, type Database, type Queryable } from "@consult/db";
import type { AnyDiseasePlugin } from "@consult/plugin-sdk";
import { eq } from "drizzle-orm";
import type { Actor } from "~/modules/accounts/policy";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import { canManagePlugins } from "./policy";
import { DISEASE_PLUGINS, getPlugin } from "./registry";

export type PluginState = {
  plugin: AnyDiseasePlugin;
  /** accepts new cases; open cases of a disabled plugin stay readable and finishable */
  enabled: boolean;
  /** the last change, null while the plugin has its default (enabled) */
  updatedAt: Date | null;
  updatedBy: string | null;
};

/** Every installed plugin with its runtime state, in registry order. A plugin nobody has switched is enabled. */
export async function listPluginStates(db: Queryable): Promise<PluginState[]> {
  const rows = await db.select().from(pluginSettings);
  return DISEASE_PLUGINS.map((plugin) => {
    const row = rows.find((r) => r.pluginId === plugin.id);
    return { plugin, enabled: row?.enabled ?? true, updatedAt: row?.updatedAt ?? null, updatedBy: row?.updatedBy ?? null };
  });
}

/** Whether new cases may be opened for this plugin; false for an id that is not installed. */
export async function isPluginEnabled(db: Queryable, pluginId: string): Promise<boolean> {
  if (!getPlugin(pluginId)) return false;
  const [row] = await db.select({ enabled: pluginSettings.enabled }).from(pluginSettings).where(eq(pluginSettings.pluginId, pluginId));
  return row?.enabled ?? true;
}

export type SetPluginEnabledResult = { ok: true } | { ok: false; reason: "not_allowed" | "not_found" };

/** Switches a plugin on or off for new cases (admins only), audited as plugin.enable / plugin.disable. */
export async function setPluginEnabled(
  db: Database,
  input: { pluginId: string; enabled: boolean; actor: Actor; meta: AuditRecord["meta"]; now: Date },
): Promise<SetPluginEnabledResult> {
  const { pluginId, enabled, actor, meta, now } = input;
  if (!canManagePlugins(actor)) return { ok: false, reason: "not_allowed" };
  if (!getPlugin(pluginId)) return { ok: false, reason: "not_found" };
  await db.transaction(async (tx) => {
    const change = { enabled, updatedBy: actor.id, updatedAt: now };
    await tx
      .insert(pluginSettings)
      .values({ pluginId, ...change })
      .onConflictDoUpdate({ target: pluginSettings.pluginId, set: change });
    await recordAudit(tx, {
      action: enabled ? "plugin.enable" : "plugin.disable",
      outcome: "success",
      actor: { id: actor.id, role: actor.role },
      subject: { type: "plugin", id: pluginId },
      meta,
      at: now,
    });
  });
  return { ok: true };
}
