"""What each exported table and column means: the Table Schemas of the export's datapackage.json.

Kept as data beside the code that fills the tables, so a column cannot be
written without being described. Each column also says what each export level
does with it: a PRIVATE column (free text, a name, contact details) is left out
of pseudonymised and anonymised exports; `anonymised=DROP` leaves it out of the
anonymised one (zone names, the next call); its `role` says how anonymising
changes it (ids re-keyed, instants and dates shifted, times coarsened to the hour).
"""

from __future__ import annotations

from dataclasses import dataclass

PRIVATE = True
DROP = False
LEVELS = ("identified", "pseudonymised", "anonymised")
#: The version of the export's layout (tables, columns, meanings); raised when a reader must change.
EXPORT_FORMAT_VERSION = 3  # 3: session_packs, suggestions and consents added
_NOT_IDS = frozenset({"exercise_id", "field_id", "study_id", "derived_id"})


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date, time, datetime, object
    description: str
    private: bool = False
    required: bool = False
    anonymised: bool = True  # False: left out of an anonymised export
    role: str = ""  # id, instant, local, date, clock, week, refs, value: what anonymising does (see anonymise.py)

    @property
    def kind(self) -> str:
        """The role, or the one its name and type imply."""
        if self.role:
            return self.role
        if self.name == "id" or (self.name.endswith("_id") and self.name not in _NOT_IDS):
            return "id"
        return {"datetime": "instant", "date": "date", "time": "clock", "object": "refs"}.get(self.type, "")

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

    def public_columns(self, level: str) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not (level != "identified" and c.private)
                     and not (level == "anonymised" and not c.anonymised))

    def schema(self, level: str) -> dict:
        out: dict = {
            "fields": [c.schema() for c in self.public_columns(level)],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            out["foreignKeys"] = [{"fields": [col], "reference": {"resource": other, "fields": [other_col]}}
                                  for col, other, other_col in self.foreign_keys]
        return out


def _c(name: str, type_: str, description: str, private: bool = False, required: bool = False,
       anonymised: bool = True, role: str = "") -> Column:
    return Column(name, type_, description, private, required, anonymised, role)


def _local(name: str, what: str) -> Column:
    return _c(name, "datetime", f"{what}, as local wall time in the zone column (no offset).", role="local")


def _zone(description: str) -> Column:
    return _c("zone", "string", description, anonymised=DROP)


ID = _c("id", "string", "The record's stable id (a UUID).", required=True)
CREATED = _c("created_at", "datetime", "When the record was created (UTC, ISO 8601 with Z).")
UPDATED = _c("updated_at", "datetime", "When the record was last changed (UTC, ISO 8601 with Z).")
STAMPS = (ID, CREATED, UPDATED)

TABLES: tuple[Table, ...] = (
    Table("settings", "Settings", "The workbook's settings (one row).", STAMPS + (
        _c("first_name", "string", "The patient's first name, if given.", PRIVATE),
        _c("practitioner_name", "string", "The practitioner's name, if given.", PRIVATE),
        _c("next_call", "datetime", "The next practitioner call, if known (UTC).", anonymised=DROP),
        _zone("The patient's IANA time zone (e.g. Europe/London)."),
        _c("quiet_start", "time", "Start of quiet hours (no reminders), local time."),
        _c("quiet_end", "time", "End of quiet hours, local time."),
        _c("discreet", "boolean", "Discreet mode: health words kept out of notifications and calendars."),
        _c("default_lead_minutes", "integer", "Default minutes before a plan that its reminder comes."),
        _c("research_mode", "boolean", "Whether research mode (the event log) is on."),
        _c("participant_id", "string", "Pseudonymous research participant id."),
        _c("study_id", "string", "Research study id."),
        _c("welcome_done", "boolean", "Whether the first-run welcome was completed."),
        _c("caseload_identity", "string", "A practitioner's age identity file for the caseload view, if set.",
           PRIVATE),
        _c("practitioner_key", "string", "The practitioner's age public key review packs are encrypted to, if saved.",
           PRIVATE),
        _c("pack_name", "boolean", "Review packs include the patient's first name."),
        _c("pack_notes", "boolean", "Review packs include free-text notes (where, why, if-then, attempt notes)."),
        _c("pack_barrier_notes", "boolean", "Review packs include the patient's notes on barriers."),
        _c("pack_ratings", "boolean", "Review packs include every logged number's change."),
        _c("pack_questions", "boolean", "Review packs include the questions saved for the call."),
        _c("region", "string", "Where the patient lives, for crisis contacts (unset, england, wales, scotland, "
                               "northern_ireland, ireland, elsewhere)."),
    ), ("id",)),
    Table("plans", "Plans", "Specific exercise plans: what, when, where, why.", STAMPS + (
        _c("exercise_id", "string", "The exercise planned (id of an exercise file).", required=True),
        _c("what", "string", "What exactly the patient plans to do, in their words.", PRIVATE),
        _c("where", "string", "Where, in their words.", PRIVATE),
        _c("start_date", "date", "First day of the plan (local)."),
        _c("start_time", "time", "Local wall time of each occurrence; empty means any time of day."),
        _zone("IANA time zone of start_date/start_time."),
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
        _c("occurrence", "datetime", "The scheduled occurrence this attempt is for (UTC); empty: an extra practice."),
        _local("occurrence_local", "The occurrence"),
        _c("logged_at", "datetime", "When it was logged (UTC)."),
        _local("logged_at_local", "When it was logged"),
        _zone("The plan's IANA time zone, in which the local columns are given."),
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
        _c("value", "string", "The value as text: numbers as written, yes_no as true/false, choices as a JSON list, "
                              "times as HH:MM (anonymised: to the hour).", role="value"),
    ), ("attempt_id", "field_id"), (("attempt_id", "attempts", "id"),)),
    Table("barriers", "Barriers", "What got in the way of an attempt (codes from the barrier taxonomy).", (
        _c("attempt_id", "string", "The attempt.", required=True),
        _c("position", "integer", "Order within the attempt (from 0).", required=True),
        _c("code", "string", "Barrier code (e.g. forgot, no_time)."),
        _c("note", "string", "The patient's note about it.", PRIVATE),
    ), ("attempt_id", "position"), (("attempt_id", "attempts", "id"),)),
    Table("questionnaire_responses", "Questionnaire responses", "Completed PHQ-9, GAD-7 and WSAS.", STAMPS + (
        _c("measure", "string", "phq9, gad7 or wsas."),
        _c("completed_at", "datetime", "When it was completed (UTC)."),
        _local("completed_at_local", "When it was completed"),
        _zone("The patient's IANA time zone when exported, in which completed_at_local is given."),
        _c("total", "number", "Total score (WSAS may be prorated); empty if not scorable."),
        _c("band", "string", "Severity band label."),
        _c("risk", "boolean", "True when PHQ-9 item 9 was answered above 0."),
        _c("difficulty", "integer", "PHQ-9's closing difficulty question: 0 not difficult at all to 3 extremely "
                                    "difficult; empty if not answered."),
    ), ("id",)),
    Table("questionnaire_items", "Questionnaire items", "Item-level answers, one row per item.", (
        _c("response_id", "string", "The questionnaire response.", required=True),
        _c("item", "integer", "Item number (from 1).", required=True),
        _c("answer", "integer", "The answer's value; empty: not answered or not applicable."),
    ), ("response_id", "item"), (("response_id", "questionnaire_responses", "id"),)),
    Table("session_notes", "Session notes", "Practitioner calls and what was agreed.", STAMPS + (
        _c("call_date", "date", "The call's date."),
        _c("agreed", "string", "What was agreed, in words.", PRIVATE),
        _c("next_call", "datetime", "The next call, if set then (UTC).", anonymised=DROP),
    ), ("id",)),
    Table("session_note_plans", "Plans agreed at calls", "Which plans were agreed at which call.", (
        _c("session_note_id", "string", "The session note.", required=True),
        _c("plan_id", "string", "A plan agreed at that call.", required=True),
    ), ("session_note_id", "plan_id"), (("session_note_id", "session_notes", "id"), ("plan_id", "plans", "id"))),
    Table("session_packs", "Session packs",
          "Session packs imported from the practitioner: one row per pack file (a second import of the same "
          "file changes nothing).", STAMPS + (
        _c("practitioner", "string", "The practitioner's name as the pack gave it.", PRIVATE),
        _c("session_date", "date", "The session the pack was written after.", required=True),
        _c("imported_at", "datetime", "When the patient imported it (UTC).", required=True),
        _c("source_name", "string", "The file's name when imported.", PRIVATE),
        _c("notes", "string", "The practitioner's notes from the session.", PRIVATE),
        _c("next_call", "datetime", "The next call the pack set (UTC).", anonymised=DROP),
        _c("questionnaires", "string", "Questionnaires the pack asked for before the next call (ids, separated "
                                       "by ';')."),
        _c("answers", "integer", "How many of the patient's saved questions it answered (the answers are in "
                                 "questions)."),
        _c("note_id", "string", "The session note the import made for the call."),
        _c("content_hash", "string", "SHA-256 of the pack file, by which a second import is known.",
           anonymised=DROP),
    ), ("id",), (("note_id", "session_notes", "id"),)),
    Table("suggestions", "Suggested plans",
          "Plans a practitioner suggested in a session pack, and what the patient decided: one row per "
          "suggestion, still to decide or decided.", STAMPS + (
        _c("pack_id", "string", "The session pack that suggested it.", required=True),
        _c("key", "string", "The suggestion's key within its pack.", anonymised=DROP),
        _c("exercise_id", "string", "The exercise suggested.", required=True),
        _c("what", "string", "The suggested plan, in the practitioner's words.", PRIVATE),
        _c("practitioner", "string", "Who suggested it.", PRIVATE),
        _c("session_date", "date", "The session it was suggested at."),
        _c("rationale", "string", "Why, in the practitioner's words.", PRIVATE),
        _c("decision", "string", "accepted (as suggested), adjusted (changed first, then accepted), declined; "
                                 "empty: not decided yet."),
        _c("reason", "string", "The patient's reason for declining, if given.", PRIVATE),
        _c("decided_at", "datetime", "When the patient decided (UTC)."),
        _c("plan_id", "string", "The plan an acceptance made, if it is still in plans."),
    ), ("id",), (("pack_id", "session_packs", "id"), ("plan_id", "plans", "id"))),
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
    Table("events", "Engagement events", "The research event log: one row per event, recorded only while research mode was on (inside a consent window), so every row falls in one.",
          STAMPS + (
        _c("kind", "string", "Event kind (app_opened, screen_viewed, plan_created, attempt_logged, ...)."),
        _c("at", "datetime", "When it happened (UTC)."),
        _local("at_local", "When it happened"),
        _zone("The patient's IANA time zone when exported, in which at_local is given."),
        _c("participant_id", "string", "Participant id at the time."),
        _c("study_id", "string", "Study id at the time."),
        _c("refs", "object", "Ids the event refers to (plan, attempt, screen, ...), as a JSON object."),
    ), ("id",)),
    Table("engagement", "Engagement per week",
          "Derived: one row per local ISO week (Monday to Sunday, the patient's zone) that overlaps a consent "
          "window. Every count covers only the time inside consent windows (research mode on): an occurrence "
          "counts by its occurrence time, an attempt by its occurrence (by its logging, for extras and entries), "
          "a reminder by its delivery time.", (
        _c("participant_id", "string", "Pseudonymous participant id (empty if none set)."),
        _c("study_id", "string", "Study id (empty if none set)."),
        _c("week", "string", "ISO week, e.g. 2026-W10.", required=True, role="week"),
        _c("week_start", "date", "The week's Monday."),
        _c("consent_days", "integer", "Local days of the week with research mode on for some of the day (1-7)."),
        _c("days_active", "integer", "Local days in consent with an attempt logged, a questionnaire done or a research "
                                     "event made by the patient (by logging time; turning research mode on or off, consenting, "
                                     "and reminders, are not activity)."),
        _c("plans_active", "integer", "Plans in effect at some point in the week."),
        _c("occurrences_due", "integer",
           "Occurrences of set-time and daily-diary plans due in consent, by occurrence week; none inside a pause."),
        _c("done", "integer", "Of those, occurrences logged done (by occurrence week)."),
        _c("partly", "integer", "Occurrences logged partly done (by occurrence week)."),
        _c("not_done", "integer", "Occurrences logged not done (by occurrence week)."),
        _c("not_logged", "integer", "Occurrences due but not logged (by occurrence week)."),
        _c("extra_practices", "integer", "Attempts logged outside any occurrence of a set-time plan (by logging week)."),
        _c("entries", "integer", "When-it-happens records written (by logging week; each entry counts; never due)."),
        _c("completion_rate", "number", "done / occurrences_due for the week (empty when nothing was due)."),
        _c("minutes_practised", "integer",
           "Minutes logged on attempts, counted in the week of their occurrence (of their logging, for extras "
           "and entries)."),
        _c("first_plan_to_first_log_hours", "number",
           "Participant-level (same on every row): hours from the first plan made to the first attempt logged."),
        _c("reminders_delivered", "integer", "Reminders about plan occurrences delivered in consent (by delivery week)."),
        _c("median_reminder_to_log_minutes", "number",
           "Median minutes from a reminder delivered that week to the next attempt logged for that plan occurrence "
           "(empty if none)."),
    ), ("week",)),
    Table("consent_windows", "Consent windows",
          "One row per period with research mode on, from turning it on to turning it off (the research_on and "
          "research_off events). Events and engagement cover only these periods.", (
        _c("window", "integer", "Number of the period (from 1, in time order).", required=True),
        _c("participant_id", "string", "Participant id during the period."),
        _c("study_id", "string", "Study id during the period."),
        _c("started_at", "datetime", "When research mode was turned on (UTC).", required=True),
        _c("ended_at", "datetime", "When it was turned off (UTC); empty: still on at the export."),
    ), ("window",)),
    Table("consents", "Study consents",
          "Each study the participant joined from a study pack, and the consent wording they agreed to.", STAMPS + (
        _c("study_id", "string", "The study joined.", required=True),
        _c("participant_id", "string", "The participant id given at joining.", required=True),
        _c("consent_version", "string", "The version of the consent wording, as the study pack names it.",
           required=True),
        _c("digest", "string", "SHA-256 of the consent wording agreed to (the same for every participant "
                               "shown the same words).", required=True),
        _c("agreed_at", "datetime", "When the participant agreed (UTC).", required=True),
        _c("left_at", "datetime", "When the workbook joined another study instead (UTC); empty: still in it."),
    ), ("id",)),
    Table("derived_values", "Derived values",
          "Values worked out from an attempt's fields by the exercise's formulas (sleep efficiency, anxiety "
          "drop, mood change, sleep window...): one row per attempt and derived value whose inputs were all "
          "logged, computed by the same code as the screens and report.", (
        _c("attempt_id", "string", "The attempt.", required=True),
        _c("derived_id", "string", "The derived value's id in the exercise file (e.g. efficiency).", required=True),
        _c("exercise_id", "string", "The exercise whose [[derived]] entry defines it."),
        _c("formula", "string", "The formula's id (sleep_efficiency, difference, sum or sleep_window; "
                                "see exercises/README.md)."),
        _c("inputs", "string", "The field ids it is computed from, in order, separated by ';'."),
        _c("value", "number", "The value."),
        _c("unit", "string", "Its unit, if the exercise gives one (e.g. %, points, minutes)."),
    ), ("attempt_id", "derived_id"), (("attempt_id", "attempts", "id"),)),
)

BY_NAME = {t.name: t for t in TABLES}
