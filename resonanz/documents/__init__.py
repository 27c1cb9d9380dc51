"""Documents: every PDF resonanz makes, from readable Typst templates fed with JSON.

``rendering.render_pdf`` makes one now (in a child process); ``jobs`` hands a large one to the
worker through a database row, which also keeps the finished PDF for the day.
"""
