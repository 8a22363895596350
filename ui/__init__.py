"""Qt widgets, one package per role. Widgets call kiosk/ services only through
`ui.runner.run_op`; they never open a session or a socket themselves."""
