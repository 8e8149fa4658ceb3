import { Alert, Badge, Card, EmptyState, Table, Td, Th, Tr } from "@consult/ui";
import type { MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { formatBytes } from "./format-bytes";
import type { UploadLimits } from "./limits";
import { isHarmless, setAsideText } from "./reason-text";
import { TREATMENT_ORDER, type ChangedTreatment, type RemovalPreview } from "./removal-preview";
import type { DocumentItem, ScanResult, SetAside } from "./scan";
import type { Selection } from "./selection";
import type { StudyPreview } from "./study-grouping";

const TREATMENT_TITLES: Record<ChangedTreatment, MessageKey> = {
  remove: "imagingUpload.removal.group.remove",
  empty: "imagingUpload.removal.group.empty",
  dummy: "imagingUpload.removal.group.dummy",
  pseudonym: "imagingUpload.removal.group.pseudonym",
  remap_uid: "imagingUpload.removal.group.remap_uid",
  shift_date: "imagingUpload.removal.group.shift_date",
};

/** What the scan found and what de-identification will do, before the uploader sends anything. */
export function ScanPreview({
  result,
  selection,
  limits,
  onSelectionChange,
}: {
  result: ScanResult;
  selection: Selection;
  limits: UploadLimits;
  onSelectionChange: (selection: Selection) => void;
}) {
  const t = useT();
  const nothing = result.instances.length === 0 && result.documents.length === 0;
  const series = result.studies.reduce((sum, study) => sum + study.series.length, 0);
  const toggleStudy = (key: string, included: boolean) => {
    const excludedStudies = new Set(selection.excludedStudies);
    if (included) excludedStudies.delete(key);
    else excludedStudies.add(key);
    onSelectionChange({ ...selection, excludedStudies });
  };
  return (
    <div className="space-y-6">
      {nothing ? (
        <EmptyState title={t("imagingUpload.empty.title")}>{t("imagingUpload.empty.body")}</EmptyState>
      ) : (
        <p className="text-sm font-medium text-slate-800" data-testid="scan-summary">
          {t("imagingUpload.summary", { studies: result.studies.length, series, instances: result.instances.length })}
        </p>
      )}
      {result.patients > 1 ? <Alert tone="warning">{t("imagingUpload.patients.warning", { count: result.patients })}</Alert> : null}
      {result.studies.length > 0 ? <StudyList studies={result.studies} selection={selection} onToggle={toggleStudy} /> : null}
      {result.instances.length > 0 ? <RemovalList removal={result.removal} /> : null}
      {result.documents.length > 0 ? (
        <DocumentList
          documents={result.documents}
          confirmed={selection.documentsConfirmed}
          onConfirm={(documentsConfirmed) => onSelectionChange({ ...selection, documentsConfirmed })}
        />
      ) : null}
      <SetAsideList items={result.setAside} limits={limits} />
    </div>
  );
}

function StudyList({ studies, selection, onToggle }: { studies: StudyPreview[]; selection: Selection; onToggle: (key: string, included: boolean) => void }) {
  const t = useT();
  return (
    <Card aria-labelledby="found-studies" className="space-y-4">
      <div>
        <h2 id="found-studies" className="text-lg font-semibold">
          {t("imagingUpload.studies.title")}
        </h2>
        <p className="text-sm text-slate-600">{t("imagingUpload.studies.caption")}</p>
      </div>
      {studies.map((study) => {
        const date = study.date ?? t("imagingUpload.study.noDate");
        const description = study.description ?? t("imagingUpload.study.noDescription");
        const included = !selection.excludedStudies.has(study.key);
        return (
          <div key={study.key} className="space-y-2" data-testid="found-study">
            <label className="flex items-start gap-3">
              <input
                type="checkbox"
                className="mt-1 h-4 w-4"
                checked={included}
                onChange={(event) => onToggle(study.key, event.currentTarget.checked)}
                aria-label={t("imagingUpload.study.include", { date, description })}
              />
              <span>
                <span className="font-semibold text-slate-900">
                  {date} {description}
                </span>{" "}
                <span className="text-sm text-slate-600">
                  {t("imagingUpload.study.counts", { modalities: study.modalities.join(" / "), series: study.series.length, instances: study.instances })}
                </span>
              </span>
            </label>
            <Table caption={`${date} ${description}`}>
              <thead>
                <tr>
                  <Th>{t("imagingUpload.series.number")}</Th>
                  <Th>{t("imagingUpload.series.modality")}</Th>
                  <Th>{t("imagingUpload.series.description")}</Th>
                  <Th>{t("imagingUpload.series.images")}</Th>
                </tr>
              </thead>
              <tbody>
                {study.series.map((series) => (
                  <Tr key={series.key} data-testid="found-series">
                    <Td>{series.number ?? "–"}</Td>
                    <Td>{series.modality ?? "–"}</Td>
                    <Td>
                      {series.description ?? "–"}
                      {series.burnedInRiskFiles > 0 ? (
                        <span className="ml-2">
                          <Badge tone="warning">{t("imagingUpload.series.burnedIn", { count: series.burnedInRiskFiles })}</Badge>
                        </span>
                      ) : null}
                    </Td>
                    <Td>
                      {series.frames > series.instances
                        ? t("imagingUpload.series.frames", { instances: series.instances, frames: series.frames })
                        : series.instances}
                    </Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          </div>
        );
      })}
    </Card>
  );
}

function RemovalList({ removal }: { removal: RemovalPreview }) {
  const t = useT();
  const groups = TREATMENT_ORDER.map((treatment) => ({
    treatment,
    attributes: removal.attributes.filter((attribute) => attribute.treatment === treatment),
  })).filter((group) => group.attributes.length > 0);
  return (
    <Card aria-labelledby="removal-preview" className="space-y-3" data-testid="removal-preview">
      <div>
        <h2 id="removal-preview" className="text-lg font-semibold">
          {t("imagingUpload.removal.title")}
        </h2>
        <p className="text-sm text-slate-600">{t("imagingUpload.removal.lead")}</p>
      </div>
      {removal.burnedInRiskFiles > 0 ? <Alert tone="warning">{t("imagingUpload.removal.burnedIn", { count: removal.burnedInRiskFiles })}</Alert> : null}
      {groups.length === 0 && removal.privateAttributes.occurrences === 0 ? <p className="text-sm">{t("imagingUpload.removal.none")}</p> : null}
      {groups.map(({ treatment, attributes }) => (
        <details key={treatment} className="rounded-md bg-slate-50 px-3 py-2 text-sm">
          <summary className="cursor-pointer font-medium text-slate-800">
            {t("imagingUpload.removal.groupTitle", { title: t(TREATMENT_TITLES[treatment]), count: attributes.length })}
          </summary>
          <ul className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-2">
            {attributes.map((attribute) => (
              <li key={`${attribute.tag}:${attribute.treatment}`} className="font-mono text-xs text-slate-700">
                {t("imagingUpload.removal.attribute", { keyword: attribute.keyword, tag: attribute.tag, files: attribute.files })}
              </li>
            ))}
          </ul>
        </details>
      ))}
      {removal.privateAttributes.occurrences > 0 ? (
        <p className="text-sm text-slate-700">
          {t("imagingUpload.removal.private", { occurrences: removal.privateAttributes.occurrences, files: removal.privateAttributes.files })}
        </p>
      ) : null}
      {removal.japaneseCharacterSetFiles > 0 ? (
        <p className="text-sm text-slate-700">{t("imagingUpload.removal.characterSet", { count: removal.japaneseCharacterSetFiles })}</p>
      ) : null}
    </Card>
  );
}

const DOCUMENT_TYPE_TEXT: Record<DocumentItem["kind"], MessageKey> = {
  "image/jpeg": "imagingUpload.type.image/jpeg",
  "image/png": "imagingUpload.type.image/png",
  "application/pdf": "imagingUpload.type.application/pdf",
};

function DocumentList({ documents, confirmed, onConfirm }: { documents: DocumentItem[]; confirmed: boolean; onConfirm: (confirmed: boolean) => void }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Card aria-labelledby="found-documents" className="space-y-3">
      <div>
        <h2 id="found-documents" className="text-lg font-semibold">
          {t("imagingUpload.documents.title", { count: documents.length })}
        </h2>
        <p className="text-sm text-slate-600">{t("imagingUpload.documents.lead")}</p>
      </div>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        {documents.map((document) => (
          <li key={document.id}>
            {t("imagingUpload.documents.item", { path: document.path, type: t(DOCUMENT_TYPE_TEXT[document.kind]), size: formatBytes(document.size, locale) })}
          </li>
        ))}
      </ul>
      <label className="flex items-start gap-3 rounded-md bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-amber-200">
        <input type="checkbox" className="mt-1 h-4 w-4" checked={confirmed} onChange={(event) => onConfirm(event.currentTarget.checked)} />
        <span>{t("imagingUpload.documents.confirm")}</span>
      </label>
      {confirmed ? null : <p className="text-sm text-slate-600">{t("imagingUpload.documents.notConfirmed")}</p>}
    </Card>
  );
}

function SetAsideList({ items, limits }: { items: SetAside[]; limits: UploadLimits }) {
  const t = useT();
  const locale = useLocale();
  if (items.length === 0) return null;
  const problems = items.filter((item) => !isHarmless(item));
  const skipped = items.filter(isHarmless);
  const line = (item: SetAside, index: number) => (
    <li key={`${item.path}:${index}`}>
      {t("imagingUpload.setAside.item", { path: item.path, reason: setAsideText(t, locale, limits, item.reason) })}
      {item.detail ? <span className="block text-xs text-slate-500">{item.detail}</span> : null}
    </li>
  );
  return (
    <div className="space-y-3">
      {problems.length > 0 ? (
        <Card aria-labelledby="set-aside-problems" className="space-y-2" data-testid="set-aside-problems">
          <h2 id="set-aside-problems" className="text-base font-semibold text-rose-900">
            {t("imagingUpload.setAside.problems", { count: problems.length })}
          </h2>
          <ul className="list-disc space-y-1 break-all pl-5 text-sm">{problems.map(line)}</ul>
        </Card>
      ) : null}
      {skipped.length > 0 ? (
        <details className="rounded-md bg-white p-4 text-sm ring-1 ring-slate-200" data-testid="set-aside-skipped">
          <summary className="cursor-pointer font-medium">{t("imagingUpload.setAside.skipped", { count: skipped.length })}</summary>
          <ul className="mt-2 list-disc space-y-1 break-all pl-5">{skipped.map(line)}</ul>
        </details>
      ) : null}
    </div>
  );
}
