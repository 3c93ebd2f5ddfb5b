namespace Quantize.Core.Coding;

/// <summary>
/// Constants of the rANS stream shared by <see cref="RansEncoder"/> and <see cref="RansDecoder"/>.
/// </summary>
/// <remarks>
/// The state lives in [<see cref="LowerBound"/>, 2^63) and moves 32-bit words in and out. With at
/// most 2^20 frequency slots the state is always at least 2^11 times the slot count, so the integer
/// rounding in a step costs at most about f/x ≤ 2^-11 of a nat (under 10^-3 bits), and far less at the
/// usual precisions of 12 to 16; and one word read or written per symbol is always enough to
/// renormalise.
/// </remarks>
internal static class RansParameters
{
    /// <summary>L: the smallest normalised state, and the state the encoder starts from.</summary>
    public const ulong LowerBound = 1UL << 31;

    /// <summary>Exclusive upper end of a normalised state (exponent of 2).</summary>
    public const int StateBits = 63;

    public const int WordBits = 32;

    public const int WordBytes = WordBits / 8;

    /// <summary>One flushed state.</summary>
    public const int StateBytes = 8;

    /// <summary>
    /// Symbols alternate between two states (even positions use the first), so a decoder works on two
    /// independent dependency chains at once (Giesen 2014, "Interleaved entropy coders").
    /// </summary>
    public const int StateCount = 2;

    /// <summary>The flushed final states at the start of the payload.</summary>
    public const int HeaderBytes = StateCount * StateBytes;
}
