import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Button, Card, PageHeader, Alert, TextField } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { signInSchema, translateErrors, tooManyAttempts, type FormProblem } from "~/modules/accounts/auth-forms";
import { signInWithPassword, type SignInNext } from "~/modules/accounts/sign-in.server";
import { useT } from "~/modules/i18n/use-translation";
import { getSignedIn, safeRedirectPath } from "~/modules/session/session.server";

function redirectTarget(request: Request): string {
  return safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
}

function destination(next: SignInNext, redirectTo: string): string {
  if (next === "totp_setup") return "/account/totp-setup";
  if (next === "second_factor") {
    return redirectTo === "/" ? "/sign-in/totp" : `/sign-in/totp?redirectTo=${encodeURIComponent(redirectTo)}`;
  }
  return redirectTo;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getSignedIn(request, context)) throw redirect(redirectTarget(request));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: signInSchema });
  // the password is never sent back into the page
  const reply = (problem: FormProblem | null, status: number) =>
    data({ result: submission.reply({ hideFields: ["password"] }), problem }, { status });
  if (submission.status !== "success") return reply(null, 400);

  const outcome = await signInWithPassword(request, context, submission.value);
  switch (outcome.kind) {
    case "success":
      return redirect(destination(outcome.next, redirectTarget(request)), { headers: { "Set-Cookie": outcome.cookie } });
    case "rate_limited":
      return reply(tooManyAttempts(outcome.retryAfterSeconds), 429);
    case "invalid_credentials":
      return reply({ key: "auth.signIn.invalid" }, 401);
    case "email_unverified":
      return reply({ key: "auth.signIn.emailUnverified" }, 403);
    case "refused":
      return reply({ key: "auth.signIn.refused" }, 403);
  }
}

export default function SignIn() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    id: "sign-in",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema }),
  });
  const problem = actionData?.problem;
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title={t("auth.signIn.title")} description={t("auth.signIn.lead")} />
      <Card className="space-y-4">
        {problem ? <Alert tone="error">{t(problem.key, problem.vars)}</Alert> : null}
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <TextField
            key={fields.email.key}
            id={fields.email.id}
            name={fields.email.name}
            defaultValue={fields.email.initialValue}
            label={t("auth.field.email")}
            errors={translateErrors(t, fields.email.errors)}
            type="email"
            autoComplete="username"
            autoFocus
            required
          />
          <TextField
            key={fields.password.key}
            id={fields.password.id}
            name={fields.password.name}
            label={t("auth.field.password")}
            errors={translateErrors(t, fields.password.errors)}
            type="password"
            autoComplete="current-password"
            required
          />
          <Button type="submit" className="w-full">
            {t("auth.signIn.submit")}
          </Button>
        </Form>
        <p className="text-sm text-slate-600">
          {t("auth.signIn.noAccount")}{" "}
          <Link to="/register" className="font-medium text-teal-800 underline">
            {t("nav.register")}
          </Link>
        </p>
      </Card>
    </div>
  );
}
