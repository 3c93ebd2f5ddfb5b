using Quantize.Format.Onnx;
using Quantize.Tests.Shared;
using Axis = Quantize.Tests.Shared.Int8Reference.ChannelAxis;

namespace Quantize.Onnx.Tests;

/// <summary>The int8 reference that issue 14's targets are compared with must itself be right: one grid per channel.</summary>
public class Int8ReferenceTests
{
    // [2,3,2]: slices along each axis have very different ranges, so a wrong axis shows as a wrong step.
    static readonly ParameterTensor Tensor = new("w", [2, 3, 2], [1, -2, 0.01f, 0.02f, 100, 50, 0.5f, 0.25f, -3, 1, 0.001f, -0.002f]);

    [Theory]
    [InlineData((int)Axis.First, 2)]
    [InlineData((int)Axis.Second, 3)]
    [InlineData((int)Axis.Last, 2)]
    [InlineData((int)Axis.AllButLast, 6)]
    public void EachChannel_KeepsItsMaximumExactly_AndErrsAtMostHalfItsStep(int axisValue, int expectedChannels)
    {
        var axis = (Axis)axisValue; // the reference is internal to the test assemblies, so the theory takes its number
        (float[] rounded, int channels) = Int8Reference.Round(Tensor, axis);

        Assert.Equal(expectedChannels, channels);
        for (int c = 0; c < channels; c++)
        {
            int[] members = Enumerable.Range(0, Tensor.Values.Length).Where(i => Channel(axis, i) == c).ToArray();
            float max = members.Max(i => MathF.Abs(Tensor.Values[i]));
            foreach (int i in members)
            {
                Assert.True(MathF.Abs(rounded[i] - Tensor.Values[i]) <= max / 127 / 2 * 1.0001f, $"element {i} of channel {c}");
                if (MathF.Abs(Tensor.Values[i]) == max) Assert.Equal(Tensor.Values[i], rounded[i], 1e-6f * max);
            }
        }
    }

    [Fact]
    public void Cosine_OfOppositeAndZeroOutputs_IsMinusOneAndZero()
    {
        Assert.Equal(-1, OutputCosine.Of([1, 2], [-1, -2]), 12);
        Assert.Equal(0, OutputCosine.Of([1, 2], [0, 0]));
        Assert.Equal(1, OutputCosine.Of([0, 0], [0, 0]));
        Assert.Equal([1, 0], OutputCosine.PerSample([1, 2, 3, 4], [2, 4, 0, 0], 2));
    }

    // Written out per axis for the [2,3,2] tensor, independently of the code under test.
    static int Channel(Axis axis, int i) => axis switch
    {
        Axis.First => i / 6,
        Axis.Second => i / 2 % 3,
        Axis.Last => i % 2,
        _ => i / 2,
    };
}
