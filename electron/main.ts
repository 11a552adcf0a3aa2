// Placeholder replaced by the desktop shell.
export {};
