"""Screens of the reader: the main three-pane screen, the help screen and the modal dialogs."""
