using Google.Protobuf;
using System.Text.Json;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Core.Scaling;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Tests.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// Scale normalisation in the container (docs/format.md, section 9c): per-channel scales on the weight, one scale on the
/// bias, one codebook over the normalised values. Golden files in tests/Quantize.Format.Tests/Golden: a valid one that must
/// keep decoding to the recorded values, hostile ones that must keep failing with the recorded message.
/// QUANTIZE_UPDATE_GOLDEN=1 rewrites these (and only these) files.
/// </summary>
public class NqzScalesTests
{
    static readonly string Folder = Path.Combine(RepoPaths.Root, "tests", "Quantize.Format.Tests", "Golden");

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

    /// <summary>The container fixture's model (x · W + b, W [5, 6]) with a weight whose output columns differ by 10³ in scale.</summary>
    sealed record ScaledFixture(ModelProto Model, IReadOnlyList<ParameterTensor> Parameters, IReadOnlyList<TensorScales> Scales, Quantization Quantization)
    {
        public static ScaledFixture Create()
        {
            ModelProto model = SampleModels.Build(inputs: 5, outputs: 6, seed: 42, bias: [0.5f, -0.25f, 0.125f, 2f, -1f, 0.75f]);
            TensorProto weight = SampleModels.Initializer(model, SampleModels.Weights);
            float[] w = TensorData.ReadFloats(weight);
            for (int i = 0; i < w.Length; i++) w[i] *= MathF.Pow(10, i % 6 * 0.6f); // column j scaled by 10^(0.6 j)
            weight.RawData = Google.Protobuf.ByteString.CopyFrom(SampleModels.LittleEndian(w));

            IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
            Dictionary<string, int?> axes = ChannelAxes.Of(model);
            var scales = new List<TensorScales>();
            var normalised = new List<float>();
            foreach (ParameterTensor p in parameters)
            {
                TensorScales s = ScaleNormalization.For(ScaleMode.Channel, p.Values, p.Dims, axes[p.Name]);
                float[] values = (float[])p.Values.Clone();
                ScaleNormalization.Normalize(values, [], p.Dims, s);
                scales.Add(s);
                normalised.AddRange(values);
            }
            return new ScaledFixture(model, parameters, scales, new UniformQuantizer(8).Quantize(normalised.ToArray(), []));
        }

        public NqzBody Build(SymbolCoding coding = SymbolCoding.Huffman) => NqzBuilder.Build(Model,
            [new CodedGroup(Parameters, Quantization, coding) { Scales = Scales }], ContainerFixture.Settings(8), ContainerFixture.Producer);

        /// <summary>What a decoder must give: each reconstructed normalised value times its scale, in float32.</summary>
        public Dictionary<string, float[]> Expected()
        {
            float[] all = Quantization.Reconstruct();
            var expected = new Dictionary<string, float[]>();
            int start = 0;
            for (int t = 0; t < Parameters.Count; t++)
            {
                ParameterTensor p = Parameters[t];
                float[] values = all[start..(start + p.Values.Length)];
                ScaleNormalization.Denormalize(values, p.Dims, Scales[t]);
                expected[p.Name] = values;
                start += p.Values.Length;
            }
            return expected;
        }
    }

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
        Assert.Equal(64, new TensorScales(0, [0.5f, 4f]).Bits);
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
        string path = Path.Combine(Folder, "valid-v1-scaled.nqz");
        NqzBody body = NqzFile.Read(path);
        Assert.Contains(body.Tensors, t => t.Scales is { HasAxis: true });
        var recorded = JsonSerializer.Deserialize<Dictionary<string, float[]>>(File.ReadAllText(Path.Combine(Folder, "valid-v1-scaled-values.json")))!;
        IReadOnlyList<ParameterTensor> decoded = NqzDecoder.DecodeTensors(body);
        Assert.Equal(recorded.Keys.Order(), decoded.Select(t => t.Name).Order());
        foreach (ParameterTensor tensor in decoded) Assert.Equal(recorded[tensor.Name], tensor.Values);
        NqzDecoder.DecodeModel(body, path);
    }

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void HostileScales_FailWithTheRecordedMessage(string name, string message)
    {
        RegenerateIfAsked();
        string path = Path.Combine(Folder, name);
        var error = Assert.Throws<NqzFormatException>(() => NqzDecoder.DecodeModel(NqzFile.Read(path), path));
        Assert.Contains(message, error.Message);
    }

    static readonly object Gate = new();

    static void RegenerateIfAsked()
    {
        if (Environment.GetEnvironmentVariable("QUANTIZE_UPDATE_GOLDEN") != "1") return;
        lock (Gate)
        {
            ScaledFixture fixture = ScaledFixture.Create();
            Write("valid-v1-scaled.nqz", NqzFile.ToBytes(fixture.Build()));
            File.WriteAllText(Path.Combine(Folder, "valid-v1-scaled-values.json"),
                JsonSerializer.Serialize(fixture.Expected(), new JsonSerializerOptions { WriteIndented = true }));
            Write("malformed-scale-nan.nqz", Tampered(fixture, s => s.Values[2] = float.NaN));
            Write("malformed-scale-zero.nqz", Tampered(fixture, s => s.Values[2] = 0f));
            Write("malformed-scale-negative.nqz", Tampered(fixture, s => s.Values[2] = -2f));
            Write("malformed-scale-infinite.nqz", Tampered(fixture, s => s.Values[2] = float.PositiveInfinity));
            Write("malformed-scale-subnormal.nqz", Tampered(fixture, s => s.Values[2] = 1e-40f));
            Write("malformed-scale-count.nqz", Tampered(fixture, s => s.Values.RemoveAt(0)));
            Write("malformed-scale-axis.nqz", Tampered(fixture, s => s.Axis = 2));
        }
    }

    static byte[] Tampered(ScaledFixture fixture, Action<Scales> change)
    {
        NqzBody body = fixture.Build();
        change(body.Tensors.First(t => t.Scales is { HasAxis: true }).Scales);
        return NqzFile.ToBytes(body); // with a correct checksum: the rules, not the checksum, must catch it
    }

    static void Write(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(Folder, name), bytes);
}
