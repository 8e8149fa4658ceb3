import { Alert, Badge, buttonClasses, Button, Card } from "@consult/ui";
import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "~/modules/i18n/use-translation";
import { getManifestStatus, type ManifestStatus } from "./manifest-client";
import type { ScanResult } from "./scan";
import type { SelectedItem } from "./selection";

const POLL_EVERY_MS = 2_000;
const MAX_POLLS = 15;

/** How the upload ended, per study as the server sees it: complete only when every announced instance is stored. */
export function UploadResult({
  caseId,
  manifestId,
  items,
  result,
  refusals,
  onMore,
}: {
  caseId: string;
  manifestId: string;
  items: SelectedItem[];
  result: ScanResult;
  refusals: number;
  onMore: () => void;
}) {
  const t = useT();
  const status = useManifestStatus(caseId, manifestId);
  const studyOf = studyLookup(items, result);
  // in the preview's order (oldest first)
  const order = (studyInstanceUid: string) => {
    const local = studyOf(studyInstanceUid);
    return local ? result.studies.indexOf(local) : result.studies.length;
  };
  const studies = status ? [...status.studies].sort((a, b) => order(a.studyInstanceUid) - order(b.studyInstanceUid)) : [];
  const documentsReceived =
    status?.files.filter((file) => file.status === "received" && items[file.position]?.kind !== "dicom").length ?? 0;
  return (
    <Card aria-labelledby="upload-result" className="space-y-4" data-testid="upload-result">
      <h2 id="upload-result" className="text-lg font-semibold">
        {refusals > 0 ? t("imagingUpload.done.withRefusals") : t("imagingUpload.done.title")}
      </h2>
      {status === undefined ? <p className="text-sm text-slate-600">{t("imagingUpload.done.checking")}</p> : null}
      {status ? (
        <ul className="space-y-2 text-sm" aria-live="polite">
          {studies.map((study) => {
            const local = studyOf(study.studyInstanceUid);
            return (
              <li key={study.studyInstanceUid} className="flex flex-wrap items-center gap-2" data-testid="uploaded-study">
                <span className="font-medium">
                  {t("imagingUpload.done.study", {
                    date: local?.date ?? t("imagingUpload.study.noDate"),
                    description: local?.description ?? t("imagingUpload.study.noDescription"),
                  })}
                </span>
                <Badge tone={study.complete ? "success" : "warning"}>
                  {study.complete ? t("imagingUpload.done.complete") : t("imagingUpload.done.incomplete")}
                </Badge>
              </li>
            );
          })}
          {documentsReceived > 0 ? <li>{t("imagingUpload.done.documents", { count: documentsReceived })}</li> : null}
        </ul>
      ) : null}
      {status === null ? <Alert tone="warning">{t("imagingUpload.done.statusUnavailable")}</Alert> : null}
      <div className="flex flex-wrap gap-3">
        <Link to={`/cases/${caseId}/images`} className={buttonClasses("primary")}>
          {t("imagingUpload.done.view")}
        </Link>
        <Button variant="secondary" onClick={onMore}>
          {t("imagingUpload.done.more")}
        </Button>
      </div>
    </Card>
  );
}

/**
 * The manifest's status, polled until every study is complete and no file is pending (or the polls run out):
 * undefined until the first answer, null when the server could not be asked.
 */
function useManifestStatus(caseId: string, manifestId: string): ManifestStatus | null | undefined {
  const [status, setStatus] = useState<ManifestStatus | null | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (attempt: number) => {
      const answer = await getManifestStatus(caseId, manifestId).catch(() => null);
      if (stopped) return;
      setStatus(answer?.ok ? answer.value : null);
      const settled = answer?.ok && answer.value.studies.every((study) => study.complete) && answer.value.files.every((file) => file.status !== "pending");
      if (!settled && attempt < MAX_POLLS) timer = setTimeout(() => void poll(attempt + 1), POLL_EVERY_MS);
    };
    void poll(1);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [caseId, manifestId]);
  return status;
}

/** The original study (date, description) behind a de-identified Study Instance UID of this upload. */
function studyLookup(items: SelectedItem[], result: ScanResult) {
  const keyByUid = new Map(items.flatMap((item) => (item.kind === "dicom" ? [[item.studyInstanceUid, item.studyKey] as const] : [])));
  const studyByKey = new Map(result.studies.map((study) => [study.key, study]));
  return (studyInstanceUid: string) => studyByKey.get(keyByUid.get(studyInstanceUid) ?? "");
}
