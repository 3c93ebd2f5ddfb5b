using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Core.Coding;
using Quantize.Core.Scaling;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using static Quantize.Tests.Shared.OnnxBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// One quantization's indices coded in several codebooks: priced as the writer stores them, never a larger file than one
/// table, and every value restored bit for bit as from one table.
/// </summary>
public class CodebookSplitTests
{
    const double Step = 0.001;

    /// <summary>
    /// A model whose tensors spread over very different numbers of cells of one fixed step: a narrow weight (9 cells), a
    /// wide one (about 1,000) and a narrow bias, each written with an ONNX initializer of its own.
    /// </summary>
    sealed record Spreads(ModelProto Model, List<ParameterTensor> Parameters)
    {
        public static Spreads Build()
        {
            var graph = new GraphProto { Name = "spreads" };
            var parameters = new List<ParameterTensor>
            {
                new("narrow.weight", [64, 128], RandomValues(64 * 128, seed: 1, scale: 0.004f)),
                new("wide.weight", [128, 64], RandomValues(128 * 64, seed: 2, scale: 0.5f)),
                new("narrow.bias", [64], RandomValues(64, seed: 3, scale: 0.004f)),
            };
            foreach (ParameterTensor p in parameters) graph.Initializer.Add(Raw(p.Name, DataType.Float, p.Dims, p.Values));
            return new Spreads(OnnxBuilder.Model(graph), parameters);
        }

        public CodedGroup Group(SymbolCoding coding, IReadOnlyList<PrunedTensor?>? pruned = null, PrunedStorage storage = PrunedStorage.IndexDifferences)
        {
            float[] kept = [.. Parameters.SelectMany((t, i) => t.Values.Where((_, e) => pruned?[i]?.Kept[e] ?? true))];
            Quantization quantization = new FixedStepQuantizer(Step).Quantize(kept, []);
            return new CodedGroup(Parameters, quantization, coding) { Pruned = pruned, Storage = storage };
        }

        public NqzBody OneTable(CodedGroup group) => NqzBuilder.Build(Model, [group], ContainerFixture.Settings(0), ContainerFixture.Producer);

        public NqzBody Split(CodedGroup group) => CodebookSplit.Build(Model, [group], ContainerFixture.Settings(0), ContainerFixture.Producer);
    }

    /// <summary>The decoded tensors of a body that went through bytes, each as its name and its values' bit patterns (so −0.0 and 0.0 differ).</summary>
    static List<string> Restored(NqzBody body) =>
        [.. NqzDecoder.DecodeTensors(NqzFile.Parse(ContainerBytes.Wrap(body), "split.nqz"))
            .Select(t => $"{t.Name}: {string.Join(" ", t.Values.Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8")))}")];

    [Theory]
    [InlineData(SymbolCoding.Huffman)]
    [InlineData(SymbolCoding.Fixed)]
    [InlineData(SymbolCoding.Ans)]
    public void TensorsOfVeryDifferentSpreads_TakeCodebooksOfTheirOwn_InASmallerFileWithTheSameValues(SymbolCoding coding)
    {
        var spreads = Spreads.Build();
        CodedGroup group = spreads.Group(coding);

        NqzBody one = spreads.OneTable(group), split = spreads.Split(group);

        Assert.Equal(2, split.Codebooks.Count);
        Assert.True(split.CalculateSize() < one.CalculateSize() - 500, $"{split.CalculateSize()} vs {one.CalculateSize()} bytes");
        Assert.Equal(one.Tensors.Select(t => t.Name), split.Tensors.Select(t => t.Name)); // listed in the model's order
        Assert.Equal(split.Tensors[0].Codebook, split.Tensors[2].Codebook); // the narrow ones together
        Assert.NotEqual(split.Tensors[0].Codebook, split.Tensors[1].Codebook);
        Assert.Equal(Restored(one), Restored(split));
        Assert.Equal(NqzFile.ToBytes(split).Length, NqzFile.FileLength(split)); // what compress weighs the two by
    }

    [Fact]
    public void TensorsOfOneSpread_KeepTheGroupAsItIs()
    {
        var spreads = Spreads.Build();
        CodedGroup group = spreads.Group(SymbolCoding.Huffman) with { Tensors = [spreads.Parameters[0], spreads.Parameters[2]] };
        group = group with { Quantization = new FixedStepQuantizer(Step).Quantize([.. group.Tensors.SelectMany(t => t.Values)], []) };

        Assert.Same(group, Assert.Single(CodebookSplit.Of(group)));
        Assert.Equal(spreads.OneTable(group), spreads.Split(group));
    }

    [Theory]
    [InlineData(PrunedStorage.IndexDifferences)]
    [InlineData(PrunedStorage.ZeroCluster)]
    public void PrunedTensors_RestoreTheSameValuesAndZeros(PrunedStorage storage)
    {
        var spreads = Spreads.Build();
        // Every third element of the weights kept, runs of 40 pruned with 2-bit gaps: fillers in every gap.
        PrunedTensor?[] pruned = [.. spreads.Parameters.Select(p => p.Dims.Length < 2 ? null
            : new PrunedTensor([.. Enumerable.Range(0, (int)p.ElementCount).Select(e => e % 3 == 0 && e % 120 < 80)], GapBits: 2))];
        CodedGroup group = spreads.Group(SymbolCoding.Huffman, pruned, storage);

        NqzBody one = spreads.OneTable(group), split = spreads.Split(group);

        Assert.True(split.Codebooks.Count > 1);
        Assert.True(split.CalculateSize() < one.CalculateSize());
        Assert.Equal(Restored(one), Restored(split));
    }

    [Fact]
    public void ScaledTensors_KeepTheirScales()
    {
        var spreads = Spreads.Build();
        TensorScales?[] scales = [new TensorScales(0, [.. Enumerable.Range(0, 64).Select(c => 1f + c)]), null, new TensorScales(null, [0.5f])];
        CodedGroup group = spreads.Group(SymbolCoding.Huffman) with { Scales = scales };

        NqzBody one = spreads.OneTable(group), split = spreads.Split(group);

        Assert.Equal(2, split.Codebooks.Count);
        Assert.Equal(one.Tensors.Select(t => t.Scales), split.Tensors.Select(t => t.Scales));
        Assert.Equal(Restored(one), Restored(split));
    }

    [Fact]
    public void Fillers_AreTheEntriesThePositionsAdd()
    {
        var random = new Random(4);
        foreach (int gapBits in new[] { 1, 2, 3, 5 })
            for (int trial = 0; trial < 20; trial++)
            {
                double keep = random.NextDouble() * 0.5;
                bool[] kept = [.. Enumerable.Range(0, 500).Select(_ => random.NextDouble() < keep)];
                (_, _, bool[] isFiller) = CodedPositions.Encode(kept, gapBits);

                Assert.Equal(isFiller.Count(f => f), CodebookSplit.Fillers(new PrunedTensor(kept, gapBits)));
            }
    }

    [Theory]
    [InlineData(SymbolCoding.Huffman, 0)]
    [InlineData(SymbolCoding.Fixed, 0)]
    [InlineData(SymbolCoding.Ans, 24)]
    public void ThePriceOfACodebook_IsWhatTheWriterStores(SymbolCoding coding, int slackBytes)
    {
        var random = new Random(5);
        foreach (int k in new[] { 1, 2, 7, 300, 3000 })
        {
            int[] symbols = [.. Enumerable.Range(0, 20_000).Select(i => i < k ? i : (int)(k * Math.Pow(random.NextDouble(), 3)))];
            float[] values = [.. Enumerable.Range(0, k).Select(j => j * 0.25f - 3)];
            var codebook = new Codebook { Coding = coding };
            codebook.Values.AddRange(values);
            CodedIndices.Encode(codebook, symbols);
            long[] counts = [.. Enumerable.Range(0, k).Select(j => (long)symbols.Count(s => s == j))];
            int size = codebook.CalculateSize();
            double stored = 8.0 * (1 + CodedOutputStream.ComputeLengthSize(size) + size);

            double price = new CodebookPrice(coding).Bits(counts, values);

            Assert.InRange(price, stored - 8 * slackBytes, stored + 8 * slackBytes);
        }
    }
}
