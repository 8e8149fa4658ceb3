import type { AttachmentType } from "@consult/db";
import { cx, EmptyState } from "@consult/ui";
import { Fragment } from "react";
import { formatDue } from "~/components/consultation/format-case";
import type { Locale } from "~/modules/i18n/define";
import type { MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { MessageBody } from "./message-body";
import type { ThreadMessage, ThreadReader } from "./thread.server";

const TYPE_LABEL: Record<AttachmentType, string> = { "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG" };

function formatSize(bytes: number, locale: Locale): string {
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, "kilobyte"] : [bytes / (1024 * 1024), "megabyte"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
}

/**
 * A case's messages, oldest first, as a live region: messages arriving while the page is open
 * are read out. Marks where the viewer's unread messages start and how far the others have read.
 */
export function MessageList(props: { messages: ThreadMessage[]; readers: ThreadReader[]; firstUnreadId: number | null; viewerId: string }) {
  const { messages, readers, firstUnreadId, viewerId } = props;
  const t = useT();
  const locale = useLocale();
  // each reader is shown under the latest message of someone else they have read
  const readersAt = new Map<number, string[]>();
  for (const reader of readers) {
    const at = messages.filter((message) => message.id <= reader.lastReadMessageId && message.authorId !== reader.userId).at(-1);
    if (at) readersAt.set(at.id, [...(readersAt.get(at.id) ?? []), reader.name]);
  }

  if (messages.length === 0) return <EmptyState title={t("messages.empty.title")}>{t("messages.empty.body")}</EmptyState>;
  return (
    <ol role="log" aria-live="polite" aria-label={t("messages.title")} className="space-y-4">
      {messages.map((message) => {
        const own = message.authorId === viewerId;
        const readBy = readersAt.get(message.id);
        return (
          <Fragment key={message.id}>
            {message.id === firstUnreadId ? (
              <li className="flex items-center gap-3 text-xs font-semibold text-rose-700" data-testid="unread-divider">
                <span aria-hidden="true" className="h-px flex-1 bg-rose-300" />
                {t("messages.unreadDivider")}
                <span aria-hidden="true" className="h-px flex-1 bg-rose-300" />
              </li>
            ) : null}
            <li
              id={`message-${message.id}`}
              data-testid="message"
              className={cx("space-y-2 rounded-lg p-4 shadow-sm ring-1", own ? "ml-8 bg-teal-50 ring-teal-200" : "mr-8 bg-white ring-slate-200")}
            >
              <p className="text-xs text-slate-600">
                <span className="font-semibold text-slate-900">
                  {t("messages.author", { name: message.authorName, role: t(`role.${message.authorRole}` as MessageKey) })}
                </span>
                {t("case.event.separator")}
                <time dateTime={message.createdAt.toISOString()}>{formatDue(message.createdAt, locale)}</time>
              </p>
              {message.body ? <MessageBody text={message.body} /> : null}
              {message.attachments.length > 0 ? (
                <ul aria-label={t("messages.attachments")} className="space-y-1">
                  {message.attachments.map((file) => (
                    <li key={file.id}>
                      <a href={`/files/${file.id}`} className="text-sm font-medium text-teal-800 underline">
                        {t("messages.attachment", { name: file.filename, type: TYPE_LABEL[file.contentType], size: formatSize(file.size, locale) })}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
              {readBy ? <p className="text-right text-xs text-slate-500">{t("messages.readBy", { names: readBy.join(t("messages.namesSeparator")) })}</p> : null}
            </li>
          </Fragment>
        );
      })}
    </ol>
  );
}
