using System.Buffers.Binary;

namespace Quantize.Core.Coding;

/// <summary>
/// Range ANS (Duda 2013) with a static <see cref="AnsFrequencyTable"/>: codes a source at its entropy,
/// below 1 bit per symbol where a prefix code cannot go.
/// </summary>
/// <remarks>
/// Symbols at even positions go through one state, those at odd positions through another, so a
/// decoder can overlap two dependency chains. Payload layout: the two final states (even, then odd;
/// 8 bytes each, little-endian), then 32-bit little-endian words in the order the decoder consumes
/// them. ANS is last-in first-out, so the encoder walks the symbols backwards and the words are stored
/// in reverse of their emission order. Both states start at L = 2^31, which the decoder must arrive
/// back at (see <see cref="RansDecoder"/>).
/// </remarks>
public static class RansEncoder
{
    /// <summary>Encodes the symbols into a self-contained payload whose bit length is 8 × its byte length.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A symbol is outside the alphabet of the table.</exception>
    /// <exception cref="ArgumentException">A symbol has frequency 0.</exception>
    public static byte[] Encode(AnsFrequencyTable table, ReadOnlySpan<int> symbols)
    {
        ArgumentNullException.ThrowIfNull(table);
        ReadOnlySpan<int> frequencies = table.Frequencies;
        ReadOnlySpan<int> cumulative = table.Cumulative;
        int precision = table.Precision;
        int overflowShift = RansParameters.StateBits - precision;

        // A word per 16 symbols is a guess; the stack doubles when it is wrong.
        var words = new uint[Math.Max(16, symbols.Length / 16)];
        int wordCount = 0;
        Span<ulong> states = stackalloc ulong[RansParameters.StateCount];
        states.Fill(RansParameters.LowerBound);
        for (int i = symbols.Length - 1; i >= 0; i--)
        {
            ref ulong state = ref states[i & 1];
            int symbol = symbols[i];
            if ((uint)symbol >= (uint)frequencies.Length)
            {
                ThrowHelper.SymbolOutOfRange(symbol, frequencies.Length, i);
            }

            uint frequency = (uint)frequencies[symbol];
            if (frequency == 0)
            {
                ThrowHelper.SymbolWithZeroFrequency(symbol, i);
            }

            // Push out a word when the step would leave [L, 2^63). The state is below 2^63, so one
            // word brings it below 2^31 ≤ f·2^(63-n), and the step then lands in [L, 2^63).
            if (state >= (ulong)frequency << overflowShift)
            {
                if (wordCount == words.Length)
                {
                    Array.Resize(ref words, words.Length * 2);
                }

                words[wordCount++] = (uint)state;
                state >>= RansParameters.WordBits;
            }

            ulong quotient = state / frequency;
            state = (quotient << precision) + (state - quotient * frequency) + (uint)cumulative[symbol];
        }

        var payload = new byte[RansParameters.HeaderBytes + wordCount * RansParameters.WordBytes];
        for (int k = 0; k < RansParameters.StateCount; k++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(k * RansParameters.StateBytes), states[k]);
        }

        Span<byte> body = payload.AsSpan(RansParameters.HeaderBytes);
        for (int j = 0; j < wordCount; j++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(body.Slice(j * RansParameters.WordBytes), words[wordCount - 1 - j]);
        }

        return payload;
    }
}
