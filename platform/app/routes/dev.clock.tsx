import { Alert, Button, Card, PageHeader, TextField } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { isAdjustableClock, type AdjustableClock } from "~/clock";
import { formatDateTime } from "~/components/format";
import { translator } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { notFound } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("devClock.title")} | ${t("app.name")}` }];
};

/** Demo mode only (the services then run on an OffsetClock): anywhere else this page does not exist. */
function demoClock(context: LoaderFunctionArgs["context"]): AdjustableClock {
  const { config, clock } = context.services;
  if (!config.demoMode || !isAdjustableClock(clock)) throw notFound();
  return clock;
}

export async function loader({ context }: LoaderFunctionArgs) {
  const clock = demoClock(context);
  return { now: clock.now(), offsetMs: clock.offset };
}

const HOURS_MAX = 24 * 60;
const advanceSchema = z.object({ hours: z.coerce.number().int().min(1).max(HOURS_MAX) });

/** Moves the platform's time forward: deadline jobs that fall due run at the job worker's next poll. */
export async function action({ request, context }: ActionFunctionArgs) {
  const clock = demoClock(context);
  const parsed = advanceSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ invalid: true }, { status: 400 });
  clock.advance(parsed.data.hours * 60 * 60 * 1000);
  context.services.logger.warn({ offsetMs: clock.offset }, "demo clock moved forward");
  return redirect("/dev/clock");
}

export default function DevClock() {
  const { now, offsetMs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <PageHeader title={t("devClock.title")} description={t("devClock.lead")} />
      <Card className="space-y-4">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium text-slate-600">{t("devClock.now")}</dt>
          <dd>{formatDateTime(now, locale)}</dd>
          <dt className="font-medium text-slate-600">{t("devClock.offset")}</dt>
          <dd>
            {t("devClock.hours", { hours: Math.round(offsetMs / 3_600_000) })}
            <span hidden data-testid="clock-offset-ms">{offsetMs}</span>
          </dd>
        </dl>
        {actionData?.invalid ? <Alert tone="error">{t("devClock.invalid", { max: HOURS_MAX })}</Alert> : null}
        <Form method="post" className="flex items-end gap-3">
          <TextField id="hours" name="hours" type="number" min={1} max={HOURS_MAX} label={t("devClock.hoursLabel")} required defaultValue="24" />
          <Button type="submit">{t("devClock.advance")}</Button>
        </Form>
      </Card>
    </div>
  );
}
