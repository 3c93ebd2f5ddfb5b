namespace Quantize.Core.Coding;

/// <summary>
/// Moves units of frequency between symbols until the total is right and no move saves bits (see
/// <see cref="AnsFrequencyQuantizer"/> for why that is optimal).
/// </summary>
internal sealed class AnsFrequencyBalancer
{
    // A move must gain more than this fraction of its cost, so rounding noise cannot cycle.
    private const double RelativeTolerance = 1e-12;

    private readonly long[] _counts;
    private readonly int[] _frequencies;

    // Entries carry the frequency they were computed for; a changed frequency makes them stale.
    // Gains: most valuable first (negated); losses: cheapest first. Ties go to the lower symbol.
    private readonly PriorityQueue<(int Symbol, int Frequency), (double, int)> _gains = new();
    private readonly PriorityQueue<(int Symbol, int Frequency), (double, int)> _losses = new();

    public AnsFrequencyBalancer(ReadOnlySpan<long> counts, int[] frequencies)
    {
        _counts = counts.ToArray();
        _frequencies = frequencies;
        for (int s = 0; s < frequencies.Length; s++)
        {
            if (counts[s] > 0)
            {
                Push(s);
            }
        }
    }

    /// <param name="excess">Units to add (positive) or take away (negative) to reach the total.</param>
    public void Run(long excess)
    {
        for (; excess > 0; excess--)
        {
            Change(PeekGain().Symbol, +1);
        }

        for (; excess < 0; excess++)
        {
            // At most M used symbols, so a total above M leaves some f_s above 1.
            Change(PeekLoss().Symbol, -1);
        }

        while (true)
        {
            (int gainer, double gain) = PeekGain();
            (int loser, double loss) = PeekLoss();

            // gain(s) < loss(s) for any single symbol, so an improving move never pairs a symbol
            // with itself; an empty loss heap (every f_s = 1) reports an infinite loss.
            if (!(gain > loss * (1 + RelativeTolerance)))
            {
                return;
            }

            Change(gainer, +1);
            Change(loser, -1);
        }
    }

    private void Change(int symbol, int delta)
    {
        _frequencies[symbol] += delta;
        Push(symbol);
    }

    private void Push(int symbol)
    {
        int f = _frequencies[symbol];
        double count = _counts[symbol];
        _gains.Enqueue((symbol, f), (-count * Math.Log2((f + 1.0) / f), symbol));
        if (f > 1)
        {
            _losses.Enqueue((symbol, f), (count * Math.Log2(f / (f - 1.0)), symbol));
        }
    }

    private (int Symbol, double Gain) PeekGain()
    {
        while (true)
        {
            _gains.TryPeek(out var entry, out var priority);
            if (_frequencies[entry.Symbol] == entry.Frequency)
            {
                return (entry.Symbol, -priority.Item1);
            }

            _gains.Dequeue();
        }
    }

    private (int Symbol, double Loss) PeekLoss()
    {
        while (_losses.TryPeek(out var entry, out var priority))
        {
            if (_frequencies[entry.Symbol] == entry.Frequency)
            {
                return (entry.Symbol, priority.Item1);
            }

            _losses.Dequeue();
        }

        return (-1, double.PositiveInfinity);
    }
}
