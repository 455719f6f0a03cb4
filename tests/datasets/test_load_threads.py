"""The first load of a bundled dataset is thread-safe: every thread gets one object."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

# Run in a fresh interpreter, so that the first load really is the first. The reader is
# slowed down so that all the threads are inside the first load at once, as they would
# be on a busy machine; without a lock each of them reads the file for itself.
PROGRAM = textwrap.dedent(
    """
    import sys, threading, time
    import aigovernance as ag
    import aigovernance.serialization as serialization

    reads = []
    original = serialization.from_json

    def slow_from_json(*args, **kwargs):
        reads.append(1)
        time.sleep(0.05)
        return original(*args, **kwargs)

    serialization.from_json = slow_from_json
    threads = int(sys.argv[1])
    name = sys.argv[2]
    barrier = threading.Barrier(threads)
    got = [None] * threads

    def first_load(index):
        barrier.wait()
        got[index] = ag.datasets.load() if name == "default" else ag.datasets.load(name)

    workers = [threading.Thread(target=first_load, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(len({id(value) for value in got}), len(reads), got[0].id)
    """
)


@pytest.mark.parametrize(
    ("name", "expected_id"),
    [("default", "seed"), ("seed", "seed"), ("reference-principles", "reference-principles")],
)
def test_concurrent_first_loads_give_one_object(name: str, expected_id: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, "16", name],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    objects, reads, dataset_id = done.stdout.split()
    assert (objects, reads, dataset_id) == ("1", "1", expected_id)


def test_the_default_and_the_name_share_one_object_across_threads() -> None:
    program = PROGRAM.replace(
        'got[index] = ag.datasets.load() if name == "default" else ag.datasets.load(name)',
        "got[index] = ag.datasets.load() if index % 2 else ag.datasets.load('seed')",
    )
    done = subprocess.run(
        [sys.executable, "-c", program, "32", "seed"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "1", "seed"]
