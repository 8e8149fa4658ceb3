import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Alert, Badge, Button, buttonClasses, Card, PageHeader, TextField } from "@consult/ui";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { findAccountById } from "~/modules/accounts/accounts.server";
import {
  accountSecuritySchema,
  tooManyAttempts,
  TOTP_INPUT_ATTRIBUTES,
  translateErrors,
  type AccountSecurityIntent,
  type FormProblem,
} from "~/modules/accounts/auth-forms";
import { RecoveryCodeList } from "~/modules/accounts/recovery-code-list";
import {
  canTurnOffTotp,
  countUnusedRecoveryCodes,
  regenerateRecoveryCodes,
  turnOffTotp,
  type RegenerateOutcome,
  type TurnOffOutcome,
} from "~/modules/accounts/second-factor.server";
import type { MessageKey } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import { notFound, requireUser } from "~/modules/session/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await requireUser(request, context);
  const { db } = context.services;
  const account = await findAccountById(db, signedIn.user.id);
  if (!account) throw notFound();
  const totpEnabled = account.totpSecret !== null;
  return {
    profile: {
      nameKanji: account.nameKanji,
      nameKana: account.nameKana,
      email: account.email,
      institution: account.institution,
      department: account.department,
      role: account.role,
      status: account.status,
    },
    totpEnabled,
    mayTurnOffTotp: canTurnOffTotp(signedIn),
    unusedRecoveryCodes: totpEnabled ? await countUnusedRecoveryCodes(db, account.id) : 0,
  };
}

type ActionData = {
  intent: AccountSecurityIntent;
  result: SubmissionResult<string[]>;
  problem: FormProblem | null;
  recoveryCodes: string[] | null;
  turnedOff: boolean;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const signedIn = await requireUser(request, context);
  const submission = parseWithZod(await request.formData(), { schema: accountSecuritySchema });
  const intent: AccountSecurityIntent =
    submission.payload.intent === "turn-off-totp" ? "turn-off-totp" : "regenerate-recovery-codes";
  const reply = (status: number, answer: Partial<Pick<ActionData, "problem" | "recoveryCodes" | "turnedOff">> = {}) =>
    data<ActionData>(
      {
        intent,
        result: submission.reply({ hideFields: ["code"] }),
        problem: answer.problem ?? null,
        recoveryCodes: answer.recoveryCodes ?? null,
        turnedOff: answer.turnedOff ?? false,
      },
      { status },
    );
  if (submission.status !== "success") return reply(400);

  const outcome: TurnOffOutcome | RegenerateOutcome =
    submission.value.intent === "turn-off-totp"
      ? await turnOffTotp(context, signedIn, submission.value.code)
      : await regenerateRecoveryCodes(context, signedIn, submission.value.code);
  switch (outcome.kind) {
    case "turned_off":
      return reply(200, { turnedOff: true });
    case "regenerated":
      return reply(200, { recoveryCodes: outcome.recoveryCodes });
    case "not_allowed":
      throw notFound();
    case "invalid_code":
      return reply(401, { problem: { key: "auth.totp.invalid" } });
    case "rate_limited":
      return reply(429, { problem: tooManyAttempts(outcome.retryAfterSeconds) });
  }
}

function ProfileRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-4 py-2">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="col-span-2 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** A form that confirms a security change with a current code from the authenticator app. */
function ConfirmWithCodeForm({
  intent,
  title,
  hint,
  submitLabel,
  variant,
  actionData,
}: {
  intent: AccountSecurityIntent;
  title: string;
  hint: string;
  submitLabel: string;
  variant: "secondary" | "danger";
  actionData: ActionData | undefined;
}) {
  const t = useT();
  const mine = actionData?.intent === intent ? actionData : undefined;
  const [form, fields] = useForm({
    id: intent,
    lastResult: mine?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: accountSecuritySchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3 border-t border-slate-200 pt-4">
      <h3 className="font-semibold">{title}</h3>
      <p className="text-sm text-slate-600">{hint}</p>
      {mine?.problem ? <Alert tone="error">{t(mine.problem.key, mine.problem.vars)}</Alert> : null}
      <input type="hidden" name="intent" value={intent} />
      <TextField
        key={fields.code.key}
        id={fields.code.id}
        name={fields.code.name}
        label={t("auth.field.totpCode")}
        errors={translateErrors(t, fields.code.errors)}
        {...TOTP_INPUT_ATTRIBUTES}
        autoFocus={Boolean(mine?.problem ?? fields.code.errors)}
        required
      />
      <Button type="submit" variant={variant}>
        {submitLabel}
      </Button>
    </Form>
  );
}

export default function Account() {
  const { profile, totpEnabled, mayTurnOffTotp, unusedRecoveryCodes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageHeader
        title={t("auth.account.title")}
        actions={
          <Link to="/account/notifications" className={buttonClasses("secondary")}>
            {t("account.notifications.title")}
          </Link>
        }
      />
      <Card>
        <h2 className="text-lg font-semibold">{t("auth.account.profile")}</h2>
        <dl className="mt-2 divide-y divide-slate-100">
          <ProfileRow label={t("auth.account.name")}>{profile.nameKanji}</ProfileRow>
          <ProfileRow label={t("auth.account.nameKana")}>{profile.nameKana}</ProfileRow>
          <ProfileRow label={t("auth.account.email")}>{profile.email}</ProfileRow>
          <ProfileRow label={t("auth.account.institution")}>{profile.institution}</ProfileRow>
          <ProfileRow label={t("auth.account.department")}>{profile.department}</ProfileRow>
          <ProfileRow label={t("auth.account.role")}>{t(`role.${profile.role}` as MessageKey)}</ProfileRow>
          <ProfileRow label={t("auth.account.status")}>{t(`status.${profile.status}` as MessageKey)}</ProfileRow>
        </dl>
      </Card>
      <Card className="space-y-4">
        <h2 className="text-lg font-semibold">{t("auth.account.security")}</h2>
        {actionData?.turnedOff ? <Alert tone="success">{t("auth.account.turnedOff")}</Alert> : null}
        {actionData?.recoveryCodes ? (
          <div className="space-y-3">
            <Alert tone="warning" title={t("auth.recovery.title")}>
              {t("auth.recovery.lead")}
            </Alert>
            <RecoveryCodeList codes={actionData.recoveryCodes} />
          </div>
        ) : null}
        <p className="flex items-center gap-2 text-sm" data-testid="totp-status">
          <span>{t("auth.account.totp")}:</span>
          <Badge tone={totpEnabled ? "success" : "neutral"}>
            {t(totpEnabled ? "auth.account.totpOn" : "auth.account.totpOff")}
          </Badge>
        </p>
        {totpEnabled ? (
          <>
            <p className="text-sm text-slate-700">{t("auth.account.recoveryRemaining", { count: unusedRecoveryCodes })}</p>
            <ConfirmWithCodeForm
              intent="regenerate-recovery-codes"
              title={t("auth.account.regenerateTitle")}
              hint={t("auth.account.regenerateHint")}
              submitLabel={t("auth.account.regenerateSubmit")}
              variant="secondary"
              actionData={actionData}
            />
            {mayTurnOffTotp ? (
              <ConfirmWithCodeForm
                intent="turn-off-totp"
                title={t("auth.account.turnOffTitle")}
                hint={t("auth.account.turnOffHint")}
                submitLabel={t("auth.account.turnOffSubmit")}
                variant="danger"
                actionData={actionData}
              />
            ) : (
              <p className="text-sm text-slate-600">{t("auth.account.totpRequired")}</p>
            )}
          </>
        ) : (
          <Link to="/account/totp-setup" className={buttonClasses("primary")}>
            {t("auth.account.totpSetUp")}
          </Link>
        )}
      </Card>
    </div>
  );
}
