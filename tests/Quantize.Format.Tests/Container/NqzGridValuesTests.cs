using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Tests.Support;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// Shared values stored as integer levels of a step (docs/format.md, section 6.2). Golden files in
/// tests/Quantize.Format.Tests/Golden: valid-v1-grid.nqz must keep decoding to its recorded values, the malformed-grid-*.nqz
/// files must keep failing with the recorded message. QUANTIZE_UPDATE_GOLDEN=1 rewrites these (and only these) files.
/// </summary>
public class NqzGridValuesTests
{
    const float Step = 0.1f;

    /// <summary>File → the message (a fragment) its reading must fail with.</summary>
    public static TheoryData<string, string> HostileFiles => new()
    {
        { "malformed-grid-both.nqz", "has its shared values both as floats and as grid levels" },
        { "malformed-grid-empty.nqz", "has 0 values" },
        { "malformed-grid-step-zero.nqz", "has a grid step of 0" },
        { "malformed-grid-step-nan.nqz", "has a grid step of NaN" },
        { "malformed-grid-level.nqz", "has a grid level of 536870913" },
        { "malformed-grid-infinite.nqz", "holds a non-finite value" },
    };

    /// <summary>The container fixture's parameters on a grid of step 0.1, each value its cell's grid point.</summary>
    static (ContainerFixture Fixture, Quantization Grid) Create()
    {
        ContainerFixture fixture = ContainerFixture.Create(inputs: 5, outputs: 6, cells: 8, seed: 42);
        float[] all = fixture.Parameters.SelectMany(p => p.Values).ToArray();
        return (fixture, new FixedStepQuantizer(Step, CenterMean.Grid).Quantize(all, []));
    }

    static NqzBody Build(ContainerFixture fixture, Quantization quantization, float? step, SymbolCoding coding = SymbolCoding.Huffman) =>
        NqzBuilder.Build(fixture.Model, [new CodedGroup(fixture.Parameters, quantization, coding) { GridStep = step }],
            ContainerFixture.Settings(0), ContainerFixture.Producer);

    [Fact]
    public void WorkedExample()
    {
        // docs/format.md, section 6.2: the values −0.5, 0.25, 1 of section 12 are the levels −2, 1, 4 of step 0.25.
        var codebook = new Codebook { Coding = SymbolCoding.Huffman };
        SharedValues.Store(codebook, [-0.5f, 0.25f, 1f], 0.25f);
        Assert.Empty(codebook.Values);
        Assert.Equal([-2, 3, 3], codebook.Grid.LevelDeltas);
        CodedIndices.Encode(codebook, [0, 1, 0, 0, 1, 2]);
        Assert.Equal(Convert.FromHexString("1001" + "1A03010202" + "2006" + "2809" + "32024580" + "4A0A" + "0D0000803E" + "1203030606"),
            codebook.ToByteArray());
        Assert.Equal([-0.5f, 0.25f, 1f], SharedValues.Of(codebook));
        Assert.Equal(32 + 3 * 8, SharedValues.Bits(codebook));
    }

    [Fact]
    public void GridValues_RoundTrip_AsLevels_AndTakeAByteOrSoEach()
    {
        (ContainerFixture fixture, Quantization grid) = Create();
        foreach (SymbolCoding coding in new[] { SymbolCoding.Huffman, SymbolCoding.Fixed, SymbolCoding.Ans })
        {
            NqzBody body = NqzFile.Parse(NqzFile.ToBytes(Build(fixture, grid, Step, coding)), "grid");
            Codebook codebook = body.Codebooks.Single();
            Assert.Empty(codebook.Values);
            Assert.Equal(Step, codebook.Grid.Step);
            FloatBits.AssertIdentical(grid.Centers, SharedValues.Of(codebook));
            FloatBits.AssertIdentical(grid.Reconstruct(), NqzDecoder.DecodeTensors(body).SelectMany(t => t.Values));
            // Eq. (1) counts the step and the varint bytes; the message adds only its tags and lengths.
            Assert.InRange(SharedValues.Bits(codebook), 32 + 8 * grid.ClusterCount, 32 + 16 * grid.ClusterCount);
            Assert.InRange(8L * codebook.Grid.CalculateSize() - SharedValues.Bits(codebook), 0, 8 * 8);
        }
    }

    [Fact]
    public void ValuesOffTheGrid_StayFloat32()
    {
        (ContainerFixture fixture, _) = Create();
        float[] all = fixture.Parameters.SelectMany(p => p.Values).ToArray();
        Quantization means = new FixedStepQuantizer(Step).Quantize(all, []); // cell means: no multiples of the step
        NqzBody body = Build(fixture, means, Step);
        Assert.Null(body.Codebooks[0].Grid);
        Assert.Equal(means.Centers, body.Codebooks[0].Values);
        Assert.Equal(32L * means.ClusterCount, SharedValues.Bits(body.Codebooks[0]));
        // Without a step the container is the one of before, byte for byte.
        Assert.Equal(NqzFile.ToBytes(Build(fixture, means, null)), NqzFile.ToBytes(body));
    }

    [Fact]
    public void APrunedGroupsExtraZero_IsALevelToo()
    {
        (ContainerFixture fixture, _) = Create();
        PrunedFixture pruned = PrunedFixture.FromModel(fixture.Model, keep: 0.3, gapBits: 2, cells: 8);
        float[] kept = pruned.Parameters.SelectMany((p, i) => p.Values.Where((_, e) => pruned.Pruned[i]?.Kept[e] ?? true)).ToArray();
        Quantization grid = new FixedStepQuantizer(Step, CenterMean.Grid).Quantize(kept, []);
        NqzBody body = NqzBuilder.Build(pruned.Model, [new CodedGroup(pruned.Parameters, grid, SymbolCoding.Huffman) { Pruned = pruned.Pruned, GridStep = Step }],
            ContainerFixture.Settings(0), ContainerFixture.Producer);
        float[] values = SharedValues.Of(body.Codebooks[0]);
        Assert.Equal(0f, values[^1]); // the fillers' value, after the grid's
        Assert.Equal(grid.ClusterCount + 1, values.Length);
        NqzDecoder.DecodeTensors(NqzFile.Parse(NqzFile.ToBytes(body), "pruned grid"));
    }

    [Fact]
    public void TheGridGoldenFile_DecodesToTheRecordedValues()
    {
        RegenerateIfAsked();
        NqzBody body = GoldenFiles.AssertDecodesToRecorded("valid-v1-grid.nqz", "valid-v1-grid-values.json");
        Assert.NotNull(body.Codebooks.Single().Grid);
    }

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void HostileGrids_FailWithTheRecordedMessage(string name, string message)
    {
        RegenerateIfAsked();
        GoldenFiles.AssertFailsWith(name, message);
    }

    static void RegenerateIfAsked() => GoldenFiles.UpdateIfAsked(Regenerate);

    static void Regenerate()
    {
        (ContainerFixture fixture, Quantization grid) = Create();
        GoldenFiles.Write("valid-v1-grid.nqz", NqzFile.ToBytes(Build(fixture, grid, Step)));
        float[] values = grid.Reconstruct();
        int start = 0;
        var expected = new Dictionary<string, float[]>();
        foreach (ParameterTensor p in fixture.Parameters)
        {
            expected[p.Name] = values[start..(start + p.Values.Length)];
            start += p.Values.Length;
        }
        GoldenFiles.WriteValues("valid-v1-grid-values.json", expected);
        GoldenFiles.Write("malformed-grid-both.nqz", Tampered(c => c.Values.Add(1f)));
        GoldenFiles.Write("malformed-grid-empty.nqz", Tampered(c => c.Grid.LevelDeltas.Clear()));
        GoldenFiles.Write("malformed-grid-step-zero.nqz", Tampered(c => c.Grid.Step = 0f));
        GoldenFiles.Write("malformed-grid-step-nan.nqz", Tampered(c => c.Grid.Step = float.NaN));
        GoldenFiles.Write("malformed-grid-level.nqz", Tampered(c => c.Grid.LevelDeltas[0] = (int)GridLevels.MaxLevel + 1));
        GoldenFiles.Write("malformed-grid-infinite.nqz", Tampered(c => c.Grid.Step = 3e38f)); // level ±2 and more overflow float32

        static byte[] Tampered(Action<Codebook> change)
        {
            (ContainerFixture fixture, Quantization grid) = Create();
            NqzBody body = Build(fixture, grid, Step);
            change(body.Codebooks[0]);
            return NqzFile.ToBytes(body); // with a correct checksum: the rules, not the checksum, must catch it
        }
    }
}
