"""Trust and safety in four parts: screening (automated), moderation (by people), transparency
(decisions and what is published about them) and the tamper-evident audit log."""
