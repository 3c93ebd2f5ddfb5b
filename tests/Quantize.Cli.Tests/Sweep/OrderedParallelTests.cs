using Quantize.Cli.Sweep;

namespace Quantize.Cli.Tests.Sweep;

public class OrderedParallelTests
{
    [Fact]
    public void ResultsComeInInputOrderWhateverTheTiming()
    {
        int[] items = Enumerable.Range(0, 40).ToArray();
        var order = OrderedParallel.Map(items, workers: 4, lookAhead: 6, item =>
        {
            Thread.Sleep((item * 7919) % 13); // finish out of order
            return item * item;
        }).ToList();
        Assert.Equal(items.Select(i => i * i), order);
    }

    [Fact]
    public void NeverRunsMoreThanTheWorkersOrGetsAheadOfTheLookAhead()
    {
        int running = 0, mostRunning = 0, consumed = 0, mostAhead = 0;
        var items = Enumerable.Range(0, 30).ToArray();
        foreach (int item in OrderedParallel.Map(items, workers: 2, lookAhead: 3, item =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostRunning, now);
            InterlockedMax(ref mostAhead, item - Volatile.Read(ref consumed));
            Thread.Sleep(2);
            Interlocked.Decrement(ref running);
            return item;
        }))
        {
            Interlocked.Increment(ref consumed);
        }
        Assert.InRange(mostRunning, 1, 2);
        Assert.InRange(mostAhead, 0, 2); // item i starts only once item i - 3 has been handed over
    }

    [Fact]
    public void AnExceptionReachesTheConsumerAtItsItem()
    {
        var results = new List<int>();
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (int r in OrderedParallel.Map(Enumerable.Range(0, 5).ToArray(), 2, 2, i => i == 3 ? throw new InvalidOperationException("boom") : i))
                results.Add(r);
        });
        Assert.Equal([0, 1, 2], results);
    }

    static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
