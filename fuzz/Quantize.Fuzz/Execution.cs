namespace Quantize.Fuzz;

/// <summary>One input through one target: rejected (a typed format exception), accepted, or a crash (thrown).</summary>
static class Execution
{
    /// <summary>Runs the input; returns the expected exception that rejected it, or null; throws on anything else.</summary>
    public static Exception? Run(FuzzTarget target, byte[] input, Scratch scratch)
    {
        // Allocated bytes across all threads; imprecise by an allocation context (kilobytes), far below any budget.
        long before = GC.GetTotalAllocatedBytes(precise: false);
        Exception? rejection = null;
        try
        {
            target.Run(input, scratch);
        }
        catch (Exception e) when (target.IsExpected(e))
        {
            rejection = e;
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        long budget = target.AllocationBudget(input.Length);
        if (allocated > budget)
            throw new FuzzFailure($"{target.Name}: a {input.Length}-byte input made the reader allocate {allocated:N0} bytes (budget {budget:N0})", rejection);
        return rejection;
    }

    /// <summary>Runs a step that must succeed once an earlier check accepted the input; any failure is a crash.</summary>
    public static T Must<T>(string invariant, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is not FuzzFailure)
        {
            throw new FuzzFailure($"{invariant}, but {e.GetType().Name}: {e.Message}", e);
        }
    }

    public static void Must(string invariant, Action step) => Must(invariant, () => { step(); return 0; });

    public static void Check(bool condition, string invariant)
    {
        if (!condition) throw new FuzzFailure(invariant);
    }
}
