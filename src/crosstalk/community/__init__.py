"""Community domain: accounts, notes, comments, social graph, feeds, notifications and reports."""
