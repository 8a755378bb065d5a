"""What each exported table and column means: the Table Schemas of the export's datapackage.json.

Kept as data beside the code that fills the tables, so a column cannot be
written without being described. A column marked PRIVATE holds free text, a
name or contact details: `--deidentify` leaves it out entirely.
"""

from __future__ import annotations

from dataclasses import dataclass

PRIVATE = True


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date, time, datetime, object
    description: str
    private: bool = False
    required: bool = False

    def schema(self) -> dict:
        out: dict = {"name": self.name, "type": self.type, "description": self.description}
        if self.required:
            out["constraints"] = {"required": True}
        return out


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)

    def public_columns(self, deidentify: bool) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not (deidentify and c.private))

    def schema(self, deidentify: bool) -> dict:
        out: dict = {
            "fields": [c.schema() for c in self.public_columns(deidentify)],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            out["foreignKeys"] = [{"fields": [col], "reference": {"resource": other, "fields": [other_col]}}
                                  for col, other, other_col in self.foreign_keys]
        return out


def _c(name: str, type_: str, description: str, private: bool = False, required: bool = False) -> Column:
    return Column(name, type_, description, private, required)


ID = _c("id", "string", "The record's stable id (a UUID).", required=True)
CREATED = _c("created_at", "datetime", "When the record was created (ISO 8601, UTC offset).")
UPDATED = _c("updated_at", "datetime", "When the record was last changed (ISO 8601, UTC offset).")
STAMPS = (ID, CREATED, UPDATED)

TABLES: tuple[Table, ...] = (
    Table("settings", "Settings", "The workbook's settings (one row).", STAMPS + (
        _c("first_name", "string", "The patient's first name, if given.", PRIVATE),
        _c("practitioner_name", "string", "The practitioner's name, if given.", PRIVATE),
        _c("next_call", "datetime", "The next practitioner call, if known."),
        _c("zone", "string", "The patient's IANA time zone (e.g. Europe/London)."),
        _c("quiet_start", "time", "Start of quiet hours (no reminders), local time."),
        _c("quiet_end", "time", "End of quiet hours, local time."),
        _c("discreet", "boolean", "Discreet mode: health words kept out of notifications and calendars."),
        _c("default_lead_minutes", "integer", "Default minutes before a plan that its reminder comes."),
        _c("research_mode", "boolean", "Whether research mode (the event log) is on."),
        _c("participant_id", "string", "Pseudonymous research participant id."),
        _c("study_id", "string", "Research study id."),
        _c("welcome_done", "boolean", "Whether the first-run welcome was completed."),
        _c("practitioner_key", "string", "The practitioner's age public key review packs are encrypted to, if saved.",
           PRIVATE),
        _c("pack_name", "boolean", "Review packs include the patient's first name."),
        _c("pack_notes", "boolean", "Review packs include free-text notes (where, why, if-then, attempt notes)."),
        _c("pack_barrier_notes", "boolean", "Review packs include the patient's notes on barriers."),
        _c("pack_ratings", "boolean", "Review packs include every logged number's change."),
        _c("pack_questions", "boolean", "Review packs include the questions saved for the call."),
    ), ("id",)),
    Table("plans", "Plans", "Specific exercise plans: what, when, where, why.", STAMPS + (
        _c("exercise_id", "string", "The exercise planned (id of an exercise file).", required=True),
        _c("what", "string", "What exactly the patient plans to do, in their words.", PRIVATE),
        _c("where", "string", "Where, in their words.", PRIVATE),
        _c("start_date", "date", "First day of the plan (local)."),
        _c("start_time", "time", "Local wall time of each occurrence; empty means any time of day."),
        _c("zone", "string", "IANA time zone of start_date/start_time."),
        _c("rrule", "string", "RFC 5545 RRULE body (no DTSTART/UNTIL); empty means once."),
        _c("until", "date", "Last local day of the plan (inclusive), if set."),
        _c("minutes", "integer", "Planned minutes per occurrence."),
        _c("why", "string", "Why this matters to the patient, in their words.", PRIVATE),
        _c("confidence", "integer", "Confidence 0-10 that the plan will happen."),
        _c("agreed_in_session", "boolean", "Whether the plan was agreed with the practitioner."),
        _c("status", "string", "active, paused or ended now (plan_pauses holds every pause and the end)."),
        _c("reminder_lead_minutes", "integer", "Minutes before each occurrence that a reminder comes; empty: none."),
        _c("kind", "string", "set_time (occurrences from rrule), as_needed (written when it happens, never due) "
                             "or daily_diary (a set time, caught up the next day)."),
        _c("aim_per_week", "integer", "For an as_needed record: the entries a week aimed for; empty: no aim."),
        _c("routine", "string", "The routine the plan is linked to ('after dinner'), if any.", PRIVATE),
        _c("agreed_with", "string", "The practitioner whose session pack suggested the plan, if one did.", PRIVATE),
        _c("agreed_on", "date", "The date of that session."),
    ), ("id",)),
    Table("plan_pauses", "Pauses and ends of plans",
          "One row per pause (or end) of a plan. Occurrences from paused_at until resumed_at were never due.", STAMPS + (
        _c("plan_id", "string", "The plan.", required=True),
        _c("paused_at", "datetime", "When the pause (or end) began.", required=True),
        _c("resumed_at", "datetime", "When the plan was resumed; empty while it is still paused or ended."),
        _c("ended", "boolean", "True when the plan was ended here rather than paused."),
    ), ("id",), (("plan_id", "plans", "id"),)),
    Table("plan_if_then", "If-then plans", "A plan's 'if this gets in the way, then I will...' pairs.", (
        _c("plan_id", "string", "The plan.", required=True),
        _c("position", "integer", "Order within the plan (from 0).", required=True),
        _c("if_text", "string", "What might get in the way.", PRIVATE),
        _c("then_text", "string", "What the patient will do then.", PRIVATE),
    ), ("plan_id", "position"), (("plan_id", "plans", "id"),)),
    Table("plan_adjustments", "Responses applied to plans",
          "Proactive responses to barriers that changed a plan (make it smaller, move it...).", (
        _c("plan_id", "string", "The plan changed.", required=True),
        _c("position", "integer", "Order within the plan (from 0).", required=True),
        _c("at", "datetime", "When the response was applied."),
        _c("response", "string", "Response code from the barrier taxonomy (e.g. make_smaller)."),
        _c("summary", "string", "What changed, in words.", PRIVATE),
    ), ("plan_id", "position"), (("plan_id", "plans", "id"),)),
    Table("supporters", "Supporters", "People who help the patient.", STAMPS + (
        _c("name", "string", "The supporter's name.", PRIVATE),
        _c("relationship", "string", "Who they are to the patient.", PRIVATE),
        _c("how", "string", "How they help: codes remind, join, encourage, check_in separated by ';'."),
        _c("contact", "string", "How to reach them.", PRIVATE),
        _c("check_in_rrule", "string", "RRULE body of check-in reminders, if any."),
        _c("check_in_time", "time", "Local time of check-in reminders, if any."),
    ), ("id",)),
    Table("plan_supporters", "Plan supporters", "Which supporters help with which plans.", (
        _c("plan_id", "string", "The plan.", required=True),
        _c("supporter_id", "string", "The supporter.", required=True),
    ), ("plan_id", "supporter_id"), (("plan_id", "plans", "id"), ("supporter_id", "supporters", "id"))),
    Table("attempts", "Attempts", "Logged attempts at plans (one row per attempt).", STAMPS + (
        _c("plan_id", "string", "The plan attempted.", required=True),
        _c("exercise_id", "string", "The exercise (copied from the plan when logged)."),
        _c("occurrence", "datetime", "The scheduled occurrence this attempt is for; empty: an extra practice."),
        _c("logged_at", "datetime", "When it was logged."),
        _c("outcome", "string", "done, partly or not_done."),
        _c("minutes", "integer", "Minutes spent, if given."),
        _c("note", "string", "The patient's note.", PRIVATE),
        _c("supporter_helped", "boolean", "Whether a supporter helped."),
        _c("supporter_id", "string", "Which supporter helped, if named (empty if since removed)."),
    ), ("id",), (("plan_id", "plans", "id"), ("supporter_id", "supporters", "id"))),
    Table("attempt_values", "Attempt values",
          "The exercise's own fields logged with each attempt, one row per field (long format).", (
        _c("attempt_id", "string", "The attempt.", required=True),
        _c("field_id", "string", "The exercise field's id.", required=True),
        _c("kind", "string", "The field's kind (rating, number, minutes, time, choice, choices, yes_no, text, long_text)."),
        _c("value", "string", "The value as text: numbers as written, yes_no as true/false, choices as a JSON list."),
    ), ("attempt_id", "field_id"), (("attempt_id", "attempts", "id"),)),
    Table("barriers", "Barriers", "What got in the way of an attempt (codes from the barrier taxonomy).", (
        _c("attempt_id", "string", "The attempt.", required=True),
        _c("position", "integer", "Order within the attempt (from 0).", required=True),
        _c("code", "string", "Barrier code (e.g. forgot, no_time)."),
        _c("note", "string", "The patient's note about it.", PRIVATE),
    ), ("attempt_id", "position"), (("attempt_id", "attempts", "id"),)),
    Table("questionnaire_responses", "Questionnaire responses", "Completed PHQ-9, GAD-7 and WSAS.", STAMPS + (
        _c("measure", "string", "phq9, gad7 or wsas."),
        _c("completed_at", "datetime", "When it was completed."),
        _c("total", "number", "Total score (WSAS may be prorated); empty if not scorable."),
        _c("band", "string", "Severity band label."),
        _c("risk", "boolean", "True when PHQ-9 item 9 was answered above 0."),
    ), ("id",)),
    Table("questionnaire_items", "Questionnaire items", "Item-level answers, one row per item.", (
        _c("response_id", "string", "The questionnaire response.", required=True),
        _c("item", "integer", "Item number (from 1).", required=True),
        _c("answer", "integer", "The answer's value; empty: not answered or not applicable."),
    ), ("response_id", "item"), (("response_id", "questionnaire_responses", "id"),)),
    Table("session_notes", "Session notes", "Practitioner calls and what was agreed.", STAMPS + (
        _c("call_date", "date", "The call's date."),
        _c("agreed", "string", "What was agreed, in words.", PRIVATE),
        _c("next_call", "datetime", "The next call, if set then."),
    ), ("id",)),
    Table("session_note_plans", "Plans agreed at calls", "Which plans were agreed at which call.", (
        _c("session_note_id", "string", "The session note.", required=True),
        _c("plan_id", "string", "A plan agreed at that call.", required=True),
    ), ("session_note_id", "plan_id"), (("session_note_id", "session_notes", "id"), ("plan_id", "plans", "id"))),
    Table("questions", "Questions", "Questions the patient saved for the practitioner.", STAMPS + (
        _c("text", "string", "The question.", PRIVATE),
        _c("plan_id", "string", "The plan it is about, if any."),
        _c("asked", "boolean", "Whether it has been asked."),
        _c("answer", "string", "The practitioner's answer, from a session pack.", PRIVATE),
        _c("answered_on", "date", "The session it was answered at."),
    ), ("id",), (("plan_id", "plans", "id"),)),
    Table("snoozes", "Snoozes", "The patient's answers to reminders: remind me later, or skip this one.", STAMPS + (
        _c("plan_id", "string", "The plan (for check-in reminders, the supporter's id)."),
        _c("occurrence", "datetime", "The occurrence it is about."),
        _c("until", "datetime", "Remind again at this time (empty when skipped)."),
        _c("skip", "boolean", "True: skip this occurrence's reminder."),
    ), ("id",)),
    Table("reminders_sent", "Reminders sent", "Reminders for plan occurrences: delivered or failed.", STAMPS + (
        _c("plan_id", "string", "The plan reminded about (for check-in reminders, the supporter's id)."),
        _c("occurrence", "datetime", "The occurrence reminded about."),
        _c("kind", "string", "reminder, catch_up, check_in, snoozed or test."),
        _c("delivered", "boolean", "True only when sending succeeded (at tried_at)."),
        _c("channel", "string", "How it was sent (e.g. dbus, notify-send)."),
        _c("reason", "string", "Why it failed, if it did.", PRIVATE),
        _c("tries", "integer", "How many times sending was tried."),
        _c("tried_at", "datetime", "When the last try started (the delivery time of a delivered reminder)."),
        _c("snooze_id", "string", "The snooze that brought this reminder back, if any."),
    ), ("id",), (("snooze_id", "snoozes", "id"),)),
    Table("events", "Engagement events", "The research event log (recorded only while research mode was on).",
          STAMPS + (
        _c("kind", "string", "Event kind (app_opened, screen_viewed, plan_created, attempt_logged, ...)."),
        _c("at", "datetime", "When it happened."),
        _c("participant_id", "string", "Participant id at the time."),
        _c("study_id", "string", "Study id at the time."),
        _c("refs", "object", "Ids the event refers to (plan, attempt, screen, ...), as a JSON object."),
    ), ("id",)),
    Table("engagement", "Engagement per week",
          "Derived: one row per ISO week (local time) from the week of the first plan to the export.", (
        _c("participant_id", "string", "Pseudonymous participant id (empty if none set)."),
        _c("study_id", "string", "Study id (empty if none set)."),
        _c("week", "string", "ISO week, e.g. 2026-W10.", required=True),
        _c("week_start", "date", "The week's Monday."),
        _c("days_active", "integer", "Days with an attempt logged, a questionnaire done or a research event."),
        _c("plans_active", "integer", "Plans in effect at some point in the week."),
        _c("occurrences_due", "integer",
           "Occurrences of set-time and daily-diary plans due in the week, by occurrence time; none inside a pause."),
        _c("done", "integer", "Occurrences logged done."),
        _c("partly", "integer", "Occurrences logged partly done."),
        _c("not_done", "integer", "Occurrences logged not done."),
        _c("not_logged", "integer", "Occurrences due but not logged."),
        _c("extra_practices", "integer", "Attempts logged outside any occurrence of a set-time plan."),
        _c("entries", "integer", "When-it-happens records written in the week (each entry counts; never due)."),
        _c("completion_rate", "number", "done / occurrences_due (empty when nothing was due)."),
        _c("minutes_practised", "integer",
           "Minutes logged on attempts, counted in the week of their occurrence (of their logging, for entries)."),
        _c("first_plan_to_first_log_hours", "number",
           "Participant-level (same on every row): hours from the first plan made to the first attempt logged."),
        _c("reminders_delivered", "integer", "Reminders delivered in the week."),
        _c("median_reminder_to_log_minutes", "number",
           "Median minutes from a delivered reminder to the next attempt logged for that plan occurrence "
           "(empty if none)."),
    ), ("week",)),
)

BY_NAME = {t.name: t for t in TABLES}
