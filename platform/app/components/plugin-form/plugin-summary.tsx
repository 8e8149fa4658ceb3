import type { FormLayout } from "@consult/plugin-sdk";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { summarize } from "./summary";

/** Stored answers of a plugin form, read-only: the questions that were asked, by section. */
export function PluginSummary({
  idPrefix,
  layout,
  values,
  headingLevel = 3,
}: {
  /** makes the section ids unique on a page showing several summaries */
  idPrefix: string;
  layout: FormLayout;
  values: unknown;
  headingLevel?: 2 | 3 | 4;
}) {
  const t = useT();
  const locale = useLocale();
  const Heading = `h${headingLevel}` as const;
  return (
    <div className="space-y-6">
      {summarize(layout, values, locale, { yes: t("form.yes"), no: t("form.no") }).map((section) => (
        <section key={section.id} aria-labelledby={`${idPrefix}-${section.id}`}>
          <Heading id={`${idPrefix}-${section.id}`} className="mb-2 text-base font-semibold text-slate-900">{section.title}</Heading>
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[minmax(10rem,16rem)_1fr]">
            {section.rows.map((row) => (
              <div key={row.name} className="contents">
                <dt className="font-medium text-slate-600">{row.label}</dt>
                <dd className={row.multiline ? "whitespace-pre-line break-words text-slate-900" : "break-words text-slate-900"}>
                  {row.value === null ? (
                    <span className="text-slate-500">{t("form.notAnswered")}</span>
                  ) : row.value.length > 1 ? (
                    <ul className="list-inside list-disc">
                      {row.value.map((item) => <li key={item}>{item}</li>)}
                    </ul>
                  ) : (
                    row.value[0]
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
