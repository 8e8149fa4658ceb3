import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { BACKGROUND_FIELD, type AutosaveReply } from "~/components/plugin-form/use-autosave";
import { parsePluginDraft } from "~/components/plugin-form/validation";
import { saveDraft } from "~/modules/consultations/cases.server";
import { getPlugin } from "~/modules/plugins/registry";
import { notFound, requireRole } from "~/modules/session/session.server";

/**
 * Saves the draft of a case's intake: in the background (autosave, answered with JSON) or from
 * the form's "Save draft" button without JavaScript (answered with the form page again).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["physician"]);
  const formData = await request.formData();
  const background = formData.has(BACKGROUND_FIELD);
  // the plugin only picks the form's layout: saveDraft checks the draft against the case's own plugin
  const plugin = getPlugin(String(formData.get("pluginId") ?? ""));
  if (!plugin) throw notFound();
  const { db, clock } = context.services;
  const now = clock.now();
  const caseId = params.id ?? "";
  const outcome = await saveDraft(db, { caseId, actor: user, draft: parsePluginDraft(formData, plugin.intake), now, meta: context.requestMeta });
  if (!outcome.ok && outcome.reason === "not_found") throw notFound();
  if (background) {
    return outcome.ok ? Response.json({ savedAt: now.toISOString() } satisfies AutosaveReply) : Response.json({ problem: outcome.reason }, { status: 409 });
  }
  return redirect(outcome.ok ? `/cases/${caseId}/edit?saved=1` : `/cases/${caseId}`);
}
