"""What Workbook writes for people and other programs, built over the façade: the practitioner
report, exports, the calendar, the demo home and the reminder runner."""
