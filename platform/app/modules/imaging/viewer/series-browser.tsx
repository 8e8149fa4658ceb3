import { Badge, cx } from "@consult/ui";
import { useT } from "~/modules/i18n/use-translation";
import type { CatalogSeries, CatalogStudy } from "../catalog.server";
import type { Cornerstone } from "./cornerstone.client";
import { formatStudyDate } from "./format";
import type { SeriesSource } from "./series-source";
import { SeriesThumbnail } from "./series-thumbnail";

export type OpenSeries = CatalogSeries & { studyInstanceUid: string };

/** The case's studies, each with whether all its files arrived, and their series as buttons that open them. */
export function SeriesBrowser(props: {
  studies: CatalogStudy[];
  engine: { cs: Cornerstone; source: SeriesSource } | null;
  openSeriesId: string | null;
  onOpen: (series: OpenSeries) => void;
}) {
  const { studies, engine, openSeriesId, onOpen } = props;
  const t = useT();
  return (
    <nav aria-label={t("viewer.series")} className="space-y-6">
      {studies.map((study) => (
        <section key={study.id} aria-labelledby={`study-${study.id}`} className="space-y-2">
          <h3 id={`study-${study.id}`} className="text-sm font-semibold text-slate-900">
            {formatStudyDate(study.studyDate) ?? t("images.study.noDate")}
            <span className="ml-2 font-normal">{study.description ?? t("images.study.noDescription")}</span>
          </h3>
          {study.missingFiles === 0 ? (
            <Badge tone="success">{t("images.study.complete")}</Badge>
          ) : (
            <Badge tone="warning">{t("images.study.incomplete", { count: study.missingFiles })}</Badge>
          )}
          <ul className="space-y-1">
            {study.series.map((series) => (
              <li key={series.id}>
                <button
                  type="button"
                  aria-pressed={series.id === openSeriesId}
                  onClick={() => onOpen({ ...series, studyInstanceUid: study.studyInstanceUid })}
                  className={cx(
                    "flex w-full items-center gap-3 rounded-md p-2 text-left text-sm ring-1 ring-inset",
                    "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700",
                    series.id === openSeriesId ? "bg-teal-50 ring-teal-600" : "bg-white ring-slate-200 hover:bg-slate-50",
                  )}
                >
                  <SeriesThumbnail
                    engine={engine}
                    studyInstanceUid={study.studyInstanceUid}
                    seriesInstanceUid={series.seriesInstanceUid}
                    sopInstanceUid={series.thumbnailSopInstanceUid}
                  />
                  <span className="min-w-0">
                    <span className="block truncate font-medium text-slate-900">
                      {t("viewer.series.item", {
                        modality: series.modality ?? "",
                        description: series.description ?? t("viewer.series.noDescription"),
                      }).trim()}
                    </span>
                    <span className="block text-slate-600">
                      {series.instanceCount === 1 ? t("viewer.series.countOne") : t("viewer.series.count", { count: series.instanceCount })}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
