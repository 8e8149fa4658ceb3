import type { ScanInput } from "./scan";

/**
 * The files of a drop: folders are walked recursively (DataTransferItem.webkitGetAsEntry), files and zips taken as
 * they are. Must be called synchronously in the drop handler: the entries vanish once the event has been handled.
 */
export function collectDroppedFiles(transfer: DataTransfer): Promise<ScanInput[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry()).filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return Promise.resolve(filesOf([...transfer.files]));
  return Promise.all(entries.map(walk)).then((lists) => lists.flat());
}

/** The files of an <input type="file">, with their folder paths when a folder was chosen. */
export function filesOf(files: File[]): ScanInput[] {
  return files.map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

async function walk(entry: FileSystemEntry): Promise<ScanInput[]> {
  if (isFile(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    return [{ file, path: entry.fullPath.replace(/^\//, "") }];
  }
  if (!isDirectory(entry)) return [];
  const children = await readAll(entry.createReader());
  return (await Promise.all(children.map(walk))).flat();
}

/** readEntries answers in batches (about 100 in Chromium) until it answers an empty one. */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}
