"""Pure statistics over the journal: numbers in, numbers out. No Qt, no SQL.

numpy and scipy are imported inside functions or submodules only when analysis runs.
"""
