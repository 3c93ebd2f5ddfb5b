using Google.Protobuf;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// Containers written by format version 1 and kept in the repository (tests/Quantize.Format.Tests/Golden):
/// valid ones must keep decoding to the recorded values whatever the writer does today, and malformed
/// ones must keep failing with the recorded message. QUANTIZE_UPDATE_GOLDEN=1 rewrites them (only when
/// the format itself changes on purpose).
/// </summary>
public class NqzGoldenFileTests
{
    public static TheoryData<string> ValidFiles => new() { "valid-v1-huffman.nqz", "valid-v1-fixed.nqz", "valid-v1-ans.nqz" };

    /// <summary>File → the message (a fragment) its reading must fail with, as docs/format.md requires.</summary>
    public static TheoryData<string, string> MalformedFiles => new()
    {
        { "malformed-signature.nqz", "is not a .nqz container (missing signature)" },
        { "malformed-version-2.nqz", "uses container format version 2; this build reads version 1 (unsupported version)" },
        { "malformed-checksum.nqz", "is corrupt (checksum mismatch)" },
        { "malformed-truncated.nqz", "is corrupt (unreadable envelope" },
        { "malformed-code-lengths.nqz", "has 7 code lengths for 8 values" },
        { "malformed-symbol-count.nqz", "symbols in" },
        { "malformed-missing-tensor.nqz", "is not an initializer of its model" },
        { "malformed-positions-kept-count.nqz", "kept parameters among" },
        { "malformed-positions-tail.nqz", "pruned elements; at most 3 may follow the last entry" },
    };

    static ContainerFixture Fixture => ContainerFixture.Create(inputs: 5, outputs: 6, cells: 8, seed: 42);

    // The same model with 30% of its weights kept and 2-bit gaps, so that the positions need fillers.
    static PrunedFixture Pruned => PrunedFixture.FromModel(Fixture.Model, keep: 0.3, gapBits: 2, cells: 8);

    [Fact]
    public void ThePrunedFileDecodesToTheRecordedValues()
    {
        RegenerateIfAsked();
        NqzBody body = GoldenFiles.AssertDecodesToRecorded("valid-v1-pruned.nqz", "valid-v1-pruned-values.json");
        Assert.Contains(body.Tensors, t => t.Positions != null && t.Positions.EntryCount > t.Positions.KeptCount); // it has fillers
    }

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void ValidVersionOneFilesDecodeToTheRecordedValues(string name)
    {
        RegenerateIfAsked();
        GoldenFiles.AssertDecodesToRecorded(name, "valid-v1-values.json");
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void MalformedFilesFailWithTheRecordedMessage(string name, string message)
    {
        RegenerateIfAsked();
        GoldenFiles.AssertFailsWith(name, message);
    }

    static void RegenerateIfAsked() => GoldenFiles.UpdateIfAsked(Regenerate);

    static void Regenerate()
    {
        ContainerFixture fixture = Fixture;
        Write("valid-v1-huffman.nqz", NqzFile.ToBytes(fixture.Build(SymbolCoding.Huffman)));
        Write("valid-v1-fixed.nqz", NqzFile.ToBytes(fixture.Build(SymbolCoding.Fixed)));
        Write("valid-v1-ans.nqz", NqzFile.ToBytes(fixture.Build(SymbolCoding.Ans)));
        GoldenFiles.WriteValues("valid-v1-values.json", fixture.Reconstructed().ToDictionary(t => t.Name, t => t.Values));

        byte[] good = NqzFile.ToBytes(fixture.Build(SymbolCoding.Huffman));
        byte[] badSignature = (byte[])good.Clone();
        badSignature[1] = (byte)'X';
        Write("malformed-signature.nqz", badSignature);
        Write("malformed-version-2.nqz", Rewrap(fixture.Build(SymbolCoding.Huffman).ToByteArray(), version: 2));
        byte[] checksum = (byte[])good.Clone();
        checksum[^40] ^= 0x01;
        Write("malformed-checksum.nqz", checksum);
        Write("malformed-truncated.nqz", good[..(good.Length / 2)]);
        Write("malformed-code-lengths.nqz", Tampered(fixture, b => b.Codebooks[0].CodeLengths.RemoveAt(0)));
        Write("malformed-symbol-count.nqz", Tampered(fixture, b => b.Codebooks[0].SymbolCount = b.Codebooks[0].StreamBits + 1));
        Write("malformed-missing-tensor.nqz", Tampered(fixture, b => b.Tensors[0].Name = "not-in-the-model"));

        PrunedFixture pruned = Pruned;
        Write("valid-v1-pruned.nqz", NqzFile.ToBytes(pruned.Build(SymbolCoding.Huffman, PrunedStorage.IndexDifferences)));
        GoldenFiles.WriteValues("valid-v1-pruned-values.json", pruned.Parameters.Zip(pruned.Expected()).ToDictionary(p => p.First.Name, p => p.Second));
        Write("malformed-positions-kept-count.nqz", TamperedPruned(pruned, p => p.KeptCount = p.EntryCount + 1));
        // All gaps 0: the entries crowd the front and too many pruned elements follow the last one.
        Write("malformed-positions-tail.nqz", TamperedPruned(pruned, p =>
        {
            var stream = Quantize.Core.Coding.GapCoder.Encode(new int[(int)p.EntryCount], 2);
            p.CodeLengths.Clear();
            foreach (int length in stream.CodeLengths) p.CodeLengths.Add((uint)length);
            p.Stream = ByteString.CopyFrom(stream.Bytes);
            p.StreamBits = (ulong)stream.IndexBits;
        }));
    }

    static byte[] Tampered(ContainerFixture fixture, Action<NqzBody> change)
    {
        NqzBody body = fixture.Build(SymbolCoding.Huffman);
        change(body);
        return NqzFile.ToBytes(body); // with a correct checksum: the rules, not the checksum, must catch it
    }

    static byte[] TamperedPruned(PrunedFixture fixture, Action<Positions> change)
    {
        NqzBody body = fixture.Build(SymbolCoding.Huffman, PrunedStorage.IndexDifferences);
        change(body.Tensors.First(t => t.Positions != null).Positions);
        return NqzFile.ToBytes(body);
    }

    static byte[] Rewrap(byte[] body, uint version)
    {
        var envelope = new NqzEnvelope
        {
            FormatVersion = version,
            Body = ByteString.CopyFrom(body),
            BodySha256 = ByteString.CopyFrom(System.Security.Cryptography.SHA256.HashData(body)),
        };
        return [.. NqzLimits.Signature, .. envelope.ToByteArray()];
    }

    static void Write(string name, byte[] bytes) => GoldenFiles.Write(name, bytes);
}
