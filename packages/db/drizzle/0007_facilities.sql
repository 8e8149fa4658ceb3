CREATE TABLE "facilities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plugin_id" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"prefecture" text NOT NULL,
	"city" text NOT NULL,
	"notes" text NOT NULL,
	"accepts_referrals" boolean NOT NULL,
	"contact_url" text,
	"updated_by" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "facilities_plugin_name_idx" ON "facilities" USING btree ("plugin_id","name");--> statement-breakpoint
CREATE INDEX "facilities_plugin_prefecture_idx" ON "facilities" USING btree ("plugin_id","prefecture");