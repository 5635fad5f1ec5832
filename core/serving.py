"""What a server process does once its application is loaded (mltportal/wsgi.py,
mltportal/asgi.py; the benchmark's in-process server time does the same)."""

import gc


def tune_garbage_collection():
    """What is alive by now (the application, once loaded) is collected once, then moved
    out of the collector's way (frozen). Called again, it first unfreezes, so nothing
    frozen earlier escapes collection for good. The youngest generation is collected
    every 20,000 allocations instead of 2,000: a page allocates tens of thousands of
    objects, most freed by reference counting. Measured over 300 cold directory requests
    at 1,000 listings (BENCHMARKS.md): 2.7 ms a request spent collecting before, 1.0 ms
    after, and no pause of the middle generation (13-26 ms each, one request in 16
    before) left."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
