"""German for the texts click writes itself (usage line, headings, error messages).

Click marks its texts for gettext but ships no translations, and gettext would pick a
language from environment variables that Windows desktops usually do not set.  So the
command line installs this table in front of gettext's lookup for its own process: a
text in the table is German, anything else is left as it was.
"""

from __future__ import annotations

import gettext

GERMAN: dict[str, str] = {
    "Usage:": "Aufruf:",
    "Options": "Optionen",
    "Commands": "Befehle",
    "Positional arguments": "Argumente",
    "Error: {message}": "Fehler: {message}",
    "Try '{command} {option}' for help.": "Hilfe: '{command} {option}'.",
    "Show this message and exit.": "Diese Hilfe zeigen und beenden.",
    "Show the version and exit.": "Die Version zeigen und beenden.",
    "default: {default}": "Standard: {default}",
    "Missing argument": "Es fehlt das Argument",
    "Missing option": "Es fehlt die Option",
    "Missing parameter": "Es fehlt der Parameter",
    "Missing command.": "Es fehlt ein Befehl.",
    "No such option {name!r}.": "Die Option {name!r} gibt es nicht.",
    "No such command {name!r}.": "Den Befehl {name!r} gibt es nicht.",
    "Invalid value for {param_hint}: {message}": "Ungültiger Wert für {param_hint}: {message}",
    "Invalid value: {message}": "Ungültiger Wert: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} ist keine gültige Zahl ({number_type}).",
    "{value} is not in the range {range}.": "{value} liegt nicht im Bereich {range}.",
    "Option {name!r} does not take a value.": "Die Option {name!r} nimmt keinen Wert.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} gibt es nicht.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} ist ein Ordner.",
    "{name} {filename!r} is a file.": "{name} {filename!r} ist eine Datei.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} ist nicht lesbar.",
    "file": "Datei",
    "directory": "Ordner",
    "path": "Pfad",
    "Aborted!": "Abgebrochen.",
}
GERMAN_PLURAL: dict[str, tuple[str, str]] = {
    "Got unexpected extra argument ({args})": (
        "Unerwartetes zusätzliches Argument ({args})",
        "Unerwartete zusätzliche Argumente ({args})",
    ),
    "Option {name!r} requires an argument.": (
        "Die Option {name!r} braucht einen Wert.",
        "Die Option {name!r} braucht {nargs} Werte.",
    ),
    "{value!r} is not {choice}.": (
        "{value!r} ist nicht {choice}.",
        "{value!r} ist keiner der Werte {choices}.",
    ),
    "Did you mean {possibility}?": (
        "Meinten Sie {possibility}?",
        "(Meinten Sie eines von: {possibilities}?)",
    ),
}

_installed = False


def install() -> None:
    """Put the German texts in front of gettext's lookup, once per process."""
    global _installed
    if _installed:
        return
    _installed = True
    original, original_plural = gettext.dgettext, gettext.dngettext

    def dgettext(domain: str, message: str) -> str:
        return GERMAN.get(message) or original(domain, message)

    def dngettext(domain: str, msgid1: str, msgid2: str, n: int) -> str:
        german = GERMAN_PLURAL.get(msgid1)
        if german is not None:
            return german[0] if n == 1 else german[1]
        return original_plural(domain, msgid1, msgid2, n)

    gettext.dgettext = dgettext
    gettext.dngettext = dngettext
