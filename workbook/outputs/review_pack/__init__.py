"""The review pack (patient → practitioner): HTML to read and print, `review.json`, a FHIR Bundle.

See docs/review-pack.md for the files and the JSON format.
"""
