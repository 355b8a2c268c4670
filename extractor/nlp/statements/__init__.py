"""Reported statements: indirect speech, text in quotation marks, interviews, and the rules' speaker."""
