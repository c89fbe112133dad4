// The Askbot 0.13 schema (Django 4.2 fresh migrate) for sqlite, copied verbatim from the schema contract
// (shared/askbot/schema.sqlite.sql) so the app and CLI can create demo databases without the shared folder.
// Regenerate with `npm run ddl:sync` when the contract changes; `npm run ddl:check` (run by .ci/run) checks they match.
export const SQLITE_DDL = String.raw`-- Minimal stand-ins for two tables that the tables below reference but analytics never reads.
-- A real Askbot database has the full tables (django_site: id, domain, name; askbot_postrevision: many columns).
CREATE TABLE "django_site" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "domain" varchar(100) NOT NULL UNIQUE, "name" varchar(50) NOT NULL);
CREATE TABLE "askbot_postrevision" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT);

-- Text as it would appear in sqlite_master after all table rebuilds (whitespace added for reading;
-- Django writes each CREATE TABLE on one line). Column order differs from PostgreSQL in
-- auth_user, activity and askbot_event (see notes §3.1 item 4). No tsvector columns/triggers on SQLite.
-- Inline UNIQUE columns get automatic indexes named sqlite_autoindex_<table>_<n>.
-- AUTOINCREMENT creates the internal table sqlite_sequence.

-- django.contrib.contenttypes 0001+0002 (column "name" dropped in 0002)
CREATE TABLE "django_content_type" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "app_label" varchar(100) NOT NULL,
    "model" varchar(100) NOT NULL
);
CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq" ON "django_content_type" ("app_label", "model");

-- django.contrib.auth 0001..0012 (name max_length 150 since auth 0010)
CREATE TABLE "auth_group" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" varchar(150) NOT NULL UNIQUE
);

-- django.contrib.auth 0001..0012 (username/first_name/last_name 150, email 254, last_login NULL)
CREATE TABLE "auth_user" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "password" varchar(128) NOT NULL,
    "last_login" datetime NULL,
    "is_superuser" bool NOT NULL,
    "username" varchar(150) NOT NULL UNIQUE,
    "last_name" varchar(150) NOT NULL,
    "email" varchar(254) NOT NULL,
    "is_staff" bool NOT NULL,
    "is_active" bool NOT NULL,
    "date_joined" datetime NOT NULL,
    "first_name" varchar(150) NOT NULL
);

-- auto-created M2M for User.groups (auth 0001). id type: integer if settings.DEFAULT_AUTO_FIELD=AutoField at migrate time, bigint on PG if BigAutoField (askbot-setup template) -- see notes
CREATE TABLE "auth_user_groups" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX "auth_user_groups_user_id_group_id_94350c0c_uniq" ON "auth_user_groups" ("user_id", "group_id");
CREATE INDEX "auth_user_groups_user_id_6a12ed8b" ON "auth_user_groups" ("user_id");
CREATE INDEX "auth_user_groups_group_id_97559544" ON "auth_user_groups" ("group_id");

-- askbot.models.user.Group(auth.Group) multi-table inheritance; askbot 0001,0015,0017-0021,0029,0030
CREATE TABLE "askbot_group" (
    "group_ptr_id" integer NOT NULL PRIMARY KEY REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED,
    "logo_url" varchar(200) NULL,
    "moderate_email" bool NOT NULL,
    "openness" smallint NOT NULL,
    "preapproved_emails" text NULL,
    "preapproved_email_domains" text NULL,
    "read_only" bool NOT NULL,
    "description_id" integer NULL UNIQUE REFERENCES "askbot_post" ("id") DEFERRABLE INITIALLY DEFERRED,
    "can_post_answers" bool NOT NULL,
    "can_post_comments" bool NOT NULL,
    "can_post_questions" bool NOT NULL,
    "can_upload_attachments" bool NOT NULL,
    "can_upload_images" bool NOT NULL,
    "visibility" smallint NOT NULL,
    "used_for_analytics" bool NOT NULL
);

-- askbot.models.user.GroupMembership (NOT a through model; FK to auth_group, not askbot_group); askbot 0001
CREATE TABLE "askbot_groupmembership" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "level" smallint NOT NULL,
    "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED,
    "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX "askbot_groupmembership_group_id_user_id_3917ef03_uniq" ON "askbot_groupmembership" ("group_id", "user_id");
CREATE INDEX "askbot_groupmembership_group_id_eea109ef" ON "askbot_groupmembership" ("group_id");
CREATE INDEX "askbot_groupmembership_user_id_a6786ed4" ON "askbot_groupmembership" ("user_id");

-- askbot.models.user_profile.UserProfile (holds status); askbot 0001,0005,0011,0015,0025
CREATE TABLE "askbot_userprofile" (
    "auth_user_ptr_id" integer NOT NULL PRIMARY KEY REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "avatar_urls" text NOT NULL,
    "status" varchar(2) NOT NULL,
    "is_fake" bool NOT NULL,
    "email_isvalid" bool NOT NULL,
    "email_key" varchar(32) NULL,
    "reputation" integer unsigned NOT NULL CHECK ("reputation" >= 0),
    "gravatar" varchar(32) NOT NULL,
    "avatar_type" varchar(1) NOT NULL,
    "gold" smallint NOT NULL,
    "silver" smallint NOT NULL,
    "bronze" smallint NOT NULL,
    "last_seen" datetime NOT NULL,
    "real_name" varchar(100) NOT NULL,
    "website" varchar(200) NOT NULL,
    "location" varchar(100) NOT NULL,
    "country" varchar(2) NULL,
    "show_country" bool NOT NULL,
    "date_of_birth" date NULL,
    "interesting_tags" text NOT NULL,
    "ignored_tags" text NOT NULL,
    "subscribed_tags" text NOT NULL,
    "email_signature" text NOT NULL,
    "show_marked_tags" bool NOT NULL,
    "email_tag_filter_strategy" smallint NOT NULL,
    "display_tag_filter_strategy" smallint NOT NULL,
    "new_response_count" integer NOT NULL,
    "seen_response_count" integer NOT NULL,
    "consecutive_days_visit_count" integer NOT NULL,
    "languages" varchar(128) NOT NULL,
    "twitter_access_token" varchar(256) NOT NULL,
    "twitter_handle" varchar(32) NOT NULL,
    "social_sharing_mode" integer NOT NULL,
    "primary_language" varchar(16) NOT NULL,
    "email_is_confidential" bool NOT NULL
);
CREATE INDEX "askbot_userprofile_status_9b08a542" ON "askbot_userprofile" ("status");
CREATE INDEX "askbot_userprofile_reputation_da90bc54" ON "askbot_userprofile" ("reputation");

-- askbot.models.question.Thread; askbot 0001,0008,0023 (points -> db column "score")
CREATE TABLE "askbot_thread" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" varchar(300) NOT NULL,
    "tagnames" varchar(125) NOT NULL,
    "view_count" integer unsigned NOT NULL CHECK ("view_count" >= 0),
    "favourite_count" integer unsigned NOT NULL CHECK ("favourite_count" >= 0),
    "answer_count" integer unsigned NOT NULL CHECK ("answer_count" >= 0),
    "last_activity_at" datetime NOT NULL,
    "language_code" varchar(16) NOT NULL,
    "closed" bool NOT NULL,
    "closed_at" datetime NULL,
    "close_reason" smallint NULL,
    "deleted" bool NOT NULL,
    "approved" bool NOT NULL,
    "added_at" datetime NOT NULL,
    "score" integer NOT NULL,
    "accepted_answer_id" integer NULL REFERENCES "askbot_post" ("id") DEFERRABLE INITIALLY DEFERRED,
    "closed_by_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "last_activity_by_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "close_reason_text" varchar(256) NOT NULL
);
CREATE INDEX "askbot_thread_deleted_bc107bc0" ON "askbot_thread" ("deleted");
CREATE INDEX "askbot_thread_approved_0e108bfb" ON "askbot_thread" ("approved");
CREATE INDEX "askbot_thread_accepted_answer_id_8978bab6" ON "askbot_thread" ("accepted_answer_id");
CREATE INDEX "askbot_thread_closed_by_id_f8de335a" ON "askbot_thread" ("closed_by_id");
CREATE INDEX "askbot_thread_last_activity_by_id_04ea64ee" ON "askbot_thread" ("last_activity_by_id");

-- askbot.models.post.Post (db_table askbot_post); askbot 0001,0008,0022 (points -> db column "score")
CREATE TABLE "askbot_post" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "post_type" varchar(255) NOT NULL,
    "old_question_id" integer unsigned NULL UNIQUE CHECK ("old_question_id" >= 0),
    "old_answer_id" integer unsigned NULL UNIQUE CHECK ("old_answer_id" >= 0),
    "old_comment_id" integer unsigned NULL UNIQUE CHECK ("old_comment_id" >= 0),
    "added_at" datetime NOT NULL,
    "endorsed" bool NOT NULL,
    "endorsed_at" datetime NULL,
    "approved" bool NOT NULL,
    "deleted" bool NOT NULL,
    "deleted_at" datetime NULL,
    "wiki" bool NOT NULL,
    "wikified_at" datetime NULL,
    "locked" bool NOT NULL,
    "locked_at" datetime NULL,
    "score" integer NOT NULL,
    "vote_up_count" integer NOT NULL,
    "vote_down_count" integer NOT NULL,
    "comment_count" integer unsigned NOT NULL CHECK ("comment_count" >= 0),
    "offensive_flag_count" smallint NOT NULL,
    "last_edited_at" datetime NULL,
    "html" text NULL,
    "text" text NULL,
    "language_code" varchar(16) NOT NULL,
    "summary" text NULL,
    "is_anonymous" bool NOT NULL,
    "author_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "current_revision_id" integer NULL REFERENCES "askbot_postrevision" ("id") DEFERRABLE INITIALLY DEFERRED,
    "deleted_by_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "endorsed_by_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "last_edited_by_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "locked_by_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "parent_id" integer NULL REFERENCES "askbot_post" ("id") DEFERRABLE INITIALLY DEFERRED,
    "thread_id" integer NULL REFERENCES "askbot_thread" ("id") DEFERRABLE INITIALLY DEFERRED,
    "marked_as_spam" bool NOT NULL,
    "marked_as_spam_at" datetime NULL,
    "marked_as_spam_by_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "askbot_post_post_type_81a38adf" ON "askbot_post" ("post_type");
CREATE INDEX "askbot_post_endorsed_ca5ae225" ON "askbot_post" ("endorsed");
CREATE INDEX "askbot_post_approved_76ff3d65" ON "askbot_post" ("approved");
CREATE INDEX "askbot_post_deleted_827f57a9" ON "askbot_post" ("deleted");
CREATE INDEX "askbot_post_author_id_ae3b8782" ON "askbot_post" ("author_id");
CREATE INDEX "askbot_post_current_revision_id_1ff308e9" ON "askbot_post" ("current_revision_id");
CREATE INDEX "askbot_post_deleted_by_id_20d25113" ON "askbot_post" ("deleted_by_id");
CREATE INDEX "askbot_post_endorsed_by_id_f23c408a" ON "askbot_post" ("endorsed_by_id");
CREATE INDEX "askbot_post_last_edited_by_id_c7bbf55d" ON "askbot_post" ("last_edited_by_id");
CREATE INDEX "askbot_post_locked_by_id_d5095ba0" ON "askbot_post" ("locked_by_id");
CREATE INDEX "askbot_post_parent_id_504d8620" ON "askbot_post" ("parent_id");
CREATE INDEX "askbot_post_thread_id_6fec0081" ON "askbot_post" ("thread_id");
CREATE INDEX "askbot_post_marked_as_spam_748fec8c" ON "askbot_post" ("marked_as_spam");
CREATE INDEX "askbot_post_marked_as_spam_by_id_a7438350" ON "askbot_post" ("marked_as_spam_by_id");

-- askbot.models.repute.Vote -- NOTE real table name is "vote" (Meta.db_table)
CREATE TABLE "vote" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "vote" smallint NOT NULL,
    "voted_at" datetime NOT NULL,
    "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "voted_post_id" integer NOT NULL REFERENCES "askbot_post" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX "vote_user_id_voted_post_id_ceb4cd7c_uniq" ON "vote" ("user_id", "voted_post_id");
CREATE INDEX "vote_user_id_07cb69ee" ON "vote" ("user_id");
CREATE INDEX "vote_voted_post_id_240db6e0" ON "vote" ("voted_post_id");

-- askbot.models.user.Activity -- NOTE real table name is "activity" (Meta.db_table)
CREATE TABLE "activity" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "activity_type" smallint NOT NULL,
    "active_at" datetime NOT NULL,
    "object_id" integer unsigned NOT NULL CHECK ("object_id" >= 0),
    "is_auditted" bool NOT NULL,
    "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED,
    "question_id" integer NULL REFERENCES "askbot_post" ("id") DEFERRABLE INITIALLY DEFERRED,
    "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "summary" text NOT NULL
);
CREATE INDEX "activity_activity_type_04cbd219" ON "activity" ("activity_type");
CREATE INDEX "activity_object_id_a57f88df" ON "activity" ("object_id");
CREATE INDEX "activity_content_type_id_425890d6" ON "activity" ("content_type_id");
CREATE INDEX "activity_question_id_ec96bf1d" ON "activity" ("question_id");
CREATE INDEX "activity_user_id_02da5096" ON "activity" ("user_id");

-- askbot.models.question.QuestionView (legacy; no new rows are created by current code -- see notes)
CREATE TABLE "askbot_questionview" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "when" datetime NOT NULL,
    "question_id" integer NOT NULL REFERENCES "askbot_post" ("id") DEFERRABLE INITIALLY DEFERRED,
    "who_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "askbot_questionview_question_id_da418736" ON "askbot_questionview" ("question_id");
CREATE INDEX "askbot_questionview_who_id_9d6373ef" ON "askbot_questionview" ("who_id");

-- askbot.models.analytics.Session; askbot 0026 + 0031 (last_summarized_at)
CREATE TABLE "askbot_session" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ip_address" char(39) NULL,
    "user_agent" varchar(512) NULL,
    "created_at" datetime NOT NULL,
    "updated_at" datetime NOT NULL,
    "user_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "last_summarized_at" datetime NOT NULL
);
CREATE INDEX "askbot_session_user_id_18be06d0" ON "askbot_session" ("user_id");

-- askbot.models.analytics.Event; askbot 0026 (event_type varchar(64)) -> 0030 (summarized) -> 0034 (event_type smallint)
CREATE TABLE "askbot_event" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "timestamp" datetime NOT NULL,
    "object_id" integer unsigned NOT NULL CHECK ("object_id" >= 0),
    "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED,
    "session_id" integer NOT NULL REFERENCES "askbot_session" ("id") DEFERRABLE INITIALLY DEFERRED,
    "summarized" bool NOT NULL,
    "event_type" smallint NOT NULL
);
CREATE INDEX "askbot_event_object_id_7b88ce64" ON "askbot_event" ("object_id");
CREATE INDEX "askbot_event_content_type_id_e94bb8f2" ON "askbot_event" ("content_type_id");
CREATE INDEX "askbot_event_session_id_c092d5e7" ON "askbot_event" ("session_id");

-- askbot.models.analytics.HourlyUserSummary; askbot 0032
CREATE TABLE "askbot_hourlyusersummary" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "num_questions" integer unsigned NOT NULL CHECK ("num_questions" >= 0),
    "num_answers" integer unsigned NOT NULL CHECK ("num_answers" >= 0),
    "num_upvotes" integer unsigned NOT NULL CHECK ("num_upvotes" >= 0),
    "num_downvotes" integer unsigned NOT NULL CHECK ("num_downvotes" >= 0),
    "question_views" integer unsigned NOT NULL CHECK ("question_views" >= 0),
    "time_on_site" bigint NOT NULL,
    "summarized" bool NOT NULL,
    "hour" datetime NOT NULL,
    "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "askbot_hourlyusersummary_hour_bc68aa22" ON "askbot_hourlyusersummary" ("hour");
CREATE INDEX "askbot_hourlyusersummary_user_id_c5baa689" ON "askbot_hourlyusersummary" ("user_id");

-- askbot.models.analytics.HourlyGroupSummary; askbot 0032 + 0033 (num_users_added)
CREATE TABLE "askbot_hourlygroupsummary" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "num_questions" integer unsigned NOT NULL CHECK ("num_questions" >= 0),
    "num_answers" integer unsigned NOT NULL CHECK ("num_answers" >= 0),
    "num_upvotes" integer unsigned NOT NULL CHECK ("num_upvotes" >= 0),
    "num_downvotes" integer unsigned NOT NULL CHECK ("num_downvotes" >= 0),
    "question_views" integer unsigned NOT NULL CHECK ("question_views" >= 0),
    "time_on_site" bigint NOT NULL,
    "summarized" bool NOT NULL,
    "hour" datetime NOT NULL,
    "num_users" integer unsigned NOT NULL CHECK ("num_users" >= 0),
    "group_id" integer NOT NULL REFERENCES "askbot_group" ("group_ptr_id") DEFERRABLE INITIALLY DEFERRED,
    "num_users_added" integer unsigned NOT NULL CHECK ("num_users_added" >= 0)
);
CREATE INDEX "askbot_hourlygroupsummary_hour_1faf64f0" ON "askbot_hourlygroupsummary" ("hour");
CREATE INDEX "askbot_hourlygroupsummary_group_id_f5e8ff07" ON "askbot_hourlygroupsummary" ("group_id");

-- askbot.models.analytics.DailyUserSummary; askbot 0028 + 0030 (summarized)
CREATE TABLE "askbot_dailyusersummary" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "num_questions" integer unsigned NOT NULL CHECK ("num_questions" >= 0),
    "num_answers" integer unsigned NOT NULL CHECK ("num_answers" >= 0),
    "num_upvotes" integer unsigned NOT NULL CHECK ("num_upvotes" >= 0),
    "num_downvotes" integer unsigned NOT NULL CHECK ("num_downvotes" >= 0),
    "question_views" integer unsigned NOT NULL CHECK ("question_views" >= 0),
    "time_on_site" bigint NOT NULL,
    "date" date NOT NULL,
    "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "summarized" bool NOT NULL
);
CREATE INDEX "askbot_dailyusersummary_date_9a551eef" ON "askbot_dailyusersummary" ("date");
CREATE INDEX "askbot_dailyusersummary_user_id_accd98c9" ON "askbot_dailyusersummary" ("user_id");

-- askbot.models.analytics.DailyGroupSummary; askbot 0028 + 0030 (summarized) + 0033 (num_users_added)
CREATE TABLE "askbot_dailygroupsummary" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "num_questions" integer unsigned NOT NULL CHECK ("num_questions" >= 0),
    "num_answers" integer unsigned NOT NULL CHECK ("num_answers" >= 0),
    "num_upvotes" integer unsigned NOT NULL CHECK ("num_upvotes" >= 0),
    "num_downvotes" integer unsigned NOT NULL CHECK ("num_downvotes" >= 0),
    "question_views" integer unsigned NOT NULL CHECK ("question_views" >= 0),
    "time_on_site" bigint NOT NULL,
    "date" date NOT NULL,
    "num_users" integer unsigned NOT NULL CHECK ("num_users" >= 0),
    "group_id" integer NOT NULL REFERENCES "askbot_group" ("group_ptr_id") DEFERRABLE INITIALLY DEFERRED,
    "summarized" bool NOT NULL,
    "num_users_added" integer unsigned NOT NULL CHECK ("num_users_added" >= 0)
);
CREATE INDEX "askbot_dailygroupsummary_date_237ee0c0" ON "askbot_dailygroupsummary" ("date");
CREATE INDEX "askbot_dailygroupsummary_group_id_69b019a8" ON "askbot_dailygroupsummary" ("group_id");

-- django-livesettings3 Setting (livesettings 0001); holds Askbot live settings incl. GOOGLE_ANALYTICS_KEY
CREATE TABLE "livesettings_setting" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "group" varchar(100) NOT NULL,
    "key" varchar(100) NOT NULL,
    "value" varchar(255) NOT NULL,
    "site_id" integer NOT NULL REFERENCES "django_site" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX "livesettings_setting_site_id_group_key_d8924013_uniq" ON "livesettings_setting" ("site_id", "group", "key");
CREATE INDEX "livesettings_setting_site_id_1506eb42" ON "livesettings_setting" ("site_id");

`;
