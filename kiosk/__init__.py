"""The domain of the one-stop-shop kiosk: models, services, catalog, db, CLI.

Nothing in this package imports Qt, requests or a printer library, so it runs
in a REPL, in pytest and in the headless CLI with no QApplication.
"""
