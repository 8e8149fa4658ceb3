import { Button, cx } from "@consult/ui";
import { useId, useRef, useState, type DragEvent } from "react";
import { useT } from "~/modules/i18n/use-translation";
import { collectDroppedFiles, filesOf } from "./collect-files";
import type { ScanInput } from "./scan";

/** What the file picker offers; DICOM files on a CD often have no extension, so "all files" stays one click away. */
const ACCEPTED = ".dcm,.dicom,.zip,.jpg,.jpeg,.png,.pdf,application/dicom,application/zip,image/jpeg,image/png,application/pdf";

/** Chromium, WebKit and Firefox all understand webkitdirectory; React's types do not know it. */
const FOLDER_PICKER = { webkitdirectory: "", directory: "" } as Record<string, string>;

/**
 * Where the uploader hands over a CD's folder or a zip: drag and drop, or two buttons for the file pickers (the inputs
 * stay in the page, visually hidden and labelled, for keyboard, assistive technology and automated tests).
 */
export function DropZone({ disabled, onFiles }: { disabled: boolean; onFiles: (inputs: Promise<ScanInput[]>) => void }) {
  const t = useT();
  const hintId = useId();
  const [dragging, setDragging] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);

  const take = (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    input.value = ""; // choosing the same folder again must fire change again
    if (files.length > 0) onFiles(Promise.resolve(filesOf(files)));
  };
  const over = (event: DragEvent) => {
    event.preventDefault();
    if (disabled) return;
    event.dataTransfer.dropEffect = "copy";
    setDragging(true);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!disabled) onFiles(collectDroppedFiles(event.dataTransfer));
  };

  return (
    <section
      aria-labelledby={`${hintId}-title`}
      aria-describedby={hintId}
      onDragOver={over}
      onDragEnter={over}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
      className={cx(
        "rounded-lg border-2 border-dashed p-8 text-center transition-colors",
        dragging ? "border-teal-600 bg-teal-50" : "border-slate-300 bg-white",
        disabled && "opacity-60",
      )}
      data-testid="image-drop-zone"
    >
      <h2 id={`${hintId}-title`} className="text-base font-semibold text-slate-900">
        {t("imagingUpload.drop.title")}
      </h2>
      <p id={hintId} className="mx-auto mt-2 max-w-2xl text-sm text-slate-600">
        {t("imagingUpload.drop.hint")}
      </p>
      <div className="mt-4 flex flex-wrap justify-center gap-3">
        <Button disabled={disabled} onClick={() => folderInput.current?.click()}>
          {t("imagingUpload.drop.chooseFolder")}
        </Button>
        <Button variant="secondary" disabled={disabled} onClick={() => filesInput.current?.click()}>
          {t("imagingUpload.drop.chooseFiles")}
        </Button>
      </div>
      <input
        ref={folderInput}
        type="file"
        multiple
        {...FOLDER_PICKER}
        className="sr-only"
        tabIndex={-1}
        aria-label={t("imagingUpload.drop.folderInput")}
        disabled={disabled}
        onChange={(event) => take(event.currentTarget)}
        data-testid="image-folder-input"
      />
      <input
        ref={filesInput}
        type="file"
        multiple
        accept={ACCEPTED}
        className="sr-only"
        tabIndex={-1}
        aria-label={t("imagingUpload.drop.filesInput")}
        disabled={disabled}
        onChange={(event) => take(event.currentTarget)}
        data-testid="image-files-input"
      />
    </section>
  );
}
