"""The import sandbox: reading untrusted files in a confined child process."""
