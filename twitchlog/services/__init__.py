"""Whole pipelines, one home each: open a reader, load, analyse, draw or lay out.

Qt-free, so the desktop views only submit these to their task runner and show the
result, the command line calls the same functions, and tests run them without a window.
"""
