using Quantize.Core.Coding.Context;

namespace Quantize.Core.Tests.Coding.Context;

public class BinaryRangeCoderTests
{
    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(0.02, 7)]
    [InlineData(0.98, 8)]
    [InlineData(0.0, 9)]
    public void DecisionsRoundTripAndTheStreamIsReadExactly(double ones, int seed)
    {
        var random = new Random(seed);
        var bits = new int[20_000];
        var contexts = new int[bits.Length];
        for (int i = 0; i < bits.Length; i++)
        {
            contexts[i] = random.Next(3);
            bits[i] = random.NextDouble() < (contexts[i] == 0 ? ones : 0.5) ? 1 : 0;
        }
        AdaptiveBit[] encoding = AdaptiveBit.NewSet(3);
        var encoder = new BinaryRangeEncoder();
        for (int i = 0; i < bits.Length; i++) encoder.Encode(ref encoding[contexts[i]], bits[i]);
        byte[] stream = encoder.Finish();

        AdaptiveBit[] decoding = AdaptiveBit.NewSet(3);
        var decoder = new BinaryRangeDecoder(stream);
        for (int i = 0; i < bits.Length; i++) Assert.Equal(bits[i], decoder.Decode(ref decoding[contexts[i]]));
        decoder.Finish();
        Assert.Equal(encoding, decoding);
    }

    [Fact]
    public void NoDecisionsIsFourZeroBytes()
    {
        byte[] stream = new BinaryRangeEncoder().Finish();
        Assert.Equal(new byte[4], stream);
        new BinaryRangeDecoder(stream).Finish();
    }

    [Fact]
    public void ASkewedSourceCostsNearItsEntropy()
    {
        // 1% ones, independent: entropy 0.0808 bits per decision; the adaptive model pays a little more.
        var random = new Random(3);
        AdaptiveBit model = AdaptiveBit.Initial;
        var encoder = new BinaryRangeEncoder();
        const int Count = 200_000;
        for (int i = 0; i < Count; i++) encoder.Encode(ref model, random.NextDouble() < 0.01 ? 1 : 0);
        double bitsPerDecision = encoder.Finish().Length * 8.0 / Count;
        Assert.InRange(bitsPerDecision, 0.0808, 0.0808 * 1.06);
    }

    [Fact]
    public void EstimatesStayInsideTheirRangeAfterLongRuns()
    {
        AdaptiveBit low = AdaptiveBit.Initial, high = AdaptiveBit.Initial;
        for (int i = 0; i < 100_000; i++)
        {
            low.Update(1);
            high.Update(0);
        }
        Assert.Equal(AdaptiveBit.Floor, low.Probability);
        Assert.Equal(AdaptiveBit.One - AdaptiveBit.Floor, high.Probability);
        Assert.Equal(AdaptiveBit.MaxShift, AdaptiveBit.Shift(low.Seen));
    }

    [Fact]
    public void ATruncatedStreamFailsAtFinish()
    {
        byte[] stream = Encode(5_000, seed: 4);
        var error = Assert.Throws<InvalidDataException>(() => DecodeAll(stream[..^2], 5_000));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void UnusedBytesFailAtFinish()
    {
        byte[] stream = [.. Encode(5_000, seed: 5), 0];
        var error = Assert.Throws<InvalidDataException>(() => DecodeAll(stream, 5_000));
        Assert.Contains("unused bytes", error.Message);
    }

    [Fact]
    public void AFlippedBitIsCaughtByTheFinalState()
    {
        byte[] stream = Encode(5_000, seed: 6);
        int caught = 0;
        for (int b = 0; b < stream.Length; b++)
        {
            byte[] damaged = (byte[])stream.Clone();
            damaged[b] ^= 0x10;
            try
            {
                DecodeAll(damaged, 5_000);
            }
            catch (InvalidDataException)
            {
                caught++;
            }
        }
        Assert.True(caught >= stream.Length - 2, $"{caught} of {stream.Length} flips caught"); // the last bytes may only move low bits
    }

    [Fact]
    public void AStreamShorterThanItsFirstWordIsRefused() =>
        Assert.Throws<InvalidDataException>(() => new BinaryRangeDecoder([1, 2, 3]));

    static void DecodeAll(byte[] stream, int count)
    {
        var decoder = new BinaryRangeDecoder(stream);
        AdaptiveBit model = AdaptiveBit.Initial;
        for (int i = 0; i < count; i++) decoder.Decode(ref model);
        decoder.Finish();
    }

    static byte[] Encode(int count, int seed)
    {
        var random = new Random(seed);
        AdaptiveBit model = AdaptiveBit.Initial;
        var encoder = new BinaryRangeEncoder();
        for (int i = 0; i < count; i++) encoder.Encode(ref model, random.NextDouble() < 0.3 ? 1 : 0);
        return encoder.Finish();
    }
}
