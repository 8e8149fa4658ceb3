import { Card, EmptyState, PageHeader } from "@consult/ui";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/components/format";
import { translator } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { readDemoMailbox } from "~/modules/mail/demo-mailbox.server";
import { notFound } from "~/modules/session/session.server";
import type { RootData } from "~/root";
import { mailboxDir } from "~/services.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("mailbox.title")} | ${t("app.name")}` }];
};

/** Demo mode only: the e-mails the platform wrote to its mailbox folder instead of sending them. */
export async function loader({ context }: LoaderFunctionArgs) {
  const { config } = context.services;
  if (!config.demoMode) throw notFound();
  return { messages: await readDemoMailbox(mailboxDir(config)) };
}

export default function DevMailbox() {
  const { messages } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader title={t("mailbox.title")} description={t("mailbox.lead")} />
      {messages.length === 0 ? (
        <EmptyState title={t("mailbox.empty")} />
      ) : (
        <ul className="space-y-4">
          {messages.map((message) => (
            <li key={message.file}>
              <Card aria-labelledby={`mail-${message.file}`} className="space-y-3">
                <h2 id={`mail-${message.file}`} className="text-base font-semibold">{message.subject}</h2>
                <dl className="grid grid-cols-[max-content_1fr] gap-x-4 text-sm text-slate-600">
                  <dt>{t("mailbox.to")}</dt>
                  <dd>{message.to}</dd>
                  {message.date ? (
                    <>
                      <dt>{t("mailbox.date")}</dt>
                      <dd>{formatDateTime(message.date, locale)}</dd>
                    </>
                  ) : null}
                </dl>
                <p className="whitespace-pre-wrap break-words text-sm">
                  <LinkedText text={message.text} />
                </p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/;

/** Plain text with its web addresses turned into links. */
function LinkedText({ text }: { text: string }) {
  return text.split(URL_PATTERN).map((part, index) =>
    // split with a capturing group puts the matches at the odd positions
    index % 2 === 1 ? (
      <a key={index} href={part} className="font-medium text-teal-800 underline">{part}</a>
    ) : (
      part
    ),
  );
}
