import { ACCOUNT_STATUSES, ROLES, type AccountStatus, type Role } from "@consult/db/vocabulary";
import { Alert, Badge, Button, buttonClasses, EmptyState, PageHeader, SelectField, Table, Td, TextField, Th, Tr } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { canManageUsers } from "~/modules/accounts/policy";
import {
  changeUserRole,
  reactivateUser,
  searchUsers,
  suspendUser,
  USER_LIST_LIMIT,
  type UserAdminProblem,
  type UserListRow,
} from "~/modules/accounts/user-admin.server";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { getPlugin } from "~/modules/plugins/registry";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("adminUsers.title")} | ${t("app.name")}` }];
};

async function requireUserManager(request: Request, context: LoaderFunctionArgs["context"]) {
  const { user } = await requireUser(request, context);
  if (!canManageUsers(user)) throw notFound();
  return user;
}

const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);

/** The search form, read from the query string; anything malformed is ignored. */
const searchSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()).catch(undefined),
  role: z.preprocess(blankToUndefined, z.enum(ROLES).optional()).catch(undefined),
  status: z.preprocess(blankToUndefined, z.enum(ACCOUNT_STATUSES).optional()).catch(undefined),
});

const DONE = ["role", "suspended", "reactivated"] as const;
type Done = (typeof DONE)[number];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireUserManager(request, context);
  const params = new URL(request.url).searchParams;
  const search = searchSchema.parse(Object.fromEntries(params));
  const done = DONE.find((d) => d === params.get("done")) ?? null;
  return {
    selfId: admin.id,
    search,
    ...(await searchUsers(context.services.db, search)),
    limit: USER_LIST_LIMIT,
    done,
    moved: { reassigned: Number(params.get("reassigned")) || 0, kept: Number(params.get("kept")) || 0 },
  };
}

const userId = z.string().min(1).max(100);
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), userId, role: z.enum(ROLES) }),
  z.object({ intent: z.literal("suspend"), userId }),
  z.object({ intent: z.literal("reactivate"), userId }),
]);

const PROBLEMS: Record<Exclude<UserAdminProblem, "not_allowed">, MessageKey> = {
  not_found: "adminUsers.error.notFound",
  self: "adminUsers.error.self",
  wrong_status: "adminUsers.error.wrongStatus",
  on_panel: "adminUsers.error.onPanel",
};

type ActionData = { userId: string | null; problem: MessageKey; pluginIds: string[] };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireUserManager(request, context);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<ActionData>({ userId: null, problem: "adminUsers.error.invalid", pluginIds: [] }, { status: 400 });
  const { db, clock } = context.services;
  const change = { actor: admin, userId: parsed.data.userId, meta: context.requestMeta, now: clock.now() };
  const outcome =
    parsed.data.intent === "role"
      ? await changeUserRole(db, { ...change, role: parsed.data.role })
      : parsed.data.intent === "suspend"
        ? await suspendUser(db, change)
        : await reactivateUser(db, change);
  if (!outcome.ok) {
    if (outcome.reason === "not_allowed") throw notFound();
    return data<ActionData>(
      { userId: change.userId, problem: PROBLEMS[outcome.reason], pluginIds: outcome.pluginIds ?? [] },
      { status: outcome.reason === "not_found" ? 404 : 409 },
    );
  }
  const done: Done = parsed.data.intent === "role" ? "role" : parsed.data.intent === "suspend" ? "suspended" : "reactivated";
  // back to the same search, with what happened
  const back = new URL(request.url).searchParams;
  back.set("done", done);
  back.delete("reassigned");
  back.delete("kept");
  if (done === "suspended") {
    back.set("reassigned", String(outcome.reassigned));
    back.set("kept", String(outcome.kept));
  }
  return redirect(`/admin/users?${back}`);
}

const STATUS_TONE: Record<AccountStatus, "success" | "warning" | "error" | "neutral"> = {
  pending_email: "neutral",
  pending_approval: "warning",
  approved: "success",
  rejected: "error",
  suspended: "error",
};

export default function AdminUsers() {
  const { selfId, search, users, truncated, limit, done, moved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const panelNames = (pluginIds: string[]) => pluginIds.map((id) => getPlugin(id)?.name[locale] ?? id).join("、");
  return (
    <div className="space-y-6">
      <PageHeader title={t("adminUsers.title")} description={t("adminUsers.lead")} />
      {actionData ? (
        <Alert tone="error">{t(actionData.problem, { panels: panelNames(actionData.pluginIds) })}</Alert>
      ) : done ? (
        <Alert tone="success">{t(`adminUsers.done.${done}`, moved)}</Alert>
      ) : null}

      <Form method="get" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" role="search">
        <fieldset className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr]">
          <legend className="sr-only">{t("adminUsers.search.legend")}</legend>
          <TextField id="q" name="q" type="search" label={t("adminUsers.search.q")} hint={t("adminUsers.search.qHint")} defaultValue={search.q ?? ""} />
          <SelectField id="role" name="role" label={t("adminUsers.search.role")} defaultValue={search.role ?? ""}>
            <option value="">{t("adminUsers.search.any")}</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>{t(`role.${role}`)}</option>
            ))}
          </SelectField>
          <SelectField id="status" name="status" label={t("adminUsers.search.status")} defaultValue={search.status ?? ""}>
            <option value="">{t("adminUsers.search.any")}</option>
            {ACCOUNT_STATUSES.map((status) => (
              <option key={status} value={status}>{t(`status.${status}`)}</option>
            ))}
          </SelectField>
        </fieldset>
        <div className="mt-4 flex gap-3">
          <Button type="submit">{t("adminUsers.search.apply")}</Button>
          <Link to="/admin/users" className={buttonClasses("ghost")}>{t("adminUsers.search.reset")}</Link>
        </div>
      </Form>

      {users.length === 0 ? (
        <EmptyState title={t("adminUsers.empty.title")}>{t("adminUsers.empty.body")}</EmptyState>
      ) : (
        <>
          {truncated ? <Alert tone="info">{t("adminUsers.truncated", { limit })}</Alert> : null}
          <Table caption={t("adminUsers.title")}>
            <thead>
              <tr>
                <Th>{t("adminUsers.column.name")}</Th>
                <Th>{t("adminUsers.column.institution")}</Th>
                <Th>{t("adminUsers.column.role")}</Th>
                <Th>{t("adminUsers.column.status")}</Th>
                <Th>{t("adminUsers.column.panels")}</Th>
                <Th>{t("adminUsers.column.actions")}</Th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <Tr key={user.id} data-testid="user-row">
                  <Td>
                    <span className="block font-medium">{user.nameKanji}</span>
                    <span className="block text-xs text-slate-500">{user.nameKana}</span>
                    <span className="block break-all text-xs text-slate-600">{user.email}</span>
                  </Td>
                  <Td>
                    {user.institution}
                    <span className="block text-xs text-slate-500">{user.department}</span>
                  </Td>
                  <Td>
                    {t(`role.${user.role}`)}
                    <span className="block text-xs text-slate-500">
                      {t(user.totpEnabled ? "adminUsers.totp.enrolled" : "adminUsers.totp.none")}
                    </span>
                  </Td>
                  <Td>
                    <Badge tone={STATUS_TONE[user.status]}>{t(`status.${user.status}`)}</Badge>
                  </Td>
                  <Td className="text-xs">
                    {user.panels.length === 0
                      ? "—"
                      : user.panels.map((panel) => (
                          <span key={panel.pluginId} className="block">
                            {getPlugin(panel.pluginId)?.name[locale] ?? panel.pluginId}
                            {panel.panelRole === "coordinator" ? t("adminUsers.panelCoordinator") : ""}
                          </span>
                        ))}
                  </Td>
                  <Td>{user.id === selfId ? <span className="text-xs text-slate-500">{t("adminUsers.self")}</span> : <UserActions user={user} />}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </div>
  );
}

/** The role form and the suspend or reactivate button of one user. */
function UserActions({ user }: { user: UserListRow }) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const roleId = `role-${user.id}`;
  return (
    <div className="flex flex-col gap-2">
      {user.status === "approved" ? (
        <Form method="post" className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="intent" value="role" />
          <input type="hidden" name="userId" value={user.id} />
          <label htmlFor={roleId} className="sr-only">{t("adminUsers.action.roleFor", { name: user.nameKanji })}</label>
          <select id={roleId} name="role" defaultValue={user.role} className="rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700">
            {ROLES.map((role: Role) => (
              <option key={role} value={role}>{t(`role.${role}`)}</option>
            ))}
          </select>
          <Button type="submit" variant="secondary" className="px-3 py-1.5" disabled={busy}>{t("adminUsers.action.changeRole")}</Button>
        </Form>
      ) : null}
      {user.status === "approved" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="suspend" />
          <input type="hidden" name="userId" value={user.id} />
          <Button type="submit" variant="secondary" className="px-3 py-1.5" disabled={busy} aria-label={t("adminUsers.action.suspendFor", { name: user.nameKanji })}>
            {t("adminUsers.action.suspend")}
          </Button>
        </Form>
      ) : user.status === "suspended" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="reactivate" />
          <input type="hidden" name="userId" value={user.id} />
          <Button type="submit" variant="secondary" className="px-3 py-1.5" disabled={busy} aria-label={t("adminUsers.action.reactivateFor", { name: user.nameKanji })}>
            {t("adminUsers.action.reactivate")}
          </Button>
        </Form>
      ) : null}
    </div>
  );
}
