"""Work off the GUI thread may build coordinate systems, hundreds of times, without crashing the app.

pyproj keeps PROJ state per Python thread; a pooled Qt thread enters Python
as a new thread for each job, and creating coordinate systems there crashed
the process within a few hundred jobs. The jobs here run in a child process,
so a crash fails the test instead of ending the test run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.clock import child_environment

JOBS = 300

SCRIPT = textwrap.dedent(
    f"""
    import geopandas as gpd
    import numpy as np
    import shapely
    from PySide6.QtCore import QCoreApplication, QEventLoop

    from desktop.background import LatestJob

    app = QCoreApplication([])

    def work():
        points = gpd.GeoSeries(shapely.points(np.full((5, 2), (106.0, 37.0))), crs="EPSG:4490").to_crs(32648)
        return float(points.x.iloc[0])

    counter, answers = LatestJob(), []
    for _ in range({JOBS}):
        waiting = QEventLoop()
        counter.done.connect(waiting.quit)
        counter.request(work)
        waiting.exec()
        counter.done.disconnect(waiting.quit)
    counter.done.connect(answers.append)
    waiting = QEventLoop()
    counter.done.connect(waiting.quit)
    counter.request(work)
    waiting.exec()
    print(len(answers), answers[0] > 0)
    """
)


def test_hundreds_of_counts_building_coordinate_systems_off_the_gui_thread_do_not_crash():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=600, env=child_environment()
    )
    assert done.returncode == 0, f"the process ended with {done.returncode}: {done.stderr[-2000:]}"
    assert done.stdout.split() == ["1", "True"]


def test_a_stopped_job_ends_its_thread_and_says_nothing(qtbot):
    """A view that closes stops its counter: the running work is waited for, its answer and the waiting work dropped."""
    import threading

    from desktop.background import LatestJob

    release, started, answers = threading.Event(), threading.Event(), []

    def slow() -> str:
        started.set()
        release.wait(5)
        return "stale"

    counter = LatestJob()
    counter.done.connect(answers.append)
    counter.request(slow)
    counter.request(lambda: "never run")
    assert started.wait(5)
    release.set()
    counter.stop()
    qtbot.wait(50)  # a queued answer would arrive now
    assert answers == [] and not counter.busy


def test_cycles_are_collected_on_the_gui_thread_only(qtbot, qapp):
    import gc
    import weakref

    assert not gc.isenabled(), "no worker thread may collect: it could finalize a window's Qt objects"

    class Cycle:
        pass

    cycle = Cycle()
    cycle.itself = cycle
    gone = weakref.ref(cycle)
    del cycle
    young = [[] for _ in range(2 * gc.get_threshold()[0])]  # enough new objects for a collection to be due
    qtbot.waitUntil(lambda: gone() is None, timeout=5000)  # the GUI thread's timer collected it
    del young
