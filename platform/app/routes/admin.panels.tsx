import { PANEL_ROLES, type PanelRole } from "@consult/plugin-sdk";
import { Alert, Badge, Button, Card, EmptyState, PageHeader, SelectField, Table, Td, Th, Tr } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import {
  addPanelMemberAsAdmin,
  listPanelRosters,
  removePanelMember,
  setOutOfOffice,
  setPanelRole,
  type PanelProblem,
  type PanelRoster,
  type RosterMember,
} from "~/modules/plugins/panel-admin.server";
import { canManagePanels } from "~/modules/plugins/policy";
import { getPlugin } from "~/modules/plugins/registry";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("adminPanels.title")} | ${t("app.name")}` }];
};

async function requirePanelManager(request: Request, context: LoaderFunctionArgs["context"]) {
  const { user } = await requireUser(request, context);
  if (!canManagePanels(user)) throw notFound();
  return user;
}

const DONE = ["added", "removed", "role", "away", "back"] as const;
type Done = (typeof DONE)[number];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePanelManager(request, context);
  const params = new URL(request.url).searchParams;
  return {
    rosters: await listPanelRosters(context.services.db),
    done: DONE.find((d) => d === params.get("done")) ?? null,
    moved: { reassigned: Number(params.get("reassigned")) || 0, kept: Number(params.get("kept")) || 0 },
  };
}

const member = { pluginId: z.string().min(1).max(100), userId: z.string().min(1).max(100) };
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), ...member, panelRole: z.enum(PANEL_ROLES), institutionId: z.string().min(1).max(100) }),
  z.object({ intent: z.literal("remove"), ...member }),
  z.object({ intent: z.literal("role"), ...member, panelRole: z.enum(PANEL_ROLES) }),
  z.object({ intent: z.literal("away"), ...member, outOfOffice: z.enum(["true", "false"]) }),
]);
type PanelAction = z.infer<typeof actionSchema>;

const PROBLEMS: Record<Exclude<PanelProblem, "not_allowed">, MessageKey> = {
  not_found: "adminPanels.error.notFound",
  not_eligible: "adminPanels.error.notEligible",
  unknown_institution: "adminPanels.error.unknownInstitution",
  already_member: "adminPanels.error.alreadyMember",
  last_coordinator: "adminPanels.error.lastCoordinator",
  cases_remain: "adminPanels.error.casesRemain",
};

type ActionData = { pluginId: string | null; problem: MessageKey; count: number; form: Record<string, string> };

function run(input: PanelAction, context: ActionFunctionArgs["context"], actor: Awaited<ReturnType<typeof requirePanelManager>>) {
  const { db, clock } = context.services;
  const change = { actor, pluginId: input.pluginId, userId: input.userId, meta: context.requestMeta, now: clock.now() };
  switch (input.intent) {
    case "add":
      return addPanelMemberAsAdmin(db, { ...change, panelRole: input.panelRole, institutionId: input.institutionId });
    case "remove":
      return removePanelMember(db, change);
    case "role":
      return setPanelRole(db, { ...change, panelRole: input.panelRole });
    case "away":
      return setOutOfOffice(db, { ...change, outOfOffice: input.outOfOffice === "true" });
  }
}

function doneOf(input: PanelAction): Done {
  switch (input.intent) {
    case "add":
      return "added";
    case "remove":
      return "removed";
    case "role":
      return "role";
    case "away":
      return input.outOfOffice === "true" ? "away" : "back";
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePanelManager(request, context);
  const form = Object.fromEntries([...(await request.formData())].map(([key, value]) => [key, String(value)]));
  const parsed = actionSchema.safeParse(form);
  if (!parsed.success) {
    return data<ActionData>({ pluginId: form.pluginId ?? null, problem: "adminPanels.error.invalid", count: 0, form }, { status: 400 });
  }
  const outcome = await run(parsed.data, context, admin);
  if (!outcome.ok) {
    if (outcome.reason === "not_allowed") throw notFound();
    return data<ActionData>(
      { pluginId: parsed.data.pluginId, problem: PROBLEMS[outcome.reason], count: outcome.count ?? 0, form },
      { status: outcome.reason === "not_found" ? 404 : 409 },
    );
  }
  const done = doneOf(parsed.data);
  const moved = `&reassigned=${outcome.reassigned}&kept=${outcome.kept}`;
  return redirect(`/admin/panels?done=${done}${done === "away" || done === "removed" ? moved : ""}#panel-${parsed.data.pluginId}`);
}

export default function AdminPanels() {
  const { rosters, done, moved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="space-y-8">
      <PageHeader title={t("adminPanels.title")} description={t("adminPanels.lead")} />
      {actionData ? (
        <Alert tone="error">{t(actionData.problem, { count: actionData.count })}</Alert>
      ) : done ? (
        <Alert tone={done === "away" && moved.kept > 0 ? "warning" : "success"}>{t(`adminPanels.done.${done}`, moved)}</Alert>
      ) : null}
      {rosters.map((roster) => (
        <PanelCard key={roster.pluginId} roster={roster} lastForm={actionData?.pluginId === roster.pluginId ? actionData.form : undefined} />
      ))}
    </div>
  );
}

/** One disease area's panel: its members with their actions, and the form that adds one. */
function PanelCard({ roster, lastForm }: { roster: PanelRoster; lastForm: Record<string, string> | undefined }) {
  const t = useT();
  const locale = useLocale();
  const plugin = getPlugin(roster.pluginId);
  if (!plugin) return null;
  const headingId = `panel-${roster.pluginId}`;
  const institutionName = (id: string) => plugin.roster.institutions.find((i) => i.id === id)?.name[locale] ?? id;
  return (
    <Card aria-labelledby={headingId} className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id={headingId} className="scroll-mt-4 text-lg font-semibold">{plugin.name[locale]}</h2>
        <Badge tone={roster.enabled ? "success" : "neutral"}>{t(roster.enabled ? "adminPanels.enabled" : "adminPanels.disabled")}</Badge>
        <span className="text-sm text-slate-600">{t("adminPanels.memberCount", { count: roster.members.length })}</span>
      </div>
      {roster.members.length === 0 ? (
        <EmptyState title={t("adminPanels.empty.title")}>{t("adminPanels.empty.body")}</EmptyState>
      ) : (
        <Table caption={t("adminPanels.tableCaption", { name: plugin.name[locale] })}>
          <thead>
            <tr>
              <Th>{t("adminPanels.column.member")}</Th>
              <Th>{t("adminPanels.column.institution")}</Th>
              <Th>{t("adminPanels.column.panelRole")}</Th>
              <Th>{t("adminPanels.column.openCases")}</Th>
              <Th>{t("adminPanels.column.availability")}</Th>
              <Th>{t("adminPanels.column.actions")}</Th>
            </tr>
          </thead>
          <tbody>
            {roster.members.map((member) => (
              <Tr key={member.userId} data-testid="panel-member">
                <Td>
                  <span className="block font-medium">{member.nameKanji}</span>
                  <span className="block break-all text-xs text-slate-500">{member.email}</span>
                </Td>
                <Td>{institutionName(member.institutionId)}</Td>
                <Td>{t(`adminPanels.panelRole.${member.panelRole}`)}</Td>
                <Td className="tabular-nums">{member.openCases}</Td>
                <Td>
                  {member.accountStatus !== "approved" ? <Badge tone="error">{t(`status.${member.accountStatus}`)}</Badge> : null}
                  <Badge tone={member.outOfOffice ? "warning" : "success"}>
                    {t(member.outOfOffice ? "adminPanels.outOfOffice" : "adminPanels.available")}
                  </Badge>
                </Td>
                <Td>
                  <MemberActions pluginId={roster.pluginId} member={member} />
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      <AddMemberForm roster={roster} lastForm={lastForm} />
    </Card>
  );
}

function MemberActions({ pluginId, member }: { pluginId: string; member: RosterMember }) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const name = member.nameKanji;
  const otherRole: PanelRole = member.panelRole === "coordinator" ? "consultant" : "coordinator";
  const small = "px-3 py-1.5";
  return (
    <div className="flex flex-wrap gap-2">
      <Form method="post">
        <MemberFields pluginId={pluginId} userId={member.userId} intent="away" />
        <input type="hidden" name="outOfOffice" value={member.outOfOffice ? "false" : "true"} />
        <Button type="submit" variant="secondary" className={small} disabled={busy} aria-label={t(member.outOfOffice ? "adminPanels.action.backFor" : "adminPanels.action.awayFor", { name })}>
          {t(member.outOfOffice ? "adminPanels.action.back" : "adminPanels.action.away")}
        </Button>
      </Form>
      <Form method="post">
        <MemberFields pluginId={pluginId} userId={member.userId} intent="role" />
        <input type="hidden" name="panelRole" value={otherRole} />
        <Button type="submit" variant="ghost" className={small} disabled={busy} aria-label={t(`adminPanels.action.makeFor.${otherRole}`, { name })}>
          {t(`adminPanels.action.make.${otherRole}`)}
        </Button>
      </Form>
      <Form method="post">
        <MemberFields pluginId={pluginId} userId={member.userId} intent="remove" />
        <Button type="submit" variant="secondary" className={small} disabled={busy} aria-label={t("adminPanels.action.removeFor", { name })}>
          {t("adminPanels.action.remove")}
        </Button>
      </Form>
    </div>
  );
}

function MemberFields({ pluginId, userId, intent }: { pluginId: string; userId: string; intent: PanelAction["intent"] }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="pluginId" value={pluginId} />
      <input type="hidden" name="userId" value={userId} />
    </>
  );
}

/** Adds an approved consultant or coordinator account, at one of the roster's institutions. */
function AddMemberForm({ roster, lastForm }: { roster: PanelRoster; lastForm: Record<string, string> | undefined }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  const plugin = getPlugin(roster.pluginId)!;
  const id = (field: string) => `add-${roster.pluginId}-${field}`;
  if (roster.candidates.length === 0) {
    return <p className="text-sm text-slate-600">{t("adminPanels.add.noCandidates")}</p>;
  }
  return (
    <Form method="post" className="space-y-3 rounded-md bg-slate-50 p-4" aria-labelledby={id("heading")}>
      <h3 id={id("heading")} className="text-sm font-semibold">{t("adminPanels.add.title")}</h3>
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="pluginId" value={roster.pluginId} />
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField id={id("user")} name="userId" label={t("adminPanels.add.user")} hint={t("adminPanels.add.userHint")} defaultValue={lastForm?.userId ?? ""} required>
          <option value="">{t("adminPanels.add.choose")}</option>
          {roster.candidates.map((candidate) => (
            <option key={candidate.userId} value={candidate.userId}>
              {candidate.nameKanji}（{t(`role.${candidate.role}`)}・{candidate.email}）
            </option>
          ))}
        </SelectField>
        <SelectField id={id("role")} name="panelRole" label={t("adminPanels.add.panelRole")} defaultValue={lastForm?.panelRole ?? "consultant"}>
          {PANEL_ROLES.map((role) => (
            <option key={role} value={role}>{t(`adminPanels.panelRole.${role}`)}</option>
          ))}
        </SelectField>
        <SelectField id={id("institution")} name="institutionId" label={t("adminPanels.add.institution")} defaultValue={lastForm?.institutionId ?? ""} required>
          <option value="">{t("adminPanels.add.choose")}</option>
          {plugin.roster.institutions.map((institution) => (
            <option key={institution.id} value={institution.id}>{institution.name[locale]}</option>
          ))}
        </SelectField>
      </div>
      <Button type="submit" disabled={busy}>{t("adminPanels.add.submit")}</Button>
    </Form>
  );
}
