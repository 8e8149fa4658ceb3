import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Alert, Button, buttonClasses, Card, PageHeader, TextField } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TOTP_INPUT_ATTRIBUTES, totpSetupSchema, translateErrors, type FormProblem } from "~/modules/accounts/auth-forms";
import { roleRequiresSecondFactor } from "~/modules/accounts/policy";
import { RecoveryCodeList } from "~/modules/accounts/recovery-code-list";
import { describeTotpEnrolment, enrolTotp, type TotpEnrolmentView } from "~/modules/accounts/second-factor.server";
import { useT } from "~/modules/i18n/use-translation";
import { requireTotpSetupAccess } from "~/modules/session/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, session } = await requireTotpSetupAccess(request, context);
  return {
    required: roleRequiresSecondFactor(user.role),
    halfSignedIn: !session.twoFactorVerified,
    // a fresh key on every visit; it is saved only once a code from it is confirmed
    enrolment: user.totpEnabled ? null : await describeTotpEnrolment(user.email),
  };
}

type ActionData =
  | { recoveryCodes: string[] }
  | { result: SubmissionResult<string[]>; enrolment: TotpEnrolmentView; problem: FormProblem | null };

export async function action({ request, context }: ActionFunctionArgs) {
  const signedIn = await requireTotpSetupAccess(request, context);
  if (signedIn.user.totpEnabled) throw redirect("/account");
  const submission = parseWithZod(await request.formData(), { schema: totpSetupSchema });
  const pendingSecret = totpSetupSchema.shape.secret.safeParse(submission.payload.secret);
  const retry = async (problem: FormProblem | null, status: number) =>
    data<ActionData>(
      {
        result: submission.reply({ hideFields: ["code"] }),
        // the same key again, so the user need not scan a new QR code after a typo
        enrolment: await describeTotpEnrolment(signedIn.user.email, pendingSecret.success ? pendingSecret.data : undefined),
        problem,
      },
      { status },
    );
  if (submission.status !== "success") return retry(null, 400);

  const outcome = await enrolTotp(request, context, signedIn, submission.value);
  switch (outcome.kind) {
    case "enrolled":
      return data<ActionData>({ recoveryCodes: outcome.recoveryCodes }, { headers: { "Set-Cookie": outcome.cookie } });
    case "invalid_code":
      return retry({ key: "auth.totp.invalid" }, 401);
    case "already_enrolled":
      throw redirect("/account");
  }
}

export default function TotpSetup() {
  const { required, halfSignedIn, enrolment: freshEnrolment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const retry = actionData && "result" in actionData ? actionData : undefined;
  const [form, fields] = useForm({
    id: "totp-setup",
    lastResult: retry?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: totpSetupSchema }),
  });

  if (actionData && "recoveryCodes" in actionData) {
    return (
      <div className="mx-auto max-w-xl space-y-6">
        <PageHeader title={t("auth.recovery.title")} />
        <Alert tone="success">{t("auth.setup.done")}</Alert>
        <Card className="space-y-4">
          <p className="text-sm text-slate-700">{t("auth.recovery.lead")}</p>
          <RecoveryCodeList codes={actionData.recoveryCodes} />
          <Link to="/" className={buttonClasses("primary")}>
            {t("auth.recovery.continue")}
          </Link>
        </Card>
      </div>
    );
  }

  const enrolment = retry?.enrolment ?? freshEnrolment;
  if (!enrolment) {
    return (
      <div className="mx-auto max-w-xl space-y-6">
        <PageHeader title={t("auth.setup.title")} />
        <Alert tone="success">{t("auth.setup.done")}</Alert>
        <Link to="/account" className={buttonClasses("secondary")}>
          {t("auth.account.title")}
        </Link>
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-xl">
      <PageHeader
        title={t("auth.setup.title")}
        description={t(required ? "auth.setup.required" : "auth.setup.optional")}
      />
      <Card className="space-y-6">
        {retry?.problem ? <Alert tone="error">{t(retry.problem.key, retry.problem.vars)}</Alert> : null}
        <div className="space-y-3">
          <p className="text-sm text-slate-700">{t("auth.setup.scan")}</p>
          <img src={enrolment.qrCodeDataUri} alt={t("auth.setup.qrAlt")} width={200} height={200} className="mx-auto" />
          <p className="text-sm text-slate-700">{t("auth.setup.manualKey")}</p>
          <p className="break-all rounded bg-slate-100 px-3 py-2 text-center font-mono" data-testid="totp-secret">
            {enrolment.secret}
          </p>
        </div>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="secret" value={enrolment.secret} />
          <p className="text-sm text-slate-700">{t("auth.setup.confirm")}</p>
          <TextField
            key={fields.code.key}
            id={fields.code.id}
            name={fields.code.name}
            label={t("auth.field.totpCode")}
            errors={translateErrors(t, fields.code.errors)}
            {...TOTP_INPUT_ATTRIBUTES}
            autoFocus
            required
          />
          <Button type="submit" className="w-full">
            {t("auth.setup.submit")}
          </Button>
        </Form>
        {halfSignedIn ? (
          <Form method="post" action="/sign-out">
            <Button type="submit" variant="ghost">
              {t("auth.cancelSignIn")}
            </Button>
          </Form>
        ) : null}
      </Card>
    </div>
  );
}
