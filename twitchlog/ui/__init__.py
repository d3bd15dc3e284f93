"""The desktop app: Qt widgets and models that only wire the plain-Python layers together."""
