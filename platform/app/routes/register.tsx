import { getFormProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Alert, Button, Card, PageHeader, TextField } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { InputHTMLAttributes } from "react";
import { tooManyAttempts, translateErrors } from "~/modules/accounts/auth-forms";
import { PASSWORD_FIELDS, registrationSchema } from "~/modules/accounts/registration-schema";
import { registerPhysician, serverRegistrationSchema } from "~/modules/accounts/registration.server";
import { localeFromRequest } from "~/modules/i18n/locale.server";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import type { RootData } from "~/root";

const SENT_PAGE = "/register?sent=1";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("registration.title")} | ${t("app.name")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  return { sent: new URL(request.url).searchParams.has("sent") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: serverRegistrationSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: PASSWORD_FIELDS }), problem: null }, { status: 400 });
  }
  const outcome = await registerPhysician(context.services, {
    form: submission.value,
    locale: localeFromRequest(request),
    meta: context.requestMeta,
  });
  if (outcome.status === "rate_limited") {
    return data(
      { result: submission.reply({ hideFields: PASSWORD_FIELDS }), problem: tooManyAttempts(outcome.retryAfterSeconds) },
      { status: 429 },
    );
  }
  // the same answer whether or not the address was registered already
  return redirect(SENT_PAGE);
}

export default function Register() {
  const { sent } = useLoaderData<typeof loader>();
  return sent ? <CheckYourInbox /> : <RegistrationForm />;
}

function CheckYourInbox() {
  const t = useT();
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title={t("registration.sent.title")} />
      <Card>
        <p>{t("registration.sent.body")}</p>
      </Card>
    </div>
  );
}

function RegistrationForm() {
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const t = useT();
  const [form, fields] = useForm({
    id: "registration",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registrationSchema }),
  });
  const problem = actionData?.problem;
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t("registration.title")} description={t("registration.lead")} />
      <Card className="space-y-6">
        {problem ? (
          <Alert tone="error">{t(problem.key, problem.vars)}</Alert>
        ) : actionData ? (
          <Alert tone="error">{t("error.generic")}</Alert>
        ) : null}
        <Form method="post" {...getFormProps(form)} className="space-y-8">
          <fieldset className="space-y-4">
            <legend className="mb-2 text-base font-semibold text-slate-900">{t("registration.section.profile")}</legend>
            <Field field={fields.nameKanji} label="registration.field.nameKanji" autoComplete="name" />
            <Field field={fields.nameKana} label="registration.field.nameKana" hint="registration.hint.nameKana" />
            <Field field={fields.institution} label="registration.field.institution" autoComplete="organization" />
            <Field field={fields.department} label="registration.field.department" />
            <Field
              field={fields.licenceNumber}
              label="registration.field.licenceNumber"
              hint="registration.hint.licenceNumber"
              inputMode="numeric"
              autoComplete="off"
            />
          </fieldset>
          <fieldset className="space-y-4">
            <legend className="mb-2 text-base font-semibold text-slate-900">{t("registration.section.account")}</legend>
            <Field field={fields.email} label="registration.field.email" hint="registration.hint.email" type="email" autoComplete="email" spellCheck={false} />
            <Field field={fields.password} label="registration.field.password" hint="registration.hint.password" type="password" autoComplete="new-password" />
            <Field field={fields.passwordConfirm} label="registration.field.passwordConfirm" type="password" autoComplete="new-password" />
          </fieldset>
          <Button type="submit" disabled={submitting}>{t("registration.submit")}</Button>
        </Form>
      </Card>
    </div>
  );
}

type FieldProps = {
  field: FieldMetadata<string>;
  label: MessageKey;
  hint?: MessageKey;
} & Pick<InputHTMLAttributes<HTMLInputElement>, "type" | "autoComplete" | "inputMode" | "spellCheck">;

/** One labelled input bound to its conform field, with its hint and translated errors. */
function Field({ field, label, hint, ...input }: FieldProps) {
  const t = useT();
  return (
    <TextField
      key={field.key}
      id={field.id}
      name={field.name}
      defaultValue={field.initialValue}
      label={t(label)}
      hint={hint ? t(hint) : undefined}
      errors={translateErrors(t, field.errors)}
      required
      {...input}
    />
  );
}
