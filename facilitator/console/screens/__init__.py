"""The console's screens, one module each, and the dialogs they open."""
