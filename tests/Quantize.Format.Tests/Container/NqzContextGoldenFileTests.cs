using Google.Protobuf;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// The golden containers of CONTEXT coding (docs/format.md, sections 14 and 16): the fixtures of <see cref="NqzGoldenFileTests"/>
/// coded with contexts must keep decoding to the values recorded for them, and the malformed ones must keep failing with the
/// recorded message. QUANTIZE_UPDATE_GOLDEN=1 rewrites these files (and only these: the other golden files are not touched here).
/// </summary>
public class NqzContextGoldenFileTests
{
    static ContainerFixture Fixture => ContainerFixture.Create(inputs: 5, outputs: 6, cells: 8, seed: 42);

    static PrunedFixture Pruned => PrunedFixture.FromModel(Fixture.Model, keep: 0.3, gapBits: 2, cells: 8);

    public static TheoryData<string, string> MalformedFiles => new()
    {
        { "malformed-context-truncated.nqz", "context-coded stream is truncated" },
        { "malformed-context-extra-symbols.nqz", "unused bytes after its last decision" },
        { "malformed-context-extreme.nqz", "corrupt context-coded stream" },
        { "malformed-significance-kept-count.nqz", "kept parameters among" },
        { "malformed-significance-flags.nqz", "significance flags keep" },
    };

    [Fact]
    public void TheDenseFileDecodesToTheRecordedValues()
    {
        GoldenFiles.UpdateIfAsked(Regenerate);
        NqzBody body = GoldenFiles.AssertDecodesToRecorded("valid-v1-context.nqz", "valid-v1-context-values.json");
        Assert.Equal(SymbolCoding.Context, body.Codebooks[0].Coding);
    }

    [Fact]
    public void ThePrunedFileDecodesToTheRecordedValues()
    {
        GoldenFiles.UpdateIfAsked(Regenerate);
        NqzBody body = GoldenFiles.AssertDecodesToRecorded("valid-v1-context-pruned.nqz", "valid-v1-context-pruned-values.json");
        Assert.Contains(body.Tensors, t => t.Significance != null);
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void MalformedFilesFailWithTheRecordedMessage(string name, string message)
    {
        GoldenFiles.UpdateIfAsked(Regenerate);
        GoldenFiles.AssertFailsWith(name, message);
    }

    static void Regenerate()
    {
        GoldenFiles.Write("valid-v1-context.nqz", NqzFile.ToBytes(Fixture.Build(SymbolCoding.Context)));
        GoldenFiles.WriteValues("valid-v1-context-values.json", Fixture.Reconstructed().ToDictionary(t => t.Name, t => t.Values));
        GoldenFiles.Write("valid-v1-context-pruned.nqz", NqzFile.ToBytes(PrunedBody()));
        PrunedFixture pruned = Pruned;
        GoldenFiles.WriteValues("valid-v1-context-pruned-values.json", pruned.Parameters.Zip(pruned.Expected()).ToDictionary(p => p.First.Name, p => p.Second));
        GoldenFiles.Write("malformed-context-truncated.nqz", Tampered(c =>
        {
            c.Stream = ByteString.CopyFrom(c.Stream.Span[..^1]);
            c.StreamBits -= 8;
        }));
        // One more byte: the decoder stops before it.
        GoldenFiles.Write("malformed-context-extra-symbols.nqz", Tampered(c =>
        {
            c.Stream = ByteString.CopyFrom([.. c.Stream.Span, 0x00]);
            c.StreamBits += 8;
        }));
        // Bytes that push every model to its floor: the decoder's arithmetic stays in range and the end state is wrong.
        GoldenFiles.Write("malformed-context-extreme.nqz", Tampered(c =>
        {
            byte[] extreme = Enumerable.Repeat((byte)0xFF, c.Stream.Length).ToArray();
            extreme[0] = 0xFE;
            c.Stream = ByteString.CopyFrom(extreme);
        }));
        NqzBody keptCount = PrunedBody();
        QuantizedTensor flagged = keptCount.Tensors.First(t => t.Significance != null);
        flagged.Significance.KeptCount = (ulong)Quantize.Format.Onnx.TensorData.ElementCount(flagged.Dims) + 1;
        GoldenFiles.Write("malformed-significance-kept-count.nqz", NqzFile.ToBytes(keptCount));
        // Flags that keep one element more than declared (and than the codebook has symbols for).
        NqzBody more = PrunedBody();
        QuantizedTensor tensor = more.Tensors.First(t => t.Significance != null);
        bool[] kept = new bool[Quantize.Format.Onnx.TensorData.ElementCount(tensor.Dims)];
        foreach (int at in NqzDecoder.KeptPositions(tensor, kept.Length)!) kept[at] = true;
        kept[Array.IndexOf(kept, false)] = true;
        tensor.Significance.Stream = ByteString.CopyFrom(Quantize.Core.Coding.Context.SignificanceCoder.Encode(kept,
            Quantize.Core.Coding.Context.SignificanceLayout.Of(tensor.Dims.ToArray())));
        GoldenFiles.Write("malformed-significance-flags.nqz", NqzFile.ToBytes(more));
    }

    static NqzBody PrunedBody() => Pruned.Build(SymbolCoding.Context, PrunedStorage.IndexDifferences);

    static byte[] Tampered(Action<Codebook> change)
    {
        NqzBody body = Fixture.Build(SymbolCoding.Context);
        change(body.Codebooks[0]);
        return NqzFile.ToBytes(body); // with a correct checksum: the rules and the decoder, not the checksum, must catch it
    }
}
