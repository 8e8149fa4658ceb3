import { buttonClasses, Card, EmptyState, PageHeader } from "@consult/ui";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/components/format";
import { recordAudit } from "~/modules/audit/audit.server";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { findImagingCaseAccess } from "~/modules/imaging/access.server";
import { readCaseImagingCatalog, type CatalogDocument } from "~/modules/imaging/catalog.server";
import { formatFileSize } from "~/modules/imaging/viewer/format";
import { ImageViewer } from "~/modules/imaging/viewer/image-viewer";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction<typeof loader> = ({ matches, data: page }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  const title = page ? t("images.pageTitle", { reference: page.case.reference }) : t("images.title");
  return [{ title: `${title} | ${t("app.name")}` }];
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { db, clock } = context.services;
  const access = await findImagingCaseAccess(db, user, params.id ?? "");
  if (!access) throw notFound();
  const catalog = await readCaseImagingCatalog(db, access.caseId);
  await recordAudit(db, {
    action: "imaging.view",
    outcome: "success",
    actor: { id: user.id, role: user.role },
    subject: { type: "case", id: access.caseId },
    detail: { studies: catalog.studies.length, documents: catalog.documents.length },
    meta: context.requestMeta,
    at: clock.now(),
  });
  return { case: { id: access.caseId, reference: access.reference, canUpload: access.canUpload }, ...catalog };
}

export default function CaseImages() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const caseId = page.case.id;
  const empty = page.studies.length === 0 && page.documents.length === 0;
  return (
    <div className="space-y-8">
      <PageHeader
        title={t("images.pageTitle", { reference: page.case.reference })}
        description={t("images.lead")}
        actions={
          <div className="flex items-center gap-3">
            {page.case.canUpload ? (
              <Link to={`/cases/${caseId}/images/upload`} className={buttonClasses("primary")}>
                {t("images.add")}
              </Link>
            ) : null}
            <Link to={`/cases/${caseId}`} className="text-sm font-medium text-teal-800 underline">
              {t("images.backToCase")}
            </Link>
          </div>
        }
      />
      {empty ? (
        <EmptyState title={t("images.empty.title")}>{page.case.canUpload ? t("images.empty.requester") : t("images.empty.other")}</EmptyState>
      ) : null}
      {page.studies.length > 0 ? <ImageViewer caseId={caseId} studies={page.studies} /> : null}
      {page.documents.length > 0 ? <KeyDocuments caseId={caseId} documents={page.documents} /> : null}
    </div>
  );
}

function KeyDocuments({ caseId, documents }: { caseId: string; documents: CatalogDocument[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Card aria-labelledby="key-documents" className="space-y-3">
      <h2 id="key-documents" className="text-lg font-semibold">
        {t("images.documents")}
      </h2>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        {documents.map((document) => (
          <li key={document.id}>
            <a href={`/cases/${caseId}/images/documents/${document.id}`} className="font-medium text-teal-800 underline">
              {t("images.document.item", {
                kind: t(`images.document.kind.${document.contentType}` as MessageKey),
                size: formatFileSize(document.size, locale),
                at: formatDateTime(document.createdAt, locale),
              })}
            </a>
          </li>
        ))}
      </ul>
    </Card>
  );
}
