using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Quantize.Data.Idx;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Onnx.Tests;

/// <summary>The shipped LeNet-5, compressed and decompressed, run by ONNX Runtime on real Fashion-MNIST test images.</summary>
public class SampleModelOracleTests
{
    const int Images = 64;

    static NamedOnnxValue[] Inputs(InferenceSession session, LabeledImages images)
    {
        float[] pixels = images.Pixels.Select(p => p / 255f).ToArray();
        NodeMetadata input = session.InputMetadata.Values.Single();
        int[] dims = input.Dimensions.Select(d => d < 0 ? images.Count : d).ToArray();
        return [OrtRunner.Floats(session.InputMetadata.Keys.Single(), pixels, dims)];
    }

    static int[] Predictions(float[] logits) =>
        logits.Chunk(10).Select(row => Array.IndexOf(row, row.Max())).ToArray();

    [Fact]
    public void DecompressedLeNet_RunsInOnnxRuntime_LikeTheSourceWithItsQuantizedWeights()
    {
        ModelProto source = OnnxModelFile.Load(RepoPaths.SampleModel);
        var roundTrip = new LibraryRoundTrip(source, clusters: 16);
        LabeledImages images = new ImageDataset(RepoPaths.FashionMnist).Load(DatasetSplit.Test).Take(Images);
        using var session = new InferenceSession(roundTrip.Decoded.ToByteArray());
        NamedOnnxValue[] inputs = Inputs(session, images);

        float[] actual = OrtRunner.Run(roundTrip.Decoded.ToByteArray(), inputs);
        float[] expected = OrtRunner.Run(roundTrip.Substituted.ToByteArray(), inputs);
        float[] original = OrtRunner.RunFile(RepoPaths.SampleModel, inputs);

        OutputAssert.Close(expected, actual);
        Assert.NotEqual(original, actual);
        int[] labels = images.Labels.Select(l => (int)l).ToArray();
        int correctOriginal = Predictions(original).Zip(labels).Count(p => p.First == p.Second);
        int correctDecoded = Predictions(actual).Zip(labels).Count(p => p.First == p.Second);
        Assert.InRange(correctDecoded, correctOriginal - Images / 10, Images); // 16 uniform cells cost LeNet little
    }
}
