using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;

namespace Quantize.Format.Tests.Container;

/// <summary>ANS-coded codebooks: exact round trips, and every tampering ends in a format error.</summary>
public class NqzAnsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(64)]
    public void RoundTripsExactly(int cells)
    {
        ContainerFixture fixture = ContainerFixture.Create(inputs: 16, outputs: 12, cells: cells);
        NqzBody body = NqzFile.Parse(NqzFile.ToBytes(fixture.Build(SymbolCoding.Ans)), "ans");
        IReadOnlyList<ParameterTensor> decoded = NqzDecoder.DecodeTensors(body);
        Assert.Equal(fixture.Reconstructed().Select(t => t.Values), decoded.Select(t => t.Values));
    }

    [Fact]
    public void AVeryDenseSourceFallsBackToHuffman()
    {
        // 100,000 values of which one differs: far below 1/64 bit per symbol under ANS.
        float[] values = new float[100_000];
        values[500] = 1;
        var parameters = new[] { new ParameterTensor("w", [100_000], values) };
        var model = new Quantize.Format.Onnx.Proto.ModelProto { IrVersion = 7, Graph = new Quantize.Format.Onnx.Proto.GraphProto { Name = "dense" } };
        model.Graph.Initializer.Add(Onnx.SampleModels.RawFloats("w", [100_000], values));
        Quantization quantization = new UniformQuantizer(2).Quantize(values, []);
        NqzBody body = NqzBuilder.Build(model, parameters, quantization, SymbolCoding.Ans, ContainerFixture.Settings(2), ContainerFixture.Producer);
        Assert.Equal(SymbolCoding.Huffman, body.Codebooks[0].Coding);
        Assert.Equal(values, NqzDecoder.DecodeTensors(NqzFile.Parse(NqzFile.ToBytes(body), "dense"))[0].Values);
    }

    public static TheoryData<string> Tamperings => new()
    {
        // A flipped payload byte can decode to other valid symbols (rANS has no redundancy to notice);
        // the envelope's SHA-256 is what catches that, as the corruption tests show.
        "payload cut", "table cut", "table byte flipped", "table bits too many", "stream bits not whole bytes",
        "too many symbols per bit", "code lengths listed",
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void TamperedCodebooksAreFormatErrors(string tampering)
    {
        ContainerFixture fixture = ContainerFixture.Create(inputs: 16, outputs: 12, cells: 16);
        NqzBody body = fixture.Build(SymbolCoding.Ans);
        Codebook c = body.Codebooks[0];
        switch (tampering)
        {
            case "payload cut": c.Stream = ByteString.CopyFrom(c.Stream.Span[..^4]); c.StreamBits -= 32; break;
            case "table cut": c.AnsTable = ByteString.CopyFrom(c.AnsTable.Span[..1]); c.AnsTableBits = 8; break;
            case "table byte flipped": c.AnsTable = Flip(c.AnsTable, 1); break;
            case "table bits too many": c.AnsTableBits = (ulong)c.AnsTable.Length * 8 + 1; break;
            case "stream bits not whole bytes": c.StreamBits -= 3; break;
            case "too many symbols per bit": c.SymbolCount = c.StreamBits * NqzLimits.MaxAnsSymbolsPerBit + 1; break;
            case "code lengths listed": c.CodeLengths.Add(1); break;
        }
        // Re-wrapped with a correct checksum, so the validator and decoder, not the checksum, must object.
        byte[] file = NqzFile.ToBytes(body);
        Assert.Throws<NqzFormatException>(() => NqzDecoder.DecodeTensors(NqzFile.Parse(file, "tampered")));
    }

    static ByteString Flip(ByteString bytes, int at)
    {
        byte[] copy = bytes.ToByteArray();
        copy[at] ^= 0x5A;
        return ByteString.CopyFrom(copy);
    }
}
