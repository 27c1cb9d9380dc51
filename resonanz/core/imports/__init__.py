"""One import pipeline for every spreadsheet resonanz takes in: the plan's matrix and the people import.

``reading`` turns an uploaded XLSX or CSV into a bounded ``Sheet``; ``columns`` maps its headers onto the
fields a kind of import declares (German and English names, aliases, required columns); ``checking`` is
the dry run's vocabulary (row-level problems in the member's language, a capped list); ``jobs`` is the
job lifecycle (upload → read → map → dry run → confirmed import, all or nothing, progress, worker,
conditional claim); ``models`` holds the abstract job row each app's concrete job inherits; ``forms``
and the templates under ``core/imports/`` are the pages' shared pieces. An app supplies an
``ImportKind`` (``jobs``): its columns, its row checker and its writer.
"""
