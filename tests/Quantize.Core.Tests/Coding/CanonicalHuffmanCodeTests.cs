using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

public class CanonicalHuffmanCodeTests
{
    [Fact]
    public void FromLengths_AssignsCodesByLengthThenSymbol()
    {
        var code = CanonicalHuffmanCode.FromLengths(new[] { 2, 1, 3, 0, 3 });

        Assert.Equal(5, code.SymbolCount);
        Assert.Equal(4, code.UsedSymbolCount);
        Assert.Equal(3, code.MaxLength);
        Assert.Equal(new[] { 2, 1, 3, 0, 3 }, code.Lengths.ToArray());
        Assert.Equal(0b10u, code.CodeOf(0));
        Assert.Equal(0b0u, code.CodeOf(1));
        Assert.Equal(0b110u, code.CodeOf(2));
        Assert.Equal(0b111u, code.CodeOf(4));
    }

    [Fact]
    public void FromLengths_ThirtyTwoBitCodes()
    {
        // Lengths 1..32 plus a second 32: a complete code whose last codeword is all ones.
        int[] lengths = Enumerable.Range(1, 32).Append(32).ToArray();
        var code = CanonicalHuffmanCode.FromLengths(lengths);

        Assert.Equal(0u, code.CodeOf(0));
        Assert.Equal(0xFFFF_FFFEu, code.CodeOf(31));
        Assert.Equal(0xFFFF_FFFFu, code.CodeOf(32));
        AssertPrefixFree(code);
    }

    [Fact]
    public void EveryCanonicalCode_IsPrefixFree()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 40; trial++)
        {
            long[] frequencies = CodingTestData.RandomFrequencies(random, random.Next(1, 60), maxFrequency: 1 << random.Next(1, 20));
            AssertPrefixFree(CanonicalHuffmanCode.FromFrequencies(frequencies, maxLength: random.Next(6, 33)));
        }

        AssertPrefixFree(CanonicalHuffmanCode.FromFrequencies(CodingTestData.Fibonacci(40)));
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1 })]
    [InlineData(new[] { 1, 2, 2, 3 })]
    [InlineData(new[] { 2, 2, 2, 2, 2 })]
    public void FromLengths_RejectsOverSubscribedLengths(int[] lengths)
    {
        var error = Assert.Throws<InvalidDataException>(() => CanonicalHuffmanCode.FromLengths(lengths));
        Assert.Contains("over-subscribed", error.Message);
    }

    [Fact]
    public void FromLengths_RejectsOverSubscription_AtThirtyTwoBits()
    {
        // Complete with a 32-bit pair; one more 32-bit codeword tips the Kraft sum over 1.
        int[] lengths = Enumerable.Range(1, 32).Append(32).Append(32).ToArray();
        Assert.Throws<InvalidDataException>(() => CanonicalHuffmanCode.FromLengths(lengths));
    }

    [Theory]
    [InlineData(new[] { 1, 33 })]
    [InlineData(new[] { -1, 1, 1 })]
    [InlineData(new[] { 1, int.MaxValue })]
    public void FromLengths_RejectsLengthsOutOfRange(int[] lengths)
    {
        Assert.Throws<InvalidDataException>(() => CanonicalHuffmanCode.FromLengths(lengths));
    }

    [Fact]
    public void FromLengths_SingleSymbol_MustHaveLengthOne()
    {
        Assert.Equal(0u, CanonicalHuffmanCode.FromLengths(new[] { 0, 1 }).CodeOf(1));
        Assert.Throws<InvalidDataException>(() => CanonicalHuffmanCode.FromLengths(new[] { 0, 3 }));
    }

    [Fact]
    public void FromLengths_AcceptsIncompleteAndEmptyCodes()
    {
        var incomplete = CanonicalHuffmanCode.FromLengths(new[] { 2, 2, 2 });
        Assert.Equal(0b10u, incomplete.CodeOf(2));

        var empty = CanonicalHuffmanCode.FromLengths(new[] { 0, 0 });
        Assert.Equal(0, empty.UsedSymbolCount);
        Assert.Equal(0, empty.MaxLength);
    }

    [Fact]
    public void CodeOf_RejectsUnusedAndOutOfRangeSymbols()
    {
        var code = CanonicalHuffmanCode.FromLengths(new[] { 1, 0, 1 });
        Assert.Throws<ArgumentException>(() => code.CodeOf(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => code.CodeOf(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => code.CodeOf(-1));
    }

    [Fact]
    public void FromLengths_CopiesTheInput()
    {
        int[] lengths = { 1, 1 };
        var code = CanonicalHuffmanCode.FromLengths(lengths);
        lengths[0] = 5;
        Assert.Equal(1, code.Lengths[0]);
    }

    private static void AssertPrefixFree(CanonicalHuffmanCode code)
    {
        var words = new List<string>();
        for (int s = 0; s < code.SymbolCount; s++)
        {
            int length = code.Lengths[s];
            if (length > 0)
            {
                words.Add(Convert.ToString(code.CodeOf(s), 2).PadLeft(length, '0'));
            }
        }

        foreach (string a in words)
        {
            Assert.Equal(1, words.Count(b => b.StartsWith(a, StringComparison.Ordinal)));
        }
    }
}
