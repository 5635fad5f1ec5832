"""Shortlists: the visitor's own list (in the session) and the lists they share, with what
changed since, a CSV and a QR code. Builds on programs."""
