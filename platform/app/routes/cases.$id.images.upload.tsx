import { PageHeader } from "@consult/ui";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { translator } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import { findImagingCaseAccess } from "~/modules/imaging/access.server";
import { IMAGING_UPLOAD_PATH } from "~/modules/imaging/ingest/limits";
import { ensureImagingKeys } from "~/modules/imaging/keys.server";
import { ImageUploader } from "~/modules/imaging/upload/image-uploader";
import { UPLOAD_LIMITS } from "~/modules/imaging/upload/limits";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction<typeof loader> = ({ matches, data: page }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  const title = page ? t("imagingUpload.pageTitle", { reference: page.case.reference }) : t("imagingUpload.title");
  return [{ title: `${title} | ${t("app.name")}` }];
};

/**
 * Only the requesting physician of an open case may add images; everyone else gets 404. The page receives the
 * case's de-identification keys: the browser de-identifies before sending, alike on every upload of the case.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { db, clock } = context.services;
  const access = await findImagingCaseAccess(db, user, params.id ?? "");
  if (!access?.canUpload) throw notFound();
  const keys = await ensureImagingKeys(db, access.caseId, clock.now());
  return { case: { id: access.caseId, reference: access.reference, keys }, limits: UPLOAD_LIMITS, endpoint: IMAGING_UPLOAD_PATH };
}

export default function UploadCaseImages() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader
        title={t("imagingUpload.pageTitle", { reference: page.case.reference })}
        description={t("imagingUpload.lead", { reference: page.case.reference })}
        actions={
          <Link to={`/cases/${page.case.id}/images`} className="text-sm font-medium text-teal-800 underline">
            {t("imagingUpload.backToImages")}
          </Link>
        }
      />
      <ImageUploader uploaderCase={page.case} limits={page.limits} endpoint={page.endpoint} />
    </div>
  );
}
