namespace Quantize.Format.Tests.Support;

/// <summary>Compares floats by bit pattern, so that -0 differs from +0 and "exact" means exact.</summary>
static class FloatBits
{
    public static int[] Of(IEnumerable<float> values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    public static void AssertIdentical(IEnumerable<float> expected, IEnumerable<float> actual) =>
        Assert.Equal(Of(expected), Of(actual));
}
