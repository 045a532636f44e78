"""A ticketd working directory for the benchmarks: Samples/ticketd.toml with its secret files.

lay_out(work, master_key_base64, limits=None) writes, into the directory `work`,
  - ticketd.toml: the sample configuration, with max_message_size raised to 25 MB (the sample
    keeps it small on purpose, to show the quarantine), and each entry of `limits` (e.g.
    {"ingest_batch": 100}) as a key of its [limits] table; keys not given are left out, so
    that ticketd's own defaults count;
  - state/: where the sample configuration keeps its database;
  - master.key, imap.password, smtp.password (mode 600); ingest needs no mail server, so the
    passwords are placeholders.
The caller chooses the master key: the ingest benchmark a fresh random one, the instruction-count
guard a fixed one, so that its keyed hashes (and so the database's B-trees) repeat from run to run.
Standard library only.
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SAMPLE_CONFIG = os.path.join(ROOT, "Samples", "ticketd.toml")


def with_limit(config, key, value):
    """The TOML text with `key = value` as the first entry of its [limits] table (added if missing)."""
    line = f"{key} = {value}"
    header = re.search(r"^\[limits\][ \t]*(#.*)?$", config, re.M)
    if header is None:
        return config.rstrip("\n") + f"\n\n[limits]\n{line}\n"
    end = header.end()
    return config[:end] + "\n" + line + config[end:]


def lay_out(work, master_key_base64, limits=None):
    """Writes the configuration and its secrets into `work`; returns the configuration's path."""
    os.makedirs(os.path.join(work, "state"), exist_ok=True)
    with open(SAMPLE_CONFIG) as f:
        config = f.read()
    config = config.replace('max_message_size = "256 KiB"', 'max_message_size = "25 MB"')
    for key, value in reversed(list((limits or {}).items())):  # each goes first: keep the given order
        config = with_limit(config, key, value)
    path = os.path.join(work, "ticketd.toml")
    with open(path, "w") as f:
        f.write(config)
    for name, content in [("master.key", master_key_base64 + "\n"),
                          ("imap.password", "bench\n"), ("smtp.password", "bench\n")]:
        secret = os.path.join(work, name)
        with open(secret, "w") as f:
            f.write(content)
        os.chmod(secret, 0o600)
    return path

