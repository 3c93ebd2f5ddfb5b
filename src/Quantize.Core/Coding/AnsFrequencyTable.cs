using System.Numerics;

namespace Quantize.Core.Coding;

/// <summary>
/// Static model of an ANS coder: a frequency f_s for each symbol 0..k-1, summing to
/// M = 2^<see cref="Precision"/>. Symbol s is coded in about log2(M / f_s) bits, so the table
/// approximates the source probabilities p_s by f_s / M; every used symbol needs f_s ≥ 1.
/// </summary>
public sealed partial class AnsFrequencyTable
{
    /// <summary>Largest precision: 2^20 slots bound the decode table at 2 MB (4 MB past 65,536 symbols).</summary>
    public const int MaxPrecision = 20;

    /// <summary>
    /// When <see cref="FromCounts"/> chooses the precision, it takes the smallest one whose estimated
    /// size (payload plus table) is within this fraction of the smallest estimate: a smaller decode
    /// table stays in the cache and decodes faster, and the price is bounded at 0.01%.
    /// </summary>
    public const double PrecisionTolerance = 1e-4;

    /// <summary>Largest alphabet.</summary>
    public const int MaxSymbolCount = 1 << 24;

    private readonly int[] _frequencies;
    private readonly int[] _cumulative;
    private AnsDecodeTable? _decodeTable;

    private AnsFrequencyTable(int[] frequencies, int precision)
    {
        _frequencies = frequencies;
        Precision = precision;
        _cumulative = new int[frequencies.Length];
        int sum = 0;
        for (int s = 0; s < frequencies.Length; s++)
        {
            _cumulative[s] = sum;
            sum += frequencies[s];
            if (frequencies[s] > 0)
            {
                UsedSymbolCount++;
            }
        }

        (ExpGolombOrder, SerializedBits) = ChooseExpGolombOrder(frequencies, precision);
    }

    /// <summary>log2 of the total frequency M.</summary>
    public int Precision { get; }

    /// <summary>M = 2^<see cref="Precision"/>, the sum of the frequencies (unless the table is empty).</summary>
    public int TotalFrequency => 1 << Precision;

    /// <summary>Alphabet size k, used or not.</summary>
    public int SymbolCount => _frequencies.Length;

    /// <summary>Symbols with a frequency above 0; 0 for an empty table, which can code only empty input.</summary>
    public int UsedSymbolCount { get; }

    /// <summary>Quantized frequency of each symbol; 0 means the symbol cannot be coded.</summary>
    public ReadOnlySpan<int> Frequencies => _frequencies;

    /// <summary>Bits that <see cref="Write"/> emits.</summary>
    public long SerializedBits { get; }

    /// <summary>Sum of the frequencies of the symbols below each symbol.</summary>
    internal ReadOnlySpan<int> Cumulative => _cumulative;

    internal int ExpGolombOrder { get; }

    // Built on first decode only; a racing second build is identical, so no lock is needed.
    internal AnsDecodeTable DecodeTable => _decodeTable ??= AnsDecodeTable.Build(_frequencies, _cumulative, Precision);

    /// <summary>
    /// The table that codes a source with these symbol counts in (nearly) the fewest bits: for each
    /// precision the frequencies minimising Σ count·log2(M / f) (see <see cref="AnsFrequencyQuantizer"/>),
    /// and unless a precision is given, the smallest precision whose payload plus
    /// <see cref="SerializedBits"/> is within <see cref="PrecisionTolerance"/> of the best.
    /// </summary>
    /// <param name="counts">How often each symbol 0..k-1 occurs; all zero gives an empty table.</param>
    /// <param name="precision">A fixed precision, or null to choose one.</param>
    /// <exception cref="ArgumentException">
    /// A count is negative, the counts sum past <see cref="long.MaxValue"/>, the alphabet is larger than
    /// <see cref="MaxSymbolCount"/>, or more symbols are used than 2^precision slots hold.
    /// </exception>
    public static AnsFrequencyTable FromCounts(ReadOnlySpan<long> counts, int? precision = null)
    {
        if (counts.Length > MaxSymbolCount)
        {
            throw new ArgumentException($"At most {MaxSymbolCount} symbols are supported, got {counts.Length}.", nameof(counts));
        }

        int used = 0;
        long total = 0;
        for (int s = 0; s < counts.Length; s++)
        {
            if (counts[s] < 0)
            {
                throw new ArgumentException($"Count of symbol {s} is negative ({counts[s]}).", nameof(counts));
            }

            if (counts[s] > 0)
            {
                if (counts[s] > long.MaxValue - total)
                {
                    throw new ArgumentException("The counts sum past 2^63.", nameof(counts));
                }

                used++;
                total += counts[s];
            }
        }

        int minPrecision = used <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(used - 1));
        if (precision is int fixedPrecision)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(fixedPrecision, nameof(precision));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(fixedPrecision, MaxPrecision, nameof(precision));
            if (fixedPrecision < minPrecision)
            {
                throw new ArgumentException(
                    $"{used} used symbols need at least {minPrecision} bits of precision, not {fixedPrecision}.", nameof(precision));
            }

            return new AnsFrequencyTable(AnsFrequencyQuantizer.Quantize(counts, total, fixedPrecision), fixedPrecision);
        }

        if (minPrecision > MaxPrecision)
        {
            throw new ArgumentException(
                $"{used} used symbols exceed the {1 << MaxPrecision} frequency slots of the largest precision.", nameof(counts));
        }

        var candidates = new List<(AnsFrequencyTable Table, double Bits)>();
        for (int p = minPrecision; p <= (used == 0 ? minPrecision : MaxPrecision); p++)
        {
            var candidate = new AnsFrequencyTable(AnsFrequencyQuantizer.Quantize(counts, total, p), p);
            candidates.Add((candidate, candidate.CostBits(counts) + candidate.SerializedBits));
        }

        double limit = candidates.Min(c => c.Bits) * (1 + PrecisionTolerance);
        AnsFrequencyTable best = candidates.First(c => c.Bits <= limit).Table;
        return best;
    }

    /// <summary>
    /// A table with the given frequencies. They may come from an untrusted file, so they are checked:
    /// each in 0..M and their sum exactly M = 2^precision, or all zero (an empty table).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="precision"/> is outside 0..<see cref="MaxPrecision"/>.</exception>
    /// <exception cref="InvalidDataException">The frequencies do not form a table.</exception>
    public static AnsFrequencyTable FromFrequencies(ReadOnlySpan<int> frequencies, int precision)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(precision);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, MaxPrecision);
        if (frequencies.Length > MaxSymbolCount)
        {
            ThrowHelper.AnsTooManySymbols(frequencies.Length, MaxSymbolCount);
        }

        int total = 1 << precision;
        long sum = 0;
        for (int s = 0; s < frequencies.Length; s++)
        {
            if ((uint)frequencies[s] > (uint)total)
            {
                ThrowHelper.AnsFrequencyOutOfRange(s, frequencies[s], total);
            }

            sum += frequencies[s];
        }

        if (sum != 0 && sum != total)
        {
            ThrowHelper.AnsWrongTotal(sum, total);
        }

        return new AnsFrequencyTable(frequencies.ToArray(), precision);
    }

    /// <summary>
    /// Bits an ideal coder with this table spends on a source with these counts: Σ count·log2(M / f).
    /// The rANS payload adds at most 64 bits for the flushed state and a negligible rounding loss.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The spans differ in length, a count is negative, or a symbol that occurs has frequency 0.
    /// </exception>
    public double CostBits(ReadOnlySpan<long> counts)
    {
        if (counts.Length != SymbolCount)
        {
            throw new ArgumentException($"Expected {SymbolCount} counts, got {counts.Length}.", nameof(counts));
        }

        double bits = 0;
        for (int s = 0; s < counts.Length; s++)
        {
            if (counts[s] < 0)
            {
                throw new ArgumentException($"Count of symbol {s} is negative ({counts[s]}).", nameof(counts));
            }

            if (counts[s] > 0)
            {
                if (_frequencies[s] == 0)
                {
                    throw new ArgumentException($"Symbol {s} occurs but has frequency 0.", nameof(counts));
                }

                bits += counts[s] * (Precision - Math.Log2(_frequencies[s]));
            }
        }

        return bits;
    }

    /// <summary>
    /// Bits this table spends beyond the empirical entropy of the counts, N·H: the price of
    /// quantizing the probabilities to multiples of 1/M. Never negative (up to rounding).
    /// </summary>
    public double CodingLossBits(ReadOnlySpan<long> counts)
    {
        double n = 0;
        foreach (long count in counts)
        {
            n += count;
        }

        return CostBits(counts) - n * Accounting.Entropy.Bits(counts);
    }
}
