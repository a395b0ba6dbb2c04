"""Moderation by people: the review queue, moderator decisions, reports, appeals, account
actions, who may do what, and the one path every decision's effects take."""
