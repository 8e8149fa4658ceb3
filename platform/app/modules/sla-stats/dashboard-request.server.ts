import type { AnyDiseasePlugin } from "@consult/plugin-sdk";
import type { AppLoadContext } from "@remix-run/node";
import { notFound, requireUser, type SignedIn } from "~/modules/session/session.server";
import { dashboardPluginsFor } from "./access.server";
import { parseDashboardQuery, periodOf } from "./period";
import { loadSlaDashboard, type SlaDashboard } from "./stats.server";

export type DashboardRequest = {
  user: SignedIn["user"];
  /** the plugins the user may choose from */
  plugins: AnyDiseasePlugin[];
  dashboard: SlaDashboard;
};

/**
 * The dashboard a request asks for: the chosen plugin (the first the user may see by default)
 * over the chosen period. Anyone without a dashboard, or asking for a plugin not theirs, gets 404.
 */
export async function loadDashboardFor(request: Request, context: AppLoadContext): Promise<DashboardRequest> {
  const { user } = await requireUser(request, context);
  const { db, clock } = context.services;
  const plugins = await dashboardPluginsFor(db, user);
  const query = parseDashboardQuery(new URL(request.url));
  const plugin = query.plugin === undefined ? plugins[0] : plugins.find((candidate) => candidate.id === query.plugin);
  if (!plugin) throw notFound();
  const now = clock.now();
  return { user, plugins, dashboard: await loadSlaDashboard(db, { plugin, period: periodOf(query, now), now }) };
}
