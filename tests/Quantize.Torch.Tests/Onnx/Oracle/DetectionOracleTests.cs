using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>NonMaxSuppression, ScatterElements and ScatterND: the selection and slice-writing ops of detection exports.</summary>
public class DetectionOracleTests
{
    public DetectionOracleTests() => TorchRuntime.EnsureLoaded();

    // Six boxes per image, in clusters that overlap by IoU ~0.2 to ~0.8, one flipped (y2 < y1), one of no area.
    static readonly float[] CornerBoxes =
    [
        0f, 0f, 1f, 1f,   0.1f, 0.1f, 1.1f, 1.1f,   0f, 0.5f, 1f, 1.5f,
        3f, 3f, 2f, 4f,   2.2f, 3.1f, 3.1f, 4f,     5f, 5f, 5f, 6f,
    ];

    // Scores are the fed input [2 images, 2 classes, 6 boxes]; boxes the same for both images.
    [Theory]
    [InlineData(0, 10L, 0.5f, null)]
    [InlineData(0, 2L, 0.3f, null)]
    [InlineData(0, 10L, 0.1f, 0.2f)]
    [InlineData(0, 10L, 0.9f, -0.5f)]
    [InlineData(1, 3L, 0.4f, null)]
    [InlineData(0, 0L, 0.5f, null)]      // zero boxes per class: an empty [0, 3] result
    [InlineData(0, null, 0.5f, null)]    // max_output_boxes_per_class omitted means 0 too
    public void NonMaxSuppressionMatchesOrt(long centerPointBox, long? maxPerClass, float iou, float? scoreThreshold)
    {
        var b = new OnnxGraphBuilder("nms", 11);
        b.Input("x", 2, 2, 6);
        b.Initializer("boxes", [2, 6, 4], [.. CornerBoxes, .. CornerBoxes]);
        if (maxPerClass is long max) b.Int64Initializer("max", [1], max);
        b.Initializer("iou", [1], [iou]);
        if (scoreThreshold is float threshold) b.Initializer("score", [1], [threshold]);
        string[] inputs = ["boxes", "x", maxPerClass is null ? "" : "max", "iou", scoreThreshold is null ? "" : "score"];
        b.Node("NonMaxSuppression", [.. inputs.Reverse().SkipWhile(i => i.Length == 0).Reverse()], "y", Int("center_point_box", centerPointBox));
        b.Output("y", DataType.Int64);
        Graphs.AssertOpMatches(b.ToModel("test"), 130, [2, 2, 6]);
    }

    [Theory]
    [InlineData(16, 1, "none")]
    [InlineData(16, -1, "add")]
    [InlineData(11, 0, "none")]
    [InlineData(10, 1, "none")]        // as Scatter, its name before opset 11
    public void ScatterElementsMatchesOrt(long opset, long axis, string reduction)
    {
        long[] shape = [2, 3, 4];
        int dim = (int)(axis < 0 ? axis + 3 : axis);
        long[] indicesShape = shape.ToArray();
        indicesShape[dim] = 2;
        long size = shape[dim];
        // Along the axis: for "none", distinct targets per line (ONNX leaves repeats undefined), every other line
        // written negatively; for "add", repeated targets that must sum.
        long[] indices = new long[indicesShape.Aggregate(1L, (p, d) => p * d)];
        for (int i = 0; i < indices.Length; i++)
        {
            long inner = indicesShape[(dim + 1)..].Aggregate(1L, (p, d) => p * d);
            long position = i / inner % indicesShape[dim], line = i / (inner * indicesShape[dim]) * inner + i % inner;
            indices[i] = reduction == "add" ? (line % 2) - (line % 3 == 0 ? size : 0) : (position * 2 + 1) % size - (line % 2 == 0 ? size : 0);
        }
        AttributeProto[] attributes = opset >= 16 ? [Int("axis", axis), String("reduction", reduction)] : [Int("axis", axis)];
        ModelProto model = Graphs.SingleOp(opset, opset >= 11 ? "ScatterElements" : "Scatter", shape, ["i", "u"], b =>
        {
            b.Int64Initializer("i", indicesShape, indices);
            b.Initializer("u", indicesShape, Graphs.RandomValues(131, indicesShape));
        }, attributes);
        Graphs.AssertOpMatches(model, 132, shape);
    }

    // Whole rows ([2,1] tuples), single elements ([3,3] tuples) and [2,2]-deep slices, negative coordinates among them.
    [Theory]
    [InlineData(new long[] { 1, -2 }, new long[] { 2, 1 }, new long[] { 2, 3, 4 }, "none")]
    [InlineData(new long[] { 0, 1, 2, 1, -1, 3, 0, 0, 0 }, new long[] { 3, 3 }, new long[] { 3 }, "none")]
    [InlineData(new long[] { 1, 2, 0, 0 }, new long[] { 2, 2 }, new long[] { 2, 4 }, "none")]
    [InlineData(new long[] { 1, 2, 1, 2, 0, 0 }, new long[] { 3, 2 }, new long[] { 3, 4 }, "add")]
    public void ScatterNDMatchesOrt(long[] indices, long[] indicesShape, long[] updatesShape, string reduction)
    {
        long[] shape = [2, 3, 4];
        ModelProto model = Graphs.SingleOp(16, "ScatterND", shape, ["i", "u"], b =>
        {
            b.Int64Initializer("i", indicesShape, indices);
            b.Initializer("u", updatesShape, Graphs.RandomValues(133, updatesShape));
        }, String("reduction", reduction));
        Graphs.AssertOpMatches(model, 134, shape);
    }

    // Regions inside the map, across its edge and past it, on both images; adaptive and fixed sampling.
    [Theory]
    [InlineData(16, "half_pixel", "avg", 0, 0.5f)]
    [InlineData(16, "output_half_pixel", "avg", 2, 1f)]
    [InlineData(16, "half_pixel", "max", 2, 0.5f)]
    [InlineData(10, null, "avg", 0, 1f)]
    [InlineData(10, null, "max", 1, 0.5f)]
    public void RoiAlignMatchesOrt(long opset, string? coordinates, string mode, long samplingRatio, float spatialScale)
    {
        long[] shape = [2, 3, 8, 10];
        float[] rois = [0f, 0f, 9f, 7f, 2.5f, 1.2f, 6.1f, 5.9f, 6f, 4f, 14f, 12f, -3f, -2f, 3f, 2f, 1f, 1f, 1.5f, 1.2f];
        AttributeProto[] attributes = [String("mode", mode), Int("output_height", 3), Int("output_width", 2),
            Int("sampling_ratio", samplingRatio), Float("spatial_scale", spatialScale)];
        if (coordinates is not null) attributes = [.. attributes, String("coordinate_transformation_mode", coordinates)];
        ModelProto model = Graphs.SingleOp(opset, "RoiAlign", shape, ["rois", "images"], b =>
        {
            b.Initializer("rois", [5, 4], rois);
            b.Int64Initializer("images", [5], 0, 1, 1, 0, 1);
        }, attributes);
        Graphs.AssertOpMatches(model, 135, shape);
    }
}
