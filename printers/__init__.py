"""Printing: layouts built once from domain objects, rendered to ESC/POS bytes or PDF.

Imports `kiosk` for domain types only; never Qt (the A4 system-printer path
lives in ui/), never the database directly (jobs are read and marked through
kiosk services by the spooler).
"""
