import { Link, useSearchParams } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-translation";

const linkClasses = "rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-teal-800 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-teal-700";

/**
 * Which cases of a long list the table shows, with links to the previous and next pages. The
 * page is the query parameter `param`, so that two lists on one page page separately and every
 * page has its own address. Nothing is shown while the list fits on one page.
 */
export function CaseListPager({ label, param, page, total, perPage }: { label: string; param: string; page: number; total: number; perPage: number }) {
  const t = useT();
  const [searchParams] = useSearchParams();
  const pages = Math.ceil(total / perPage);
  if (pages <= 1) return null;
  const searchFor = (target: number) => {
    const next = new URLSearchParams(searchParams);
    if (target === 1) next.delete(param);
    else next.set(param, String(target));
    const query = next.toString();
    return query ? `?${query}` : "";
  };
  const from = (page - 1) * perPage + 1;
  const to = Math.min(total, page * perPage);
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-700">
      <p>
        {t("pager.range", { total, from, to })}
        <span className="ml-2 text-slate-500">{t("pager.page", { page, pages })}</span>
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link to={{ search: searchFor(page - 1) }} rel="prev" className={linkClasses}>
            {t("pager.previous", { count: perPage })}
          </Link>
        ) : null}
        {page < pages ? (
          <Link to={{ search: searchFor(page + 1) }} rel="next" className={linkClasses}>
            {t("pager.next", { count: Math.min(perPage, total - to) })}
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
