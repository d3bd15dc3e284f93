"""The app's pictures and desktop files, installed as the package ``twitchlog.resources``.

Nothing to import: this file only makes the folder a package that ``importlib.resources``
can find from a wheel, a zip, an editable install or a frozen bundle (see ``setup.py``).
"""
