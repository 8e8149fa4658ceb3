import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Badge, Button, buttonClasses, EmptyState, PageHeader, SelectField, Table, Td, TextField, Th, Tr } from "@consult/ui";
import { AUDIT_OUTCOMES } from "@consult/db/vocabulary";
import { formatDateTime } from "~/components/format";
import { canViewAuditTrail } from "~/modules/accounts/policy";
import { AUDIT_ACTION_AREAS, AUDIT_ACTIONS } from "~/modules/audit/audit-actions";
import { recordAudit, searchAudit } from "~/modules/audit/audit.server";
import { parseAuditQuery, toAuditFilter } from "~/modules/audit/audit-filter.server";
import { caseReferencesFor } from "~/modules/audit/case-references.server";
import type { MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { notFound, requireUser } from "~/modules/session/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  if (!canViewAuditTrail(user)) throw notFound();
  const { db, clock } = context.services;
  const query = parseAuditQuery(new URL(request.url));
  const page = await searchAudit(db, await toAuditFilter(db, query), { beforeId: query.before });
  await recordAudit(db, {
    action: "audit.view",
    outcome: "success",
    actor: { id: user.id, role: user.role },
    at: clock.now(),
    meta: context.requestMeta,
  });
  return { query, ...page, references: await caseReferencesFor(db, page.entries) };
}

const OUTCOME_TONE = { success: "success", failure: "warning", denied: "error" } as const;

export default function AuditTrail() {
  const { query, entries, nextBeforeId, references } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const filterParams = new URLSearchParams(location.search);
  filterParams.delete("before");
  const olderParams = new URLSearchParams(filterParams);
  if (nextBeforeId) olderParams.set("before", String(nextBeforeId));

  return (
    <div>
      <PageHeader
        title={t("audit.title")}
        description={t("audit.description")}
        actions={
          <a href={`/admin/audit.csv?${filterParams}`} className={buttonClasses("secondary")} download>
            {t("audit.export")}
          </a>
        }
      />
      <Form method="get" className="mb-6 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <fieldset className="grid gap-4 sm:grid-cols-3 lg:grid-cols-7">
          <legend className="sr-only">{t("audit.filter.legend")}</legend>
          <TextField id="actor" name="actor" label={t("audit.filter.actor")} defaultValue={query.actor ?? ""} />
          <SelectField id="action" name="action" label={t("audit.filter.action")} defaultValue={query.action ?? ""}>
            <option value="">{t("audit.filter.any")}</option>
            <optgroup label={t("audit.filter.areas")}>
              {AUDIT_ACTION_AREAS.map((area) => (
                <option key={area} value={area}>{area}</option>
              ))}
            </optgroup>
            <optgroup label={t("audit.filter.actions")}>
              {AUDIT_ACTIONS.map((action) => (
                <option key={action} value={action}>{action}</option>
              ))}
            </optgroup>
          </SelectField>
          <SelectField id="outcome" name="outcome" label={t("audit.filter.outcome")} defaultValue={query.outcome ?? ""}>
            <option value="">{t("audit.filter.any")}</option>
            {AUDIT_OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>{t(`audit.outcome.${outcome}` as MessageKey)}</option>
            ))}
          </SelectField>
          <TextField id="subject" name="subject" label={t("audit.filter.subject")} defaultValue={query.subject ?? ""} />
          <TextField id="ip" name="ip" label={t("audit.filter.ip")} defaultValue={query.ip ?? ""} spellCheck={false} />
          <TextField id="from" name="from" type="date" label={t("audit.filter.from")} defaultValue={query.from ?? ""} />
          <TextField id="to" name="to" type="date" label={t("audit.filter.to")} defaultValue={query.to ?? ""} />
        </fieldset>
        <div className="mt-4 flex gap-3">
          <Button type="submit">{t("audit.filter.apply")}</Button>
          <Link to="/admin/audit" className={buttonClasses("ghost")}>{t("audit.filter.reset")}</Link>
        </div>
      </Form>

      {entries.length === 0 ? (
        <EmptyState title={t("audit.empty.title")}>{t("audit.empty.body")}</EmptyState>
      ) : (
        <Table caption={t("audit.title")}>
          <thead>
            <tr>
              <Th>{t("audit.column.at")}</Th>
              <Th>{t("audit.column.actor")}</Th>
              <Th>{t("audit.column.action")}</Th>
              <Th>{t("audit.column.outcome")}</Th>
              <Th>{t("audit.column.subject")}</Th>
              <Th>{t("audit.column.origin")}</Th>
              <Th>{t("audit.column.detail")}</Th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <Tr key={entry.id} data-testid="audit-row">
                <Td className="whitespace-nowrap tabular-nums">{formatDateTime(new Date(entry.at), locale)}</Td>
                <Td>
                  {entry.actorId ? (
                    <>
                      <span className="block">{entry.actorName ?? entry.actorId}</span>
                      <span className="block text-xs text-slate-500">{entry.actorEmail}</span>
                    </>
                  ) : (
                    <span className="text-slate-500">{t("audit.actor.system")}</span>
                  )}
                </Td>
                <Td className="font-mono text-xs">{entry.action}</Td>
                <Td>
                  <Badge tone={OUTCOME_TONE[entry.outcome]}>{t(`audit.outcome.${entry.outcome}` as MessageKey)}</Badge>
                </Td>
                <Td className="font-mono text-xs">
                  {entry.subjectType ? `${entry.subjectType}:${entry.subjectId}` : ""}
                  {entry.subjectId && references[entry.subjectId] ? <span className="block font-sans font-semibold">{references[entry.subjectId]}</span> : null}
                </Td>
                <Td className="text-xs">{entry.ip}</Td>
                <Td className="font-mono text-xs">{entry.detail ? JSON.stringify(entry.detail) : ""}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      <nav className="mt-4 flex justify-between" aria-label={t("audit.title")}>
        {query.before ? <Link to={`/admin/audit?${filterParams}`} className={buttonClasses("ghost")}>{t("audit.first")}</Link> : <span />}
        {nextBeforeId ? <Link to={`/admin/audit?${olderParams}`} className={buttonClasses("secondary")}>{t("audit.next")}</Link> : null}
      </nav>
    </div>
  );
}
