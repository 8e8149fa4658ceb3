import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.js";
import { cases } from "./consultations.js";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** What an upload may carry: DICOM instances (de-identified in the browser), key images and PDF reports. */
export const IMAGING_FILE_KINDS = ["dicom", "image/jpeg", "image/png", "application/pdf"] as const;
export type ImagingFileKind = (typeof IMAGING_FILE_KINDS)[number];

export const MANIFEST_FILE_STATUSES = ["pending", "received", "refused"] as const;
export type ManifestFileStatus = (typeof MANIFEST_FILE_STATUSES)[number];

/** How the uploader chose to treat dates: shifted by the case's offset, or kept. */
export const IMAGING_DATE_MODES = ["shift", "keep"] as const;
export type ImagingDateMode = (typeof IMAGING_DATE_MODES)[number];

/**
 * The case's de-identification keys, handed only to the requesting physician's browser: the HMAC
 * secret that remaps UIDs alike in every upload of the case, and the case's date offset. Neither
 * reveals an original value; with them the referring site can re-link its own images.
 */
export const imagingCaseKeys = pgTable("imaging_case_keys", {
  caseId: uuid("case_id")
    .primaryKey()
    .references(() => cases.id, { onDelete: "cascade" }),
  /** 32 random bytes, hex (UidMapJson.secret) */
  uidSecret: text("uid_secret").notNull(),
  dateOffsetDays: integer("date_offset_days").notNull(),
  createdAt: at("created_at").notNull(),
});

/**
 * One upload batch as the browser announced it before sending a byte: every file with its
 * SHA-256. A study is complete only when every file of every manifest naming it has arrived.
 */
export const imagingManifests = pgTable(
  "imaging_manifests",
  {
    id: uuid("id").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    uploadedBy: text("uploaded_by")
      .notNull()
      .references(() => users.id),
    dateMode: text("date_mode", { enum: IMAGING_DATE_MODES }).notNull(),
    fileCount: integer("file_count").notNull(),
    createdAt: at("created_at").notNull(),
  },
  (t) => [index("imaging_manifests_case_idx").on(t.caseId, t.createdAt)],
);

/** One file of a manifest. Holds no file name: names of files on a CD often carry the patient's. */
export const imagingManifestFiles = pgTable(
  "imaging_manifest_files",
  {
    manifestId: uuid("manifest_id")
      .notNull()
      .references(() => imagingManifests.id, { onDelete: "cascade" }),
    /** order within the manifest, from 0 */
    position: integer("position").notNull(),
    kind: text("kind", { enum: IMAGING_FILE_KINDS }).notNull(),
    /** hex SHA-256 of the bytes the browser will send (after de-identification) */
    sha256: text("sha256").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    /** the de-identified UIDs, for DICOM files */
    studyInstanceUid: text("study_instance_uid"),
    seriesInstanceUid: text("series_instance_uid"),
    sopInstanceUid: text("sop_instance_uid"),
    status: text("status", { enum: MANIFEST_FILE_STATUSES }).notNull().default("pending"),
    /** a reason code, never file content: sha256_mismatch, not_dicom, identifying_data, ... */
    refusalReason: text("refusal_reason"),
    receivedAt: at("received_at"),
  },
  (t) => [primaryKey({ columns: [t.manifestId, t.position] }), index("imaging_manifest_files_study_idx").on(t.studyInstanceUid)],
);

export const imagingStudies = pgTable(
  "imaging_studies",
  {
    id: uuid("id").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    studyInstanceUid: text("study_instance_uid").notNull(),
    /** DICOM DA as stored (shifted or kept), e.g. 20260412 */
    studyDate: text("study_date"),
    description: text("description"),
    createdAt: at("created_at").notNull(),
  },
  (t) => [uniqueIndex("imaging_studies_case_uid_idx").on(t.caseId, t.studyInstanceUid)],
);

export const imagingSeries = pgTable(
  "imaging_series",
  {
    id: uuid("id").primaryKey(),
    studyId: uuid("study_id")
      .notNull()
      .references(() => imagingStudies.id, { onDelete: "cascade" }),
    seriesInstanceUid: text("series_instance_uid").notNull(),
    modality: text("modality"),
    description: text("description"),
    seriesNumber: integer("series_number"),
    createdAt: at("created_at").notNull(),
  },
  (t) => [uniqueIndex("imaging_series_study_uid_idx").on(t.studyId, t.seriesInstanceUid)],
);

/** Where one frame's bytes lie in the stored file: native pixels, or the fragments of its codestream. */
export type StoredFrameLocation = { ranges: Array<{ offset: number; length: number }> };

export const imagingInstances = pgTable(
  "imaging_instances",
  {
    id: uuid("id").primaryKey(),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => imagingSeries.id, { onDelete: "cascade" }),
    /** the series' case, repeated so that every retrieval checks access with one lookup */
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    sopInstanceUid: text("sop_instance_uid").notNull(),
    sopClassUid: text("sop_class_uid").notNull(),
    transferSyntaxUid: text("transfer_syntax_uid").notNull(),
    instanceNumber: integer("instance_number"),
    numberOfFrames: integer("number_of_frames").notNull(),
    rows: integer("rows"),
    columns: integer("columns"),
    /** the de-identified file in the blob store */
    sha256: text("sha256").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    /** null when the frames cannot be located (then only whole-instance retrieval works) */
    frames: jsonb("frames").$type<StoredFrameLocation[] | null>(),
    /** the DICOM JSON model (PS3.18 F.2) of the instance without bulk data, served as WADO-RS metadata */
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull(),
    uploadedBy: text("uploaded_by")
      .notNull()
      .references(() => users.id),
    createdAt: at("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("imaging_instances_series_uid_idx").on(t.seriesId, t.sopInstanceUid),
    index("imaging_instances_case_sop_idx").on(t.caseId, t.sopInstanceUid),
  ],
);

/** Key images (JPEG/PNG) and PDF reports sent with imaging: not de-identifiable, so the uploader confirms them. */
export const imagingDocuments = pgTable(
  "imaging_documents",
  {
    id: uuid("id").primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    manifestId: uuid("manifest_id").references(() => imagingManifests.id, { onDelete: "set null" }),
    contentType: text("content_type", { enum: ["image/jpeg", "image/png", "application/pdf"] }).notNull(),
    sha256: text("sha256").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    uploadedBy: text("uploaded_by")
      .notNull()
      .references(() => users.id),
    createdAt: at("created_at").notNull(),
  },
  (t) => [index("imaging_documents_case_idx").on(t.caseId, t.createdAt)],
);
