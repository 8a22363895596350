"""Layout builders: one per printed thing, each a pure function of a printable."""
