import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { cx } from "./cx";

const CONTROL =
  "block w-full rounded-md border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset placeholder:text-slate-400 " +
  "focus:ring-2 focus:ring-inset focus:ring-teal-700 sm:text-sm";

type FieldFrame = { id: string; label: ReactNode; hint?: ReactNode; errors?: string[] | undefined; required?: boolean };

/** Label, control, hint and errors wired together for screen readers (aria-describedby, aria-invalid). */
function Frame({ id, label, hint, errors, required, children }: FieldFrame & { children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {required ? <span className="ml-1 text-rose-700" aria-hidden="true">*</span> : null}
      </label>
      {children}
      {hint ? <p id={`${id}-hint`} className="text-xs text-slate-500">{hint}</p> : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-rose-700" role="alert">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint: ReactNode, errors?: string[]) {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function ringFor(errors?: string[]) {
  return errors?.length ? "ring-rose-600" : "ring-slate-300";
}

export function TextField({
  id, label, hint, errors, className, required, ...input
}: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  return (
    <Frame id={id} label={label} hint={hint} errors={errors} required={required}>
      <input
        id={id}
        required={required}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={cx(CONTROL, ringFor(errors), className)}
        {...input}
      />
    </Frame>
  );
}

export function TextArea({
  id, label, hint, errors, className, required, ...textarea
}: FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">) {
  return (
    <Frame id={id} label={label} hint={hint} errors={errors} required={required}>
      <textarea
        id={id}
        required={required}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={cx(CONTROL, ringFor(errors), className)}
        {...textarea}
      />
    </Frame>
  );
}

export function SelectField({
  id, label, hint, errors, className, required, children, ...select
}: FieldFrame & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id">) {
  return (
    <Frame id={id} label={label} hint={hint} errors={errors} required={required}>
      <select
        id={id}
        required={required}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={cx(CONTROL, ringFor(errors), "bg-white", className)}
        {...select}
      >
        {children}
      </select>
    </Frame>
  );
}
