"""What Workbook says and asks, read from data files: exercises and their fields, derived
values, questionnaires, barriers and their responses, crisis contacts and shared copy."""
