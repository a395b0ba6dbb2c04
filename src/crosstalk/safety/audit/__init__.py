"""The tamper-evident audit log: a SHA-256 hash chain of every privileged action, verified and
exported by the `crosstalk audit` commands."""
