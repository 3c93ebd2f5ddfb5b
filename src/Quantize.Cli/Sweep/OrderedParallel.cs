namespace Quantize.Cli.Sweep;

/// <summary>
/// Maps items on worker threads but hands the results back in input order, so what consumes them (the
/// evaluation, which libtorch already spreads over the cores) overlaps with the next items' work and the
/// output never depends on timing. At most <c>lookAhead</c> results wait at once, which bounds memory.
/// </summary>
public static class OrderedParallel
{
    public static IEnumerable<TResult> Map<TItem, TResult>(IReadOnlyList<TItem> items, int workers, int lookAhead, Func<TItem, TResult> work)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lookAhead, 1);
        // Not disposed: a consumer that stops early leaves running items behind, and they still release it.
        var slots = new SemaphoreSlim(workers);
        var pending = new Task<TResult>?[items.Count];
        int started = 0;
        for (int i = 0; i < items.Count; i++)
        {
            for (; started < items.Count && started < i + lookAhead; started++)
            {
                TItem item = items[started];
                pending[started] = Task.Run(async () =>
                {
                    await slots.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        return work(item);
                    }
                    finally
                    {
                        slots.Release();
                    }
                });
            }
            TResult result = pending[i]!.GetAwaiter().GetResult();
            pending[i] = null;
            yield return result;
        }
    }
}
