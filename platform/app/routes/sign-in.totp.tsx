import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Alert, Button, Card, PageHeader, TextField } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import {
  secondFactorSchema,
  tooManyAttempts,
  TOTP_INPUT_ATTRIBUTES,
  translateErrors,
  type FormProblem,
} from "~/modules/accounts/auth-forms";
import { completeSecondFactor, type SecondFactorMethod } from "~/modules/accounts/second-factor.server";
import { useT } from "~/modules/i18n/use-translation";
import { requirePendingSecondFactor, safeRedirectPath } from "~/modules/session/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePendingSecondFactor(request, context);
  return null;
}

type ActionData = { method: SecondFactorMethod; result: SubmissionResult<string[]>; problem: FormProblem | null };

export async function action({ request, context }: ActionFunctionArgs) {
  const signedIn = await requirePendingSecondFactor(request, context);
  const submission = parseWithZod(await request.formData(), { schema: secondFactorSchema });
  const method: SecondFactorMethod = submission.payload.method === "recovery_code" ? "recovery_code" : "totp";
  // codes are never sent back into the page
  const reply = (problem: FormProblem | null, status: number) =>
    data<ActionData>({ method, result: submission.reply({ hideFields: ["code"] }), problem }, { status });
  if (submission.status !== "success") return reply(null, 400);

  const outcome = await completeSecondFactor(request, context, signedIn, submission.value);
  switch (outcome.kind) {
    case "verified": {
      const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
      return redirect(redirectTo, { headers: { "Set-Cookie": outcome.cookie } });
    }
    case "rate_limited":
      return reply(tooManyAttempts(outcome.retryAfterSeconds), 429);
    case "invalid_code":
      return reply({ key: "auth.totp.invalid" }, 401);
  }
}

function useCodeForm(method: SecondFactorMethod, actionData: ActionData | undefined) {
  return useForm({
    id: `second-factor-${method}`,
    lastResult: actionData?.method === method ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: secondFactorSchema }),
  });
}

export default function SecondFactor() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [totpForm, totpFields] = useCodeForm("totp", actionData);
  const [recoveryForm, recoveryFields] = useCodeForm("recovery_code", actionData);
  const problem = actionData?.problem;
  const recoveryTried = actionData?.method === "recovery_code";
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title={t("auth.totp.title")} description={t("auth.totp.lead")} />
      <Card className="space-y-6">
        {problem ? <Alert tone="error">{t(problem.key, problem.vars)}</Alert> : null}
        <Form method="post" {...getFormProps(totpForm)} className="space-y-4">
          <input type="hidden" name="method" value="totp" />
          <TextField
            key={totpFields.code.key}
            id={totpFields.code.id}
            name={totpFields.code.name}
            label={t("auth.field.totpCode")}
            hint={t("auth.field.totpCodeHint")}
            errors={translateErrors(t, totpFields.code.errors)}
            {...TOTP_INPUT_ATTRIBUTES}
            autoFocus={!recoveryTried}
            required
          />
          <Button type="submit" className="w-full">
            {t("auth.totp.submit")}
          </Button>
        </Form>
        <details open={recoveryTried} className="rounded-md border border-slate-200 p-4">
          <summary className="cursor-pointer text-sm font-medium text-teal-800">{t("auth.totp.useRecoveryCode")}</summary>
          <Form method="post" {...getFormProps(recoveryForm)} className="mt-4 space-y-4">
            <input type="hidden" name="method" value="recovery_code" />
            <p className="text-sm text-slate-600">{t("auth.totp.recoveryLead")}</p>
            <TextField
              key={recoveryFields.code.key}
              id={recoveryFields.code.id}
              name={recoveryFields.code.name}
              label={t("auth.field.recoveryCode")}
              hint={t("auth.field.recoveryCodeHint")}
              errors={translateErrors(t, recoveryFields.code.errors)}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              autoFocus={recoveryTried}
              required
            />
            <Button type="submit" variant="secondary" className="w-full">
              {t("auth.totp.recoverySubmit")}
            </Button>
          </Form>
        </details>
        <Form method="post" action="/sign-out">
          <Button type="submit" variant="ghost">
            {t("auth.cancelSignIn")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
