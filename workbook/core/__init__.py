"""The vocabulary every other part speaks: records and their validation, errors, times and rules.

Imports nothing else of Workbook's.
"""
