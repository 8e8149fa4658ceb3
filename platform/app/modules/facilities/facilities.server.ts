import { randomUUID } from "node:crypto";
import { facilities, type Database, type Facility, type Queryable } from "@consult/db";
import { operatingInstitutions, type AnyDiseasePlugin } from "@consult/plugin-sdk";
import { and, asc, count, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/modules/accounts/policy";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import { getPlugin } from "~/modules/plugins/registry";
import type { FacilityForm } from "./facility-form";
import { canManageFacilities } from "./policy";

type AuditMeta = AuditRecord["meta"];

/** The facilities of the given disease areas, by prefecture code (north to south) then name. */
export async function listFacilities(db: Queryable, pluginIds: string[]): Promise<Facility[]> {
  if (pluginIds.length === 0) return [];
  return db
    .select()
    .from(facilities)
    .where(inArray(facilities.pluginId, pluginIds))
    .orderBy(asc(facilities.prefecture), asc(facilities.name));
}

/** How many facilities each disease area lists. */
export async function countFacilities(db: Queryable): Promise<Map<string, number>> {
  const rows = await db.select({ pluginId: facilities.pluginId, total: count() }).from(facilities).groupBy(facilities.pluginId);
  return new Map(rows.map((row) => [row.pluginId, row.total]));
}

const facilityIdSchema = z.guid();

export async function findFacility(db: Queryable, id: string): Promise<Facility | undefined> {
  if (!facilityIdSchema.safeParse(id).success) return undefined;
  const [row] = await db.select().from(facilities).where(eq(facilities.id, id));
  return row;
}

export type FacilityResult =
  | { ok: true; id: string }
  | { ok: false; reason: "not_allowed" | "not_found" | "unknown_plugin" | "duplicate_name" };

type FacilityChange = { actor: Actor; meta: AuditMeta; now: Date };

/** The columns a form sets; blank optional fields become empty text (city, notes) or null (contact URL). */
function columnsOf(form: FacilityForm, change: FacilityChange) {
  return {
    pluginId: form.pluginId,
    name: form.name,
    nameEn: form.nameEn,
    prefecture: form.prefecture,
    city: form.city ?? "",
    notes: form.notes ?? "",
    acceptsReferrals: form.acceptsReferrals ?? false,
    contactUrl: form.contactUrl ?? null,
    updatedBy: change.actor.id,
    updatedAt: change.now,
  };
}

/** Adds a facility to a disease area's directory; a name the area lists already is refused. Audited. */
export async function createFacility(db: Database, input: FacilityChange & { form: FacilityForm }): Promise<FacilityResult> {
  const { actor, form } = input;
  if (!canManageFacilities(actor)) return { ok: false, reason: "not_allowed" };
  if (!getPlugin(form.pluginId)) return { ok: false, reason: "unknown_plugin" };
  return db.transaction(async (tx): Promise<FacilityResult> => {
    const id = randomUUID();
    const [created] = await tx
      .insert(facilities)
      .values({ id, ...columnsOf(form, input) })
      .onConflictDoNothing({ target: [facilities.pluginId, facilities.name] })
      .returning({ id: facilities.id });
    if (!created) return { ok: false, reason: "duplicate_name" };
    await auditFacility(tx, input, "facility.create", id, form.pluginId);
    return { ok: true, id };
  });
}

/** Replaces a facility's details. Audited. */
export async function updateFacility(db: Database, input: FacilityChange & { id: string; form: FacilityForm }): Promise<FacilityResult> {
  const { actor, id, form } = input;
  if (!canManageFacilities(actor)) return { ok: false, reason: "not_allowed" };
  if (!getPlugin(form.pluginId)) return { ok: false, reason: "unknown_plugin" };
  if (!facilityIdSchema.safeParse(id).success) return { ok: false, reason: "not_found" };
  return db.transaction(async (tx): Promise<FacilityResult> => {
    const [namesake] = await tx
      .select({ id: facilities.id })
      .from(facilities)
      .where(and(eq(facilities.pluginId, form.pluginId), eq(facilities.name, form.name), ne(facilities.id, id)));
    if (namesake) return { ok: false, reason: "duplicate_name" };
    const [updated] = await tx.update(facilities).set(columnsOf(form, input)).where(eq(facilities.id, id)).returning({ id: facilities.id });
    if (!updated) return { ok: false, reason: "not_found" };
    await auditFacility(tx, input, "facility.update", id, form.pluginId);
    return { ok: true, id };
  });
}

/** Takes a facility out of the directory. Audited. */
export async function deleteFacility(db: Database, input: FacilityChange & { id: string }): Promise<FacilityResult> {
  const { actor, id } = input;
  if (!canManageFacilities(actor)) return { ok: false, reason: "not_allowed" };
  if (!facilityIdSchema.safeParse(id).success) return { ok: false, reason: "not_found" };
  return db.transaction(async (tx): Promise<FacilityResult> => {
    const [deleted] = await tx.delete(facilities).where(eq(facilities.id, id)).returning({ pluginId: facilities.pluginId });
    if (!deleted) return { ok: false, reason: "not_found" };
    await auditFacility(tx, input, "facility.delete", id, deleted.pluginId);
    return { ok: true, id };
  });
}

/**
 * Demo data: a disease area whose directory is empty gets its roster's operating institutions,
 * accepting referrals. An area that lists anything is left alone.
 */
export async function seedFacilitiesFromRoster(db: Queryable, plugin: AnyDiseasePlugin, now: Date): Promise<number> {
  const [listed] = await db.select({ total: count() }).from(facilities).where(eq(facilities.pluginId, plugin.id));
  if ((listed?.total ?? 0) > 0) return 0;
  const rows = operatingInstitutions(plugin.roster).map((institution) => ({
    id: randomUUID(),
    pluginId: plugin.id,
    name: institution.name.ja,
    nameEn: institution.name.en,
    prefecture: institution.prefecture,
    city: "",
    notes: "",
    acceptsReferrals: true,
    contactUrl: null,
    updatedBy: null,
    updatedAt: now,
  }));
  if (rows.length === 0) return 0;
  await db.insert(facilities).values(rows).onConflictDoNothing();
  return rows.length;
}

async function auditFacility(
  db: Queryable,
  change: FacilityChange,
  action: "facility.create" | "facility.update" | "facility.delete",
  id: string,
  pluginId: string,
): Promise<void> {
  await recordAudit(db, {
    action,
    outcome: "success",
    actor: { id: change.actor.id, role: change.actor.role },
    subject: { type: "facility", id },
    detail: { pluginId },
    meta: change.meta,
    at: change.now,
  });
}
