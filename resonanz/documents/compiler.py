"""The child process that compiles one Typst document to PDF and exits.

Typst keeps the memory of a compilation (about 0.45 GB for a 2,000-row plan, 3.8 GB at 20,000
rows), so no long-lived web or worker process compiles: ``rendering.render_pdf`` starts this
program, which reads its inputs from standard input, writes the PDF to standard output and ends,
giving all of it back. It imports nothing of resonanz or Django, so it starts in a few
milliseconds more than Python itself.

Standard input is one JSON object: ``root`` (the folder Typst may read), ``template`` (the main
file, relative to ``root``) and ``inputs`` (strings handed to the document as ``sys.inputs``).
On failure it writes the Typst diagnostics to standard error and exits with status 2. Its last
line on standard error is always a JSON summary (seconds, peak memory) for the parent's log.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def compile_document(request: dict[str, object]) -> bytes:
    import typst

    root = str(request["root"])
    template = str(request["template"])
    inputs = request["inputs"]
    if not isinstance(inputs, dict):
        raise TypeError("inputs must be an object of strings")
    pdf = typst.compile(
        f"{root}/{template}",
        root=root,
        sys_inputs={str(key): str(value) for key, value in inputs.items()},
        # Only the fonts inside the typst package: the same look on every machine, and no scan of
        # the system's fonts (which also costs time on every start).
        ignore_system_fonts=True,
        pdf_tags=True,
    )
    if not isinstance(pdf, bytes):
        raise TypeError("typst returned no PDF")
    return pdf


def peak_memory_mb() -> int:
    """This process's peak resident memory. (``ru_maxrss`` would count the parent's from before exec.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> int:
    started = time.perf_counter()
    status = 0
    try:
        request = json.loads(sys.stdin.buffer.read())
        pdf = compile_document(request)
        sys.stdout.buffer.write(pdf)
        sys.stdout.buffer.flush()
    except Exception as error:  # any failure is reported to the parent, which raises it there
        status = 2
        diagnostic = getattr(error, "diagnostic", "")
        sys.stderr.write(f"{type(error).__name__}: {error}\n{diagnostic}\n")
    summary = {"seconds": round(time.perf_counter() - started, 3), "peak_mb": peak_memory_mb()}
    sys.stderr.write(json.dumps(summary) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
