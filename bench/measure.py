"""Runs one command and prints, as JSON, its wall time, its CPU time, its peak RSS and its output size.

Peak RSS and CPU (user + system) come from getrusage(RUSAGE_CHILDREN): the largest resident set of
the command (or of a process it waited for) and the time it ran on a core, which works the same for
Node, Python and Go programs. Output goes to a
file so that capturing it costs the measured program nothing.
Usage: python3 measure.py OUTPUT_FILE -- COMMAND [ARGS...]
"""
import json
import resource
import subprocess
import sys
import time

output_file = sys.argv[1]
command = sys.argv[sys.argv.index("--") + 1 :]
with open(output_file, "wb") as out:
    started = time.monotonic()
    completed = subprocess.run(command, stdout=out, stderr=subprocess.PIPE)
    wall = time.monotonic() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "exitCode": completed.returncode,
    "wallSeconds": round(wall, 3),
    "peakRssMb": round(usage.ru_maxrss / 1024, 1),
    "cpuSeconds": round(usage.ru_utime + usage.ru_stime, 2),
    "stderr": completed.stderr.decode("utf-8", "replace")[-2000:],
}))
