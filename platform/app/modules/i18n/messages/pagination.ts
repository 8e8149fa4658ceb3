import { defineMessages } from "../define";

/** Page links under long lists of cases. */
export const pagination = defineMessages({
  ja: {
    "pager.range": "全 {total} 件中 {from}〜{to} 件",
    "pager.previous": "前の {count} 件",
    "pager.next": "次の {count} 件",
    "pager.page": "{page} / {pages} ページ",
  },
  en: {
    "pager.range": "{from}–{to} of {total}",
    "pager.previous": "Previous {count}",
    "pager.next": "Next {count}",
    "pager.page": "Page {page} of {pages}",
  },
});
