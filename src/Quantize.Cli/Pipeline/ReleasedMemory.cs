namespace Quantize.Cli.Pipeline;

/// <summary>
/// A full, blocking collection at the points of compress where a model's worth of arrays has just become garbage and the
/// next step allocates about as much again. Left alone, the GC's large-object budget (hundreds of MB) lets the dead arrays
/// stay resident beside the new ones, and peak memory is set by the GC's timing instead of by what is live. Aggressive
/// mode compacts and hands the freed pages back to the OS at once; the cost of the three collections is inside the
/// times of docs/results.md section 6.
/// </summary>
static class ReleasedMemory
{
    public static void Collect() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
