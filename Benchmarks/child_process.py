"""Timing a child process for the benchmarks: wall clock and the child's own peak memory."""
import os
import subprocess
import threading
import time


def measure(argv, env=None):
    """Runs argv; returns (seconds, peak RSS in KiB, stdout, stderr, exit status)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out_chunks, err_chunks = [], []

    def drain(stream, sink):
        for chunk in iter(lambda: stream.read(65536), b""):
            sink.append(chunk)

    threads = [threading.Thread(target=drain, args=(process.stdout, out_chunks)),
               threading.Thread(target=drain, args=(process.stderr, err_chunks))]
    for thread in threads:
        thread.start()
    # wait4 gives this child's own rusage (communicate() would reap it first).
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    for thread in threads:
        thread.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss, b"".join(out_chunks).decode(), b"".join(err_chunks).decode(), process.returncode
