using Google.Protobuf;
using Quantize.Core.Scaling;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Tests.Support;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// Packed scales (docs/format.md, section 9c): scales of m mantissa bits stored as w-bit offsets from a base. Golden files
/// in tests/Quantize.Format.Tests/Golden: valid-v1-packed-scales.nqz must keep decoding to its recorded values, the
/// malformed-packed-scales-*.nqz files must keep failing with the recorded message. QUANTIZE_UPDATE_GOLDEN=1 rewrites these
/// (and only these) files.
/// </summary>
public class NqzPackedScalesTests
{
    /// <summary>File → the message (a fragment) its reading must fail with.</summary>
    public static TheoryData<string, string> HostileFiles => new()
    {
        { "malformed-packed-scales-mantissa.nqz", "packed scales of 24 mantissa bits (at most 23)" },
        { "malformed-packed-scales-width.nqz", "packed scales of 32 bits each (at most 31)" },
        { "malformed-packed-scales-length.nqz", "bytes of packed scales for 6 scales" },
        { "malformed-packed-scales-infinite.nqz", "which is no positive normal float" },
        { "malformed-packed-scales-zero.nqz", "which is no positive normal float" },
        { "malformed-packed-scales-both.nqz", "has its scales both as floats and packed" },
        { "malformed-packed-scales-elements.nqz", "packed scales for 0 elements" },
        { "malformed-packed-scales-axis.nqz", "has scales along axis 2 but rank 2" },
    };

    [Fact]
    public void WorkedExample()
    {
        // docs/format.md, section 9c: the writer computed 0.3 and 4.2 and stores them at 3 mantissa bits.
        var computed = new TensorScales(0, [0.3f, 4.2f]);
        TensorScales rounded = computed.Rounded();
        Assert.Equal([0.3125f, 4f], rounded.Values);
        Scales stored = ContainerScales.Store(rounded);
        Assert.Equal(2u, stored.Packed.MantissaBits); // 0.3125 = 1.01b · 2^-2 needs only 2 of the 3 bits
        Assert.Equal(501u, stored.Packed.Base);       // 0x3EA00000 >> 21
        Assert.Equal(4u, stored.Packed.Width);        // 516 - 501 = 15
        Assert.Equal(Convert.FromHexString("0800" + "1A0A" + "0802" + "10F503" + "1804" + "22010F"), stored.ToByteArray());

        var tensor = new QuantizedTensor { Name = "t", Dims = { 2, 3 }, Scales = stored };
        Assert.Equal([0.3125f, 4f], ContainerScales.Of(tensor)!.Values);
        Assert.Equal(18 + 2 + 2 * 4, ContainerScales.Bits(tensor));
    }

    [Fact]
    public void AnyValidScales_RoundTripExactly()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int count = random.Next(1, 40);
            int m = random.Next(0, 24);
            float[] values = Enumerable.Range(0, count).Select(_ => ScalePrecision.Round(
                BitConverter.Int32BitsToSingle(random.Next(0x00800000, 0x7F800000)), m)).ToArray();
            var tensor = new QuantizedTensor { Name = "t", Dims = { count, 2 }, Scales = ContainerScales.Store(new TensorScales(0, values)) };
            tensor = QuantizedTensor.Parser.ParseFrom(tensor.ToByteArray());
            Assert.True(tensor.Scales.Packed.MantissaBits <= m);
            FloatBits.AssertIdentical(values, ContainerScales.Of(tensor)!.Values);
        }
    }

    [Fact]
    public void RoundedScales_TakeFewBitsEach_AndTheCountIsHonestAgainstTheBytes()
    {
        ScaledFixture fixture = ScaledFixture.Create(rounded: true);
        NqzBody body = NqzFile.Parse(NqzFile.ToBytes(fixture.Build()), "packed");
        Dictionary<string, float[]> expected = fixture.Expected();
        foreach (ParameterTensor tensor in NqzDecoder.DecodeTensors(body)) Assert.Equal(expected[tensor.Name], tensor.Values);
        foreach (QuantizedTensor tensor in body.Tensors)
        {
            Assert.InRange(tensor.Scales.Packed.MantissaBits, 0u, (uint)ScalePrecision.DefaultMantissaBits);
            // Eq. (1) counts the fields a decoder needs; the message adds only protobuf framing (tags, lengths, padding).
            long counted = ContainerScales.Bits(tensor), written = 8L * tensor.Scales.CalculateSize();
            Assert.InRange(written - counted, 0, 8 * 12);
        }
        Assert.True(ContainerScales.Bits(body) < 32L * (6 + 1));
    }

    [Fact]
    public void TheBuilder_StoresNoScales_ForATensorWithoutElements()
    {
        var empty = new ParameterTensor("w", [0, 3], []);
        var scales = new TensorScales(1, [1f, 2f, 4f]);
        // The rule that bounds packed scales by the elements would refuse them; there is nothing to scale anyway.
        QuantizedTensor tensor = NqzBuilder.Build(Tiny(empty), [new CodedGroup([empty], new Core.Clustering.Quantization([0f], []), SymbolCoding.Fixed) { Scales = [scales] }],
            ContainerFixture.Settings(1), "").Tensors[0];
        Assert.Null(tensor.Scales);
    }

    static Format.Onnx.Proto.ModelProto Tiny(ParameterTensor tensor)
    {
        var initializer = new Format.Onnx.Proto.TensorProto { Name = tensor.Name, DataType = (int)Format.Onnx.Proto.TensorProto.Types.DataType.Float };
        initializer.Dims.AddRange(tensor.Dims);
        var model = new Format.Onnx.Proto.ModelProto { IrVersion = 8, Graph = new Format.Onnx.Proto.GraphProto() };
        model.Graph.Initializer.Add(initializer);
        return model;
    }

    [Fact]
    public void ThePackedGoldenFile_DecodesToTheRecordedValues()
    {
        RegenerateIfAsked();
        NqzBody body = GoldenFiles.AssertDecodesToRecorded("valid-v1-packed-scales.nqz", "valid-v1-packed-scales-values.json");
        Assert.All(body.Tensors, t => Assert.NotNull(t.Scales.Packed));
    }

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void HostilePackedScales_FailWithTheRecordedMessage(string name, string message)
    {
        RegenerateIfAsked();
        GoldenFiles.AssertFailsWith(name, message);
    }

    static void RegenerateIfAsked() => GoldenFiles.UpdateIfAsked(Regenerate);

    static void Regenerate()
    {
        ScaledFixture fixture = ScaledFixture.Create(rounded: true);
        Write("valid-v1-packed-scales.nqz", NqzFile.ToBytes(fixture.Build()));
        GoldenFiles.WriteValues("valid-v1-packed-scales-values.json", fixture.Expected());
        Write("malformed-packed-scales-mantissa.nqz", Tampered(fixture, (_, s) => s.Packed.MantissaBits = 24));
        Write("malformed-packed-scales-width.nqz", Tampered(fixture, (_, s) => s.Packed.Width = 32));
        Write("malformed-packed-scales-length.nqz", Tampered(fixture, (_, s) => s.Packed.Offsets = ByteString.CopyFrom([.. s.Packed.Offsets, 0])));
        // Codes past the largest exponent decode to infinity or NaN; base 0 to +0.
        Write("malformed-packed-scales-infinite.nqz", Tampered(fixture, (_, s) => s.Packed.Base = 0xFFu << (int)s.Packed.MantissaBits));
        Write("malformed-packed-scales-zero.nqz", Tampered(fixture, (_, s) => s.Packed.Base = 0));
        Write("malformed-packed-scales-both.nqz", Tampered(fixture, (_, s) => s.Values.Add(1f)));
        // No offsets at all (w = 0) and a dimension of 2^40: only the tensor's element count (0) bounds the scales.
        Write("malformed-packed-scales-elements.nqz", Tampered(fixture, (t, s) =>
        {
            t.Dims.Clear();
            t.Dims.Add([0, 1L << 40]);
            s.Packed.Width = 0;
            s.Packed.Offsets = ByteString.Empty;
        }));
        Write("malformed-packed-scales-axis.nqz", Tampered(fixture, (_, s) => s.Axis = 2));
    }

    static byte[] Tampered(ScaledFixture fixture, Action<QuantizedTensor, Scales> change)
    {
        NqzBody body = fixture.Build();
        QuantizedTensor tensor = body.Tensors.First(t => t.Scales is { HasAxis: true });
        change(tensor, tensor.Scales);
        return NqzFile.ToBytes(body); // with a correct checksum: the rules, not the checksum, must catch it
    }

    static void Write(string name, byte[] bytes) => GoldenFiles.Write(name, bytes);
}
