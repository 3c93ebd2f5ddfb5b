// libtorch keeps one global random generator and thread pool per process; tests that seed it must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
