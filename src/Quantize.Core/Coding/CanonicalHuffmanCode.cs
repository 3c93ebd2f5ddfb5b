namespace Quantize.Core.Coding;

/// <summary>
/// A canonical prefix code: codewords are assigned in order of (length, symbol value), so the
/// lengths alone describe the code and are all a file needs to store.
/// </summary>
public sealed class CanonicalHuffmanCode
{
    /// <summary>Longest codeword supported; codewords fit a <see cref="uint"/>.</summary>
    public const int MaxCodeLength = 32;

    private readonly int[] _lengths;
    private readonly uint[] _codes;
    private HuffmanDecodeTable? _decodeTable;

    private CanonicalHuffmanCode(int[] lengths, uint[] codes, int maxLength, int usedSymbolCount)
    {
        _lengths = lengths;
        _codes = codes;
        MaxLength = maxLength;
        UsedSymbolCount = usedSymbolCount;
    }

    /// <summary>Alphabet size, used or not.</summary>
    public int SymbolCount => _lengths.Length;

    /// <summary>Number of symbols with a codeword (length above 0).</summary>
    public int UsedSymbolCount { get; }

    /// <summary>Longest codeword length; 0 when no symbol is used.</summary>
    public int MaxLength { get; }

    /// <summary>Codeword length of each symbol; 0 means the symbol has no codeword.</summary>
    public ReadOnlySpan<int> Lengths => _lengths;

    // Built on first decode only; a racing second build is identical, so no lock is needed.
    internal HuffmanDecodeTable DecodeTable => _decodeTable ??= new HuffmanDecodeTable(this);

    internal ReadOnlySpan<uint> Codes => _codes;

    /// <summary>
    /// Builds the canonical code for the given lengths. Lengths may come from an untrusted file, so
    /// they are checked: each in 0..32 and Kraft sum sum(2^-length) at most 1. A single used symbol
    /// must have length 1. Incomplete codes (Kraft sum below 1) are accepted; decoding a bit
    /// pattern they leave unassigned throws.
    /// </summary>
    /// <exception cref="InvalidDataException">The lengths do not describe a prefix code.</exception>
    public static CanonicalHuffmanCode FromLengths(ReadOnlySpan<int> lengths)
    {
        // Kraft sum scaled by 2^32; at most int.MaxValue terms of at most 2^31 each fit a ulong.
        const ulong kraftOne = 1UL << MaxCodeLength;
        var countPerLength = new int[MaxCodeLength + 1];
        ulong kraft = 0;
        int maxLength = 0, used = 0;
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if ((uint)length > MaxCodeLength)
            {
                throw new InvalidDataException(
                    $"Code length {length} of symbol {symbol} is outside 0..{MaxCodeLength}.");
            }

            if (length > 0)
            {
                countPerLength[length]++;
                used++;
                kraft += kraftOne >> length;
                maxLength = Math.Max(maxLength, length);
            }
        }

        if (kraft > kraftOne)
        {
            throw new InvalidDataException(
                $"Code lengths are over-subscribed (Kraft sum {kraft / (double)kraftOne} > 1): not a prefix code.");
        }

        if (used == 1 && maxLength != 1)
        {
            throw new InvalidDataException($"A code with a single symbol must use length 1, not {maxLength}.");
        }

        // First codeword of each length: the previous length's range, shifted one bit left.
        var nextCode = new ulong[MaxCodeLength + 1];
        for (int length = 2; length <= MaxCodeLength; length++)
        {
            nextCode[length] = (nextCode[length - 1] + (ulong)countPerLength[length - 1]) << 1;
        }

        var codes = new uint[lengths.Length];
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length > 0)
            {
                codes[symbol] = (uint)nextCode[length]++;
            }
        }

        return new CanonicalHuffmanCode(lengths.ToArray(), codes, maxLength, used);
    }

    /// <summary>Optimal code for the given frequencies, lengths limited to <paramref name="maxLength"/>.</summary>
    public static CanonicalHuffmanCode FromFrequencies(ReadOnlySpan<long> frequencies, int maxLength = MaxCodeLength) =>
        FromLengths(HuffmanCodeLengths.Compute(frequencies, maxLength));

    /// <summary>Codeword of <paramref name="symbol"/>, right-aligned in its <c>Lengths[symbol]</c> bits.</summary>
    /// <exception cref="ArgumentException">The symbol has no codeword.</exception>
    public uint CodeOf(int symbol)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(symbol);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(symbol, SymbolCount);
        if (_lengths[symbol] == 0)
        {
            throw new ArgumentException($"Symbol {symbol} has no codeword (code length 0).", nameof(symbol));
        }

        return _codes[symbol];
    }
}
