import { Alert, Button, TextArea, TextField } from "@consult/ui";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { MessageKey } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_MESSAGE, MESSAGE_BODY_MAX_LENGTH } from "./limits";

/** Why the server refused a message, with the text to put back into the form. */
export type MessageRefusal = { problem: MessageKey; vars?: Record<string, string | number>; body: string };

const ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

/**
 * The form to write to a thread: a multipart post that works without JavaScript. With it, the
 * limits are checked before anything is sent and the form empties once the message is posted.
 */
export function MessageForm({ refusal }: { refusal: MessageRefusal | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const [checkProblem, setCheckProblem] = useState<string | null>(null);
  const sending = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";

  const wasSending = useRef(false);
  useEffect(() => {
    if (sending) wasSending.current = true;
    else if (navigation.state === "idle" && wasSending.current) {
      wasSending.current = false;
      if (!refusal) formRef.current?.reset();
    }
  }, [sending, navigation.state, refusal]);

  const check = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const files = [...((form.elements.namedItem("attachment") as HTMLInputElement).files ?? [])];
    const body = (form.elements.namedItem("body") as HTMLTextAreaElement).value.trim();
    const tooLarge = files.find((file) => file.size > ATTACHMENT_MAX_BYTES);
    const problem =
      files.length > ATTACHMENTS_PER_MESSAGE
        ? t("messages.error.tooManyFiles")
        : tooLarge
          ? t("messages.error.fileTooLarge", { name: tooLarge.name })
          : body === "" && files.length === 0
            ? t("messages.error.empty")
            : null;
    setCheckProblem(problem);
    if (problem) event.preventDefault();
  };

  const problem = checkProblem ?? (refusal ? t(refusal.problem, refusal.vars) : null);
  return (
    <Form ref={formRef} method="post" encType="multipart/form-data" onSubmit={check} className="space-y-4" aria-labelledby="message-form-title">
      <h2 id="message-form-title" className="text-lg font-semibold text-slate-900">{t("messages.form.title")}</h2>
      {problem ? <Alert tone="error">{problem}</Alert> : null}
      <TextArea
        id="message-body"
        name="body"
        rows={5}
        maxLength={MESSAGE_BODY_MAX_LENGTH}
        defaultValue={refusal?.body}
        label={t("messages.form.body")}
        hint={t("messages.form.bodyHint")}
      />
      <TextField
        id="message-attachments"
        name="attachment"
        type="file"
        multiple
        accept={ACCEPT}
        label={t("messages.form.files")}
        hint={t("messages.form.filesHint")}
        className="ring-0 shadow-none"
      />
      <Button type="submit" disabled={sending}>{sending ? t("messages.form.sending") : t("messages.form.send")}</Button>
    </Form>
  );
}
