CREATE TABLE "answer_ratings" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"rated_by" text NOT NULL,
	"score" smallint NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "answer_ratings_score_range" CHECK ("answer_ratings"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "case_outcomes" (
	"case_id" uuid NOT NULL,
	"follow_up_month" integer NOT NULL,
	"surgery_done" text NOT NULL,
	"resection" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_outcomes_case_id_follow_up_month_pk" PRIMARY KEY("case_id","follow_up_month"),
	CONSTRAINT "case_outcomes_follow_up_month" CHECK ("case_outcomes"."follow_up_month" in (3, 6, 12)),
	CONSTRAINT "case_outcomes_resection_if_operated" CHECK (("case_outcomes"."surgery_done" = 'yes') = ("case_outcomes"."resection" <> 'not_applicable'))
);
--> statement-breakpoint
ALTER TABLE "answer_ratings" ADD CONSTRAINT "answer_ratings_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_ratings" ADD CONSTRAINT "answer_ratings_rated_by_users_id_fk" FOREIGN KEY ("rated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_outcomes" ADD CONSTRAINT "case_outcomes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_outcomes" ADD CONSTRAINT "case_outcomes_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;