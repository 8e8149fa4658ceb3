CREATE TABLE "imaging_case_keys" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"uid_secret" text NOT NULL,
	"date_offset_days" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imaging_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"manifest_id" uuid,
	"content_type" text NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imaging_instances" (
	"id" uuid PRIMARY KEY NOT NULL,
	"series_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"sop_instance_uid" text NOT NULL,
	"sop_class_uid" text NOT NULL,
	"transfer_syntax_uid" text NOT NULL,
	"instance_number" integer,
	"number_of_frames" integer NOT NULL,
	"rows" integer,
	"columns" integer,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"frames" jsonb,
	"metadata" jsonb NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imaging_manifest_files" (
	"manifest_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"study_instance_uid" text,
	"series_instance_uid" text,
	"sop_instance_uid" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"refusal_reason" text,
	"received_at" timestamp with time zone,
	CONSTRAINT "imaging_manifest_files_manifest_id_position_pk" PRIMARY KEY("manifest_id","position")
);
--> statement-breakpoint
CREATE TABLE "imaging_manifests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"uploaded_by" text NOT NULL,
	"date_mode" text NOT NULL,
	"file_count" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imaging_series" (
	"id" uuid PRIMARY KEY NOT NULL,
	"study_id" uuid NOT NULL,
	"series_instance_uid" text NOT NULL,
	"modality" text,
	"description" text,
	"series_number" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imaging_studies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"study_instance_uid" text NOT NULL,
	"study_date" text,
	"description" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "imaging_case_keys" ADD CONSTRAINT "imaging_case_keys_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_documents" ADD CONSTRAINT "imaging_documents_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_documents" ADD CONSTRAINT "imaging_documents_manifest_id_imaging_manifests_id_fk" FOREIGN KEY ("manifest_id") REFERENCES "public"."imaging_manifests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_documents" ADD CONSTRAINT "imaging_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_instances" ADD CONSTRAINT "imaging_instances_series_id_imaging_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."imaging_series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_instances" ADD CONSTRAINT "imaging_instances_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_instances" ADD CONSTRAINT "imaging_instances_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_manifest_files" ADD CONSTRAINT "imaging_manifest_files_manifest_id_imaging_manifests_id_fk" FOREIGN KEY ("manifest_id") REFERENCES "public"."imaging_manifests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_manifests" ADD CONSTRAINT "imaging_manifests_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_manifests" ADD CONSTRAINT "imaging_manifests_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_series" ADD CONSTRAINT "imaging_series_study_id_imaging_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."imaging_studies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging_studies" ADD CONSTRAINT "imaging_studies_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imaging_documents_case_idx" ON "imaging_documents" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "imaging_instances_series_uid_idx" ON "imaging_instances" USING btree ("series_id","sop_instance_uid");--> statement-breakpoint
CREATE INDEX "imaging_instances_case_sop_idx" ON "imaging_instances" USING btree ("case_id","sop_instance_uid");--> statement-breakpoint
CREATE INDEX "imaging_manifest_files_study_idx" ON "imaging_manifest_files" USING btree ("study_instance_uid");--> statement-breakpoint
CREATE INDEX "imaging_manifests_case_idx" ON "imaging_manifests" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "imaging_series_study_uid_idx" ON "imaging_series" USING btree ("study_id","series_instance_uid");--> statement-breakpoint
CREATE UNIQUE INDEX "imaging_studies_case_uid_idx" ON "imaging_studies" USING btree ("case_id","study_instance_uid");