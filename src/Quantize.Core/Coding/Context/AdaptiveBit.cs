namespace Quantize.Core.Coding.Context;

/// <summary>
/// The adaptive probability model of one binary context (docs/format.md, section 16.1): a 15-bit estimate of the
/// probability that the next decision is 0, moved toward each decision seen by 2^-s of its distance to the floor or ceiling (rounded up). The rate starts fast
/// and slows as decisions accumulate (s = ⌊log2(n + 2)⌋ after n decisions, at most <see cref="MaxShift"/>), so a context
/// that sees few decisions (a bias vector's) learns quickly and a busy one settles to a precise estimate. The estimate is
/// held within [<see cref="Floor"/>, 2^15 − <see cref="Floor"/>]: no decision costs less than 0.0014 bits, which bounds the
/// decisions a stream of a given size can hold. Integers only, so every machine computes the same models and bytes.
/// </summary>
public struct AdaptiveBit
{
    /// <summary>Probabilities are in units of 2^-15.</summary>
    public const int ProbabilityBits = 15;

    public const int One = 1 << ProbabilityBits;

    /// <summary>The slowest rate: once settled, each decision moves the estimate by 1/128 of its distance.</summary>
    public const int MaxShift = 7;

    /// <summary>The smallest probability either decision may have.</summary>
    public const int Floor = 32;

    /// <summary>Decisions a stream may hold per bit at most: 1 / −log2(1 − Floor / One) ≈ 709, rounded up to a power of 2.</summary>
    public const int MaxDecisionsPerBit = 1024;

    /// <summary>Probability of 0, in units of 2^-15.</summary>
    public ushort Probability;

    /// <summary>Decisions seen, saturating where the rate stops slowing.</summary>
    public ushort Seen;

    /// <summary>A fresh context: probability 1/2, nothing seen.</summary>
    public static AdaptiveBit Initial => new() { Probability = One / 2 };

    /// <summary>Adapts the estimate to a decision of <paramref name="bit"/>.</summary>
    public void Update(int bit)
    {
        // The distance to the target (the floor or the ceiling) shrinks by 2^-shift, rounded up so the estimate reaches the target.
        int shift = Shift(Seen), round = (1 << shift) - 1, p = Probability;
        Probability = (ushort)(bit == 0 ? p + ((One - Floor - p + round) >> shift) : p - ((p - Floor + round) >> shift));
        if (Seen < SettledAfter) Seen++;
    }

    /// <summary>The rate after <paramref name="seen"/> decisions: ⌊log2(seen + 2)⌋, at most <see cref="MaxShift"/>.</summary>
    public static int Shift(int seen) => Math.Min(MaxShift, 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)seen + 2));

    // From here on the rate is MaxShift: 2^MaxShift − 2 decisions.
    const int SettledAfter = (1 << MaxShift) - 2;

    /// <summary>The ideal cost in bits of coding <paramref name="bit"/> at this estimate (reports only; the coder never uses it).</summary>
    public readonly double CostBits(int bit) => -Math.Log2((bit == 0 ? Probability : One - Probability) / (double)One);

    /// <summary>Fresh models for a set of contexts.</summary>
    public static AdaptiveBit[] NewSet(int count)
    {
        var models = new AdaptiveBit[count];
        Array.Fill(models, Initial);
        return models;
    }
}
