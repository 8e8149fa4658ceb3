import { panelMembers, users, type Queryable } from "@consult/db";
import type { PanelRole } from "@consult/plugin-sdk";
import { and, asc, desc, eq } from "drizzle-orm";

/** A member of a plugin's panel, with what colleagues see of them (no contact data). */
export type PanelMemberView = {
  userId: string;
  nameKanji: string;
  panelRole: PanelRole;
  /** an institution id of the plugin's roster */
  institutionId: string;
  outOfOffice: boolean;
};

/** The panel of a plugin: coordinators first, then by name. */
export async function listPanel(db: Queryable, pluginId: string): Promise<PanelMemberView[]> {
  return db
    .select({
      userId: panelMembers.userId,
      nameKanji: users.nameKanji,
      panelRole: panelMembers.panelRole,
      institutionId: panelMembers.institutionId,
      outOfOffice: panelMembers.outOfOffice,
    })
    .from(panelMembers)
    .innerJoin(users, eq(users.id, panelMembers.userId))
    .where(eq(panelMembers.pluginId, pluginId))
    .orderBy(desc(panelMembers.panelRole), asc(users.nameKana), asc(users.id));
}

/** The user's role in the plugin's panel, or null when they are not on it. */
export async function panelRoleOf(db: Queryable, pluginId: string, userId: string): Promise<PanelRole | null> {
  const [row] = await db
    .select({ panelRole: panelMembers.panelRole })
    .from(panelMembers)
    .where(and(eq(panelMembers.pluginId, pluginId), eq(panelMembers.userId, userId)));
  return row?.panelRole ?? null;
}

/** The panel's coordinators: they triage and receive escalations. */
export async function coordinatorIdsOf(db: Queryable, pluginId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: panelMembers.userId })
    .from(panelMembers)
    .where(and(eq(panelMembers.pluginId, pluginId), eq(panelMembers.panelRole, "coordinator")))
    .orderBy(asc(panelMembers.userId));
  return rows.map((row) => row.userId);
}

/** The plugins whose panels the user coordinates. */
export async function coordinatedPluginIds(db: Queryable, userId: string): Promise<string[]> {
  const rows = await db
    .select({ pluginId: panelMembers.pluginId })
    .from(panelMembers)
    .where(and(eq(panelMembers.userId, userId), eq(panelMembers.panelRole, "coordinator")));
  return rows.map((row) => row.pluginId);
}

/** Puts a user on a plugin's panel; a membership that exists already is left as it is. */
export async function addPanelMember(
  db: Queryable,
  member: { pluginId: string; userId: string; panelRole: PanelRole; institutionId: string; outOfOffice?: boolean },
): Promise<void> {
  await db.insert(panelMembers).values(member).onConflictDoNothing();
}
