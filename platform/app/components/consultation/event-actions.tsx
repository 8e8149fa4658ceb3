import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { AnyDiseasePlugin } from "@consult/plugin-sdk";
import { Alert, Button, Card, SelectField, TextArea, type ButtonVariant } from "@consult/ui";
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { translateFieldErrors } from "~/components/plugin-form/form-errors";
import { PluginFormFields } from "~/components/plugin-form/plugin-form-fields";
import { usePluginForm } from "~/components/plugin-form/use-plugin-form";
import type { UserEventType } from "~/modules/consultations/event-input";
import type { MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { eventFormSchema } from "./event-form-schema";

/** A panel member the case can be assigned to, as the page shows them. */
type AssignableConsultant = { userId: string; name: string; institutionId: string };

/** What the case page's action answers when an event was not applied. */
export type EventActionData = { type: string; result?: SubmissionResult<string[]>; problem: MessageKey | null };

/** The order the case page offers actions in: the usual next step first, ending or leaving last. */
const ACTION_ORDER: UserEventType[] = [
  "ASSIGN",
  "REASSIGN",
  "ACCEPT",
  "ANSWER",
  "PROVIDE_INFO",
  "FOLLOW_UP",
  "REQUEST_INFO",
  "DECLINE",
  "CLOSE",
  "WITHDRAW",
];

type Props = {
  plugin: AnyDiseasePlugin;
  allowedEvents: UserEventType[];
  assignable: AssignableConsultant[];
  actionData: EventActionData | undefined;
};

/** Exactly the events the viewer may send now, each as its own form that works without JavaScript. */
export function EventActions({ plugin, allowedEvents, assignable, actionData }: Props) {
  const t = useT();
  const resultFor = (type: UserEventType) => (actionData?.type === type ? actionData.result : undefined);
  const actions = ACTION_ORDER.filter((type) => allowedEvents.includes(type));
  return (
    <div className="space-y-4">
      {actionData?.problem ? <Alert tone="error">{t(actionData.problem)}</Alert> : null}
      {actions.map((type) => {
        switch (type) {
          case "ANSWER":
            return <AnswerForm key={type} plugin={plugin} lastResult={resultFor(type)} />;
          case "ASSIGN":
          case "REASSIGN":
            return <AssignForm key={type} type={type} plugin={plugin} assignable={assignable} lastResult={resultFor(type)} />;
          case "REQUEST_INFO":
          case "PROVIDE_INFO":
          case "FOLLOW_UP":
            return <TextEventForm key={type} type={type} field="message" lastResult={resultFor(type)} />;
          case "DECLINE":
            return <TextEventForm key={type} type={type} field="reason" lastResult={resultFor(type)} variant="secondary" />;
          case "ACCEPT":
            return <ButtonEventForm key={type} type={type} variant="primary" />;
          case "CLOSE":
            return <ButtonEventForm key={type} type={type} variant="secondary" />;
          case "WITHDRAW":
            return <ButtonEventForm key={type} type={type} variant="danger" />;
          default:
            return null;
        }
      })}
    </div>
  );
}

function ActionCard({ type, children }: { type: UserEventType; children: ReactNode }) {
  const t = useT();
  const headingId = `action-${type}`;
  return (
    <Card aria-labelledby={headingId} className="space-y-3">
      <h3 id={headingId} className="text-base font-semibold">{t(`case.action.${type}.title` as MessageKey)}</h3>
      <p className="text-sm text-slate-600">{t(`case.action.${type}.help` as MessageKey)}</p>
      {children}
    </Card>
  );
}

function useEventForm(type: UserEventType, lastResult: SubmissionResult<string[]> | undefined) {
  return useForm<Record<string, string>>({
    id: `case-event-${type}`,
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eventFormSchema }),
  });
}

function SubmitButton({ type, variant = "primary" }: { type: UserEventType; variant?: ButtonVariant }) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  return (
    <Button type="submit" variant={variant} disabled={busy}>
      {t(`case.action.${type}.submit` as MessageKey)}
    </Button>
  );
}

function TextEventForm({
  type,
  field,
  lastResult,
  variant,
}: {
  type: UserEventType;
  field: "message" | "reason";
  lastResult: SubmissionResult<string[]> | undefined;
  variant?: ButtonVariant;
}) {
  const t = useT();
  const [form, fields] = useEventForm(type, lastResult);
  const meta = fields[field]!;
  return (
    <ActionCard type={type}>
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <input type="hidden" name="type" value={type} />
        <TextArea
          key={meta.key}
          id={meta.id}
          name={meta.name}
          defaultValue={meta.initialValue}
          label={t(`case.action.${type}.label` as MessageKey)}
          errors={translateFieldErrors(t, meta.errors)}
          rows={4}
          required
        />
        <SubmitButton type={type} variant={variant} />
      </Form>
    </ActionCard>
  );
}

function AssignForm({
  type,
  plugin,
  assignable,
  lastResult,
}: {
  type: "ASSIGN" | "REASSIGN";
  plugin: AnyDiseasePlugin;
  assignable: AssignableConsultant[];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const t = useT();
  const locale = useLocale();
  const institution = (id: string) => plugin.roster.institutions.find((i) => i.id === id)?.name[locale] ?? id;
  const [form, fields] = useEventForm(type, lastResult);
  const meta = fields.consultantId!;
  if (assignable.length === 0) {
    return (
      <ActionCard type={type}>
        <p className="text-sm text-slate-700">{t("case.action.assign.nobody")}</p>
      </ActionCard>
    );
  }
  return (
    <ActionCard type={type}>
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <input type="hidden" name="type" value={type} />
        <SelectField
          key={meta.key}
          id={meta.id}
          name={meta.name}
          defaultValue={meta.initialValue ?? ""}
          label={t("case.action.assign.label")}
          errors={translateFieldErrors(t, meta.errors)}
          required
        >
          <option value="">{t("form.choose")}</option>
          {assignable.map((member) => (
            <option key={member.userId} value={member.userId}>
              {t("case.person", { name: member.name, institution: institution(member.institutionId) })}
            </option>
          ))}
        </SelectField>
        <SubmitButton type={type} />
      </Form>
    </ActionCard>
  );
}

function ButtonEventForm({ type, variant }: { type: UserEventType; variant: ButtonVariant }) {
  return (
    <ActionCard type={type}>
      <Form method="post">
        <input type="hidden" name="type" value={type} />
        <SubmitButton type={type} variant={variant} />
      </Form>
    </ActionCard>
  );
}

function AnswerForm({ plugin, lastResult }: { plugin: AnyDiseasePlugin; lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT();
  const { form, values, defaults } = usePluginForm({ id: "case-event-ANSWER", definition: plugin.answer, lastResult });
  return (
    <ActionCard type="ANSWER">
      {form.status === "error" ? <Alert tone="error">{t("form.errorSummary")}</Alert> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <input type="hidden" name="type" value="ANSWER" />
        <input type="hidden" name="pluginId" value={plugin.id} />
        <PluginFormFields formId={form.id} layout={plugin.answer.layout} values={values} defaults={defaults} errors={form.allErrors} />
        <SubmitButton type="ANSWER" />
      </Form>
    </ActionCard>
  );
}
