using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using Quantize.Torch.Onnx.Ops;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>com.microsoft Attention and EmbedLayerNormalization, the fused encoder ops of ORT-optimized BERTs, against ONNX Runtime.</summary>
public class MicrosoftAttentionOracleTests
{
    public MicrosoftAttentionOracleTests() => TorchRuntime.EnsureLoaded();

    const long Batch = 2, Length = 5, Hidden = 8;

    // Masks as an optimized BERT feeds them: none, key lengths [B], ends and starts [2B], raw [B, S] and [B, S, S].
    [Theory]
    [InlineData("none", 0)]
    [InlineData("lengths", 0)]
    [InlineData("ends-starts", 0)]
    [InlineData("raw2d", 0)]
    [InlineData("raw3d", 0)]
    [InlineData("none", 1)]
    [InlineData("raw2d", 1)]
    public void AttentionMatchesOrt(string mask, long unidirectional)
    {
        var b = new OnnxGraphBuilder("attention", 13);
        b.Input("x", Batch, Length, Hidden);
        b.Initializer("w", [Hidden, 3 * Hidden], Graphs.RandomValues(140, Hidden, 3 * Hidden));
        b.Initializer("bias", [3 * Hidden], Graphs.RandomValues(141, 3 * Hidden));
        long[]? maskValues = mask switch
        {
            "lengths" => [3, 5],
            "ends-starts" => [4, 5, 1, 2],
            "raw2d" => [1, 1, 1, 0, 0, 1, 1, 1, 1, 1],
            "raw3d" => Enumerable.Range(0, (int)(Batch * Length * Length)).Select(i => (long)(i % 3 == 1 ? 0 : 1)).ToArray(),
            _ => null,
        };
        if (maskValues is not null)
        {
            long[] shape = mask switch { "raw2d" => [Batch, Length], "raw3d" => [Batch, Length, Length], _ => [maskValues.Length] };
            b.Int64Initializer("mask64", shape, maskValues);
            b.Node("Cast", ["mask64"], "mask", Int("to", (long)DataType.Int32));
        }
        b.Node("Attention", maskValues is null ? ["x", "w", "bias"] : ["x", "w", "bias", "mask"], "y",
            Int("num_heads", 2), Int("unidirectional", unidirectional));
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(Graphs.InDomain(b.ToModel("test"), MicrosoftOps.Domain, 1, "Attention"), 142, [Batch, Length, Hidden]);
    }

    [Fact]
    public void AttentionWithOwnScaleAndSizesMatchesOrt()
    {
        var b = new OnnxGraphBuilder("attention", 13);
        b.Input("x", Batch, Length, Hidden);
        b.Initializer("w", [Hidden, 8 + 8 + 4], Graphs.RandomValues(143, Hidden, 20));
        b.Initializer("bias", [20], Graphs.RandomValues(144, 20));
        b.Node("Attention", ["x", "w", "bias"], "y", Int("num_heads", 4), Ints("qkv_hidden_sizes", 8, 8, 4), Float("scale", 0.3f));
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(Graphs.InDomain(b.ToModel("test"), MicrosoftOps.Domain, 1, "Attention"), 145, [Batch, Length, Hidden]);
    }

    // Cross-attention of x [2, 5, 8] over 6 keys, with and without the packed bias, under each key-padding mask form;
    // and self-attention (key and value are x).
    [Theory]
    [InlineData("none", true, false)]
    [InlineData("none", false, false)]
    [InlineData("lengths", true, false)]
    [InlineData("raw2d", true, false)]
    [InlineData("raw2d", false, true)]
    public void MultiHeadAttentionMatchesOrt(string mask, bool bias, bool self)
    {
        long keys = self ? Length : 6;
        var b = new OnnxGraphBuilder("mha", 13);
        b.Input("x", Batch, Length, Hidden);
        if (!self)
        {
            b.Initializer("k", [Batch, keys, Hidden], Graphs.RandomValues(190, Batch, keys, Hidden));
            b.Initializer("v", [Batch, keys, Hidden], Graphs.RandomValues(191, Batch, keys, Hidden));
        }
        if (bias) b.Initializer("bias", [3 * Hidden], Graphs.RandomValues(192, 3 * Hidden));
        long[]? maskValues = mask switch
        {
            "lengths" => [4, (int)keys],
            "raw2d" => Enumerable.Range(0, (int)(Batch * keys)).Select(i => (long)(i % 4 == 2 ? 0 : 1)).ToArray(),
            _ => null,
        };
        if (maskValues is not null)
        {
            b.Int64Initializer("mask64", mask == "raw2d" ? [Batch, keys] : [Batch], maskValues);
            b.Node("Cast", ["mask64"], "mask", Int("to", (long)DataType.Int32));
        }
        string[] inputs = ["x", self ? "x" : "k", self ? "x" : "v", bias ? "bias" : "", maskValues is null ? "" : "mask"];
        b.Node("MultiHeadAttention", [.. inputs.Reverse().SkipWhile(i => i.Length == 0).Reverse()], "y", Int("num_heads", 2));
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(Graphs.InDomain(b.ToModel("test"), MicrosoftOps.Domain, 1, "MultiHeadAttention"), 193, [Batch, Length, Hidden]);
    }

    // Ids are the fed int64 input, cast to the int32 the op takes; the mask index output counts each row's ones.
    [Theory]
    [InlineData(true, true, false)]
    [InlineData(false, true, false)]
    [InlineData(true, false, true)]
    public void EmbedLayerNormalizationMatchesOrt(bool segments, bool mask, bool positionIds)
    {
        var b = new OnnxGraphBuilder("embed", 13);
        b.Input("x", Batch, Length);
        b.Node("Cast", ["x"], "ids", Int("to", (long)DataType.Int32));
        b.Initializer("words", [10, Hidden], Graphs.RandomValues(146, 10, Hidden));
        b.Initializer("positions", [7, Hidden], Graphs.RandomValues(147, 7, Hidden));
        b.Initializer("segment_table", [2, Hidden], Graphs.RandomValues(148, 2, Hidden));
        b.Initializer("gamma", [Hidden], Graphs.RandomValues(149, Hidden));
        b.Initializer("beta", [Hidden], Graphs.RandomValues(150, Hidden));
        foreach ((string name, long[] values) in new[] { ("segment", new long[] { 0, 0, 1, 1, 1, 0, 1, 1, 0, 0 }), ("mask", [1, 1, 1, 0, 0, 1, 1, 1, 1, 0]) })
        {
            b.Int64Initializer(name + "64", [Batch, Length], values);
            b.Node("Cast", [name + "64"], name, Int("to", (long)DataType.Int32));
        }
        b.Int64Initializer("position64", [1, Length], 6, 4, 2, 0, 1);
        b.Node("Cast", ["position64"], "position_ids", Int("to", (long)DataType.Int32));
        string[] inputs = ["ids", segments ? "segment" : "", "words", "positions", segments ? "segment_table" : "", "gamma", "beta",
            mask ? "mask" : "", positionIds ? "position_ids" : ""];
        b.Node("EmbedLayerNormalization", [.. inputs.Reverse().SkipWhile(i => i.Length == 0).Reverse()], ["y", mask ? "mask_index" : ""], Float("epsilon", 1e-5f));
        b.Output("y", DataType.Float);
        if (mask) b.Output("mask_index", DataType.Int32);
        using Tensor ids = tensor(new long[] { 1, 5, 9, 0, 3, 2, 2, 8, 7, 4 }, [Batch, Length]);
        ModelProto model = Graphs.WithInputType(Graphs.InDomain(b.ToModel("test"), MicrosoftOps.Domain, 1, "EmbedLayerNormalization"), "x", DataType.Int64);
        OrtOracle.AssertMatches(model, ("x", ids));
    }
}
