namespace Quantize.Onnx.Tests;

static class OutputAssert
{
    public const float Tolerance = 1e-4f;

    public static void Close(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= Tolerance, $"output {i}: expected {expected[i]}, got {actual[i]}");
    }

    public static float MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();
}
