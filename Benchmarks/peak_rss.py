"""A child's peak resident memory without the measuring process's own memory in it.

measure(argv, env=None) runs argv and returns (seconds, peak RSS in KiB, stdout, stderr, exit
status), like child_process.measure, but the child is forked by a small helper process
(`python3 -S`, nothing imported but os, sys and time) instead of by the caller.

Why: wait4()'s ru_maxrss of a child is the larger of the child's own peak and the peak of the
memory image it replaced at exec(). subprocess.Popen starts children with vfork(), so that image
is the *caller's* address space, and its high-water mark counts: a benchmark script that once
held 200 MB sees every child it starts afterwards "peak" at 200 MB or more, and even `/bin/true`
started from a fresh Python script reports about 14 MiB. With fork() the floor is the forking
process's resident memory at that moment; the helper here keeps it at about 5 MiB (`floor()`
measures it: /bin/true started the same way).

`seconds` is the wall clock from fork to reaping, without the helper's own start-up.
Standard library only; Linux.
"""
import json
import os
import subprocess
import sys
import tempfile

# Runs in the helper: fork, exec the command with its output going to two files, wait4, and one
# JSON line. json is imported only after the child has been reaped, so that it is not copied
# into the child's image.
HELPER = r"""
import os, sys, time
out_path, err_path, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.dup2(os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
        os.dup2(os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
import json
print(json.dumps({"seconds": seconds, "maxrss_kib": usage.ru_maxrss, "status": os.waitstatus_to_exitcode(status)}))
"""


def measure(argv, env=None):
    """Runs argv; returns (seconds, peak RSS in KiB, stdout, stderr, exit status)."""
    with tempfile.TemporaryDirectory(prefix="peak-rss.") as directory:
        out_path, err_path = os.path.join(directory, "out"), os.path.join(directory, "err")
        helper = subprocess.run([sys.executable, "-S", "-c", HELPER, out_path, err_path, *argv],
                                env=env, capture_output=True, text=True)
        if helper.returncode != 0 or not helper.stdout.strip():
            raise RuntimeError("peak_rss helper failed: " + helper.stderr[-2000:])
        result = json.loads(helper.stdout.strip().splitlines()[-1])
        with open(out_path, "rb") as f:
            out = f.read().decode("utf-8", "replace")
        with open(err_path, "rb") as f:
            err = f.read().decode("utf-8", "replace")
    return result["seconds"], result["maxrss_kib"], out, err, result["status"]


def floor():
    """KiB that any child measured this way reports at least: /bin/true's peak RSS."""
    return measure(["true"])[1]
