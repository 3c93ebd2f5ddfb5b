using Quantize.Format.Onnx.Proto;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>Einsum, Trilu, CumSum, DepthToSpace and SpaceToDepth against ONNX Runtime.</summary>
public class MatrixOracleTests
{
    public MatrixOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [2, 3, 4];

    // x is [2,3,4]; w's shape follows the equation.
    [Theory]
    [InlineData("bij,bjk->bik", new long[] { 2, 4, 5 })]
    [InlineData("bij, jk -> bik", new long[] { 4, 5 })]
    [InlineData("...ij,jk->...ik", new long[] { 4, 5 })]
    [InlineData("bij,bij->bi", new long[] { 2, 3, 4 })]
    [InlineData("bij,k->bkji", new long[] { 2 })]
    public void EinsumMatchesOrt(string equation, long[] otherShape)
    {
        ModelProto model = Graphs.SingleOp(12, "Einsum", Shape, ["w"], b => b.Initializer("w", otherShape, Graphs.RandomValues(100, otherShape)),
            String("equation", equation));
        Graphs.AssertOpMatches(model, 101, Shape);
    }

    [Fact]
    public void SingleInputEinsumMatchesOrt() =>
        Graphs.AssertOpMatches(Graphs.SingleOp(12, "Einsum", Shape, String("equation", "bij->bji")), 102, Shape);

    [Theory]
    [InlineData(1, null)]
    [InlineData(0, null)]
    [InlineData(1, -1L)]
    [InlineData(0, 2L)]
    [InlineData(1, 5L)]
    public void TriluMatchesOrt(long upper, long? k)
    {
        ModelProto model = k is long diagonal
            ? Graphs.SingleOp(14, "Trilu", Shape, ["k"], b => b.Int64Initializer("k", [], diagonal), Int("upper", upper))
            : Graphs.SingleOp(14, "Trilu", Shape, Int("upper", upper));
        Graphs.AssertOpMatches(model, 103, Shape);
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(1, 1, 0)]
    [InlineData(0, 0, 1)]
    [InlineData(2, 1, 1)]
    public void CumSumMatchesOrt(long axis, long exclusive, long reverse)
    {
        ModelProto model = Graphs.SingleOp(14, "CumSum", Shape, ["axis"], b => b.Int64Initializer("axis", [], axis),
            Int("exclusive", exclusive), Int("reverse", reverse));
        Graphs.AssertOpMatches(model, 104, Shape);
    }

    [Theory]
    [InlineData("DCR", 2)]
    [InlineData("CRD", 2)]
    [InlineData("DCR", 3)]
    public void DepthToSpaceMatchesOrt(string mode, long blocksize)
    {
        long[] shape = [2, 2 * blocksize * blocksize, 2, 3];
        Graphs.AssertOpMatches(Graphs.SingleOp(13, "DepthToSpace", shape, Int("blocksize", blocksize), String("mode", mode)), 105, shape);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void SpaceToDepthMatchesOrt(long blocksize)
    {
        long[] shape = [2, 3, 2 * blocksize, 3 * blocksize];
        Graphs.AssertOpMatches(Graphs.SingleOp(13, "SpaceToDepth", shape, Int("blocksize", blocksize)), 106, shape);
    }

    [Fact]
    public void DetMatchesOrt() => Graphs.AssertOpMatches(Graphs.SingleOp(11, "Det", [2, 3, 3]), 107, [2, 3, 3]);
}
