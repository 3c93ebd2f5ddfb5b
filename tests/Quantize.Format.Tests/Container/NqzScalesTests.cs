using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Core.Scaling;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Tests.Support;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// Scale normalisation in the container (docs/format.md, section 9c): per-channel scales on the weight, one scale on the
/// bias, one codebook over the normalised values. Golden files in tests/Quantize.Format.Tests/Golden, in the float form of
/// the scales (one float32 each, as written before the packed form existed): a valid one that must keep decoding to the
/// recorded values, hostile ones that must keep failing with the recorded message. The packed form: <see cref="NqzPackedScalesTests"/>.
/// QUANTIZE_UPDATE_GOLDEN=1 rewrites these (and only these) files.
/// </summary>
public class NqzScalesTests
{
    /// <summary>File → the message (a fragment) its reading must fail with.</summary>
    public static TheoryData<string, string> HostileFiles => new()
    {
        { "malformed-scale-nan.nqz", "has a scale of NaN" },
        { "malformed-scale-zero.nqz", "has a scale of 0" },
        { "malformed-scale-negative.nqz", "has a scale of -2" },
        { "malformed-scale-infinite.nqz", "has a scale of Infinity" },
        { "malformed-scale-subnormal.nqz", "(scales are positive normal floats)" },
        { "malformed-scale-count.nqz", "has 5 scales for 6 channels" },
        { "malformed-scale-axis.nqz", "has scales along axis 2 but rank 2" },
    };

    [Fact]
    public void ChannelAxes_OfTheFixture_AreTheMatMulOutputColumns()
    {
        ScaledFixture fixture = ScaledFixture.Create();
        Assert.Equal(1, fixture.Scales[0].Axis); // MatMul weight [in, out]: its last axis
        Assert.Equal(6, fixture.Scales[0].Values.Length);
        Assert.Null(fixture.Scales[1].Axis);     // the bias: one scale
        Assert.Equal(2, fixture.Parameters.Count); // the scalar 'scale' is a fixed constant
    }

    [Fact]
    public void ScaledContainer_RoundTrips_ToTheScaledValues()
    {
        ScaledFixture fixture = ScaledFixture.Create();
        NqzBody body = NqzFile.Parse(NqzFile.ToBytes(fixture.Build()), "scaled");
        Dictionary<string, float[]> expected = fixture.Expected();
        foreach (ParameterTensor tensor in NqzDecoder.DecodeTensors(body)) Assert.Equal(expected[tensor.Name], tensor.Values);
        foreach ((QuantizedTensor tensor, TensorScales scales) in body.Tensors.Zip(fixture.Scales))
            FloatBits.AssertIdentical(scales.Values, ContainerScales.Of(tensor)!.Values); // packed, and exact at any precision
    }

    [Fact]
    public void TheFloatForm_StillDecodes_AndCounts32BitsAScale()
    {
        ScaledFixture fixture = ScaledFixture.Create();
        NqzBody body = NqzFile.Parse(NqzFile.ToBytes(ScaledFixture.WithFloatScales(fixture.Build())), "float scales");
        Assert.All(body.Tensors, t => Assert.Null(t.Scales.Packed));
        Dictionary<string, float[]> expected = fixture.Expected();
        foreach (ParameterTensor tensor in NqzDecoder.DecodeTensors(body)) Assert.Equal(expected[tensor.Name], tensor.Values);
        Assert.Equal(32L * (6 + 1), ContainerScales.Bits(body));
    }

    [Fact]
    public void Scales_FollowTheColumns_SoSmallColumnsKeepTheirPrecision()
    {
        ScaledFixture fixture = ScaledFixture.Create();
        ParameterTensor weight = fixture.Parameters[0];
        float[] decoded = fixture.Expected()[weight.Name];
        // Column 0 (the smallest, 10^3 below column 5) would share one or two cells without scales.
        float[] column = Enumerable.Range(0, 5).Select(r => weight.Values[r * 6]).ToArray();
        float[] restored = Enumerable.Range(0, 5).Select(r => decoded[r * 6]).ToArray();
        Assert.True(Quantize.Core.Accounting.ReconstructionError.Of(column, restored).SqnrDb > 10);
    }

    [Fact]
    public void WithoutScales_TheContainerIsTheOldOneByteForByte()
    {
        var fixture = ContainerFixture.Create(inputs: 5, outputs: 6, cells: 8, seed: 42);
        NqzBody plain = fixture.Build(SymbolCoding.Huffman);
        NqzBody nullScales = NqzBuilder.Build(fixture.Model,
            [new CodedGroup(fixture.Parameters, fixture.Quantization, SymbolCoding.Huffman) { Scales = fixture.Parameters.Select(_ => (TensorScales?)null).ToList() }],
            ContainerFixture.Settings(fixture.Quantization.ClusterCount), ContainerFixture.Producer);
        Assert.Equal(NqzFile.ToBytes(plain), NqzFile.ToBytes(nullScales));
    }

    [Fact]
    public void TensorErrors_OfTheScaledContainer_KeepEveryColumnAudible()
    {
        ScaledFixture fixture = ScaledFixture.Create();
        IReadOnlyList<ParameterTensor> restored = NqzDecoder.DecodeTensors(fixture.Build());
        var errors = TensorErrors.Of(fixture.Parameters, restored);
        Assert.Equal(fixture.Parameters.Select(p => p.Name), errors.Select(e => e.Name));
        Assert.All(errors, e => Assert.InRange(e.Error.RelativeL2, 0, 0.5));
        Assert.All(errors, e => Assert.Equal(-20 * Math.Log10(e.Error.RelativeL2), e.Error.SqnrDb, 9));
    }

    [Fact]
    public void WorkedExample()
    {
        // docs/format.md, section 9c.
        var scales = new Scales { Axis = 0 };
        scales.Values.Add([0.5f, 4f]);
        Assert.Equal(Convert.FromHexString("080012080000003F00008040"), scales.ToByteArray());

        float[] codebook = [-1f, 0f, 1f];
        float[] values = new[] { 0, 1, 2, 2, 1, 0 }.Select(i => codebook[i]).ToArray();
        ScaleNormalization.Denormalize(values, [2, 3], new TensorScales(0, [0.5f, 4f]));
        Assert.Equal([-0.5f, 0f, 0.5f, 4f, 0f, -4f], values);
        var tensor = new QuantizedTensor { Name = "t", Dims = { 2, 3 }, Scales = scales };
        Assert.Equal(64, ContainerScales.Bits(tensor));
    }

    [Fact]
    public void TheBuilder_RefusesScalesThatDoNotFit()
    {
        ScaledFixture fixture = ScaledFixture.Create();
        Assert.Throws<ArgumentException>(() => NqzBuilder.Build(fixture.Model,
            [new CodedGroup(fixture.Parameters, fixture.Quantization, SymbolCoding.Huffman) { Scales = [fixture.Scales[0]] }], ContainerFixture.Settings(8), ""));
        Assert.Throws<ArgumentException>(() => NqzBuilder.Build(fixture.Model,
            [new CodedGroup(fixture.Parameters, fixture.Quantization, SymbolCoding.Huffman) { Scales = [new TensorScales(1, [1f, 2f]), null] }], ContainerFixture.Settings(8), ""));
    }

    [Fact]
    public void TheScaledGoldenFile_DecodesToTheRecordedValues()
    {
        RegenerateIfAsked();
        NqzBody body = GoldenFiles.AssertDecodesToRecorded("valid-v1-scaled.nqz", "valid-v1-scaled-values.json");
        Assert.Contains(body.Tensors, t => t.Scales is { HasAxis: true });
    }

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void HostileScales_FailWithTheRecordedMessage(string name, string message)
    {
        RegenerateIfAsked();
        GoldenFiles.AssertFailsWith(name, message);
    }

    static void RegenerateIfAsked() => GoldenFiles.UpdateIfAsked(Regenerate);

    static void Regenerate()
    {
        ScaledFixture fixture = ScaledFixture.Create();
        Write("valid-v1-scaled.nqz", NqzFile.ToBytes(ScaledFixture.WithFloatScales(fixture.Build())));
        GoldenFiles.WriteValues("valid-v1-scaled-values.json", fixture.Expected());
        Write("malformed-scale-nan.nqz", Tampered(fixture, s => s.Values[2] = float.NaN));
        Write("malformed-scale-zero.nqz", Tampered(fixture, s => s.Values[2] = 0f));
        Write("malformed-scale-negative.nqz", Tampered(fixture, s => s.Values[2] = -2f));
        Write("malformed-scale-infinite.nqz", Tampered(fixture, s => s.Values[2] = float.PositiveInfinity));
        Write("malformed-scale-subnormal.nqz", Tampered(fixture, s => s.Values[2] = 1e-40f));
        Write("malformed-scale-count.nqz", Tampered(fixture, s => s.Values.RemoveAt(0)));
        Write("malformed-scale-axis.nqz", Tampered(fixture, s => s.Axis = 2));
    }

    static byte[] Tampered(ScaledFixture fixture, Action<Scales> change)
    {
        NqzBody body = ScaledFixture.WithFloatScales(fixture.Build());
        change(body.Tensors.First(t => t.Scales is { HasAxis: true }).Scales);
        return NqzFile.ToBytes(body); // with a correct checksum: the rules, not the checksum, must catch it
    }

    static void Write(string name, byte[] bytes) => GoldenFiles.Write(name, bytes);
}
