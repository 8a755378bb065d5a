"""Reminders: what is due (pure), their wording, the record of what was sent, delivering a
notification, and the system timer that runs `workbook remind --once`."""
