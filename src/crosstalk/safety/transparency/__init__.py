"""Decisions and what is published about them: the one decision builder, statements of reasons,
the DSA vocabulary and export, the public report and the labels readers see."""
