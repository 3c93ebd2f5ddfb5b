using Microsoft.ML.OnnxRuntime;
using Quantize.Data.Images;
using Quantize.Data.Idx;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Data;

/// <summary>
/// The image folder of tests/Fixtures/imagefolder, bound with torchvision's flags, against what PyTorch fed its CNN
/// (Resize((24,24)), ToTensor, Normalize(ImageNet mean/std)) and what the CNN predicted.
/// </summary>
public class ImageFolderParityTests
{
    const string ImageNetMean = "0.485,0.456,0.406", ImageNetStd = "0.229,0.224,0.225";

    /// <summary>
    /// JPEG only, in 8-bit levels: two libjpeg-style decoders (StbImageSharp here, libjpeg-turbo behind Pillow) still
    /// round their IDCTs and chroma upsampling a little differently. Measured on these JPEGs after Resize: RGB at most 2
    /// levels, at most 0.10 on average over an image; gray at most 1 level. (ImageSharp 2.1's own JPEG decoder gave up to
    /// 26 levels, 3.3 on average.) PNG and BMP, resized or not, match to float rounding (1e-5 after normalising).
    /// </summary>
    const double JpegMaxLevels = 2, JpegMeanLevels = 0.2, JpegGrayMaxLevels = 1;

    public ImageFolderParityTests() => TorchRuntime.EnsureLoaded();

    static ModelProto Model => OnnxModelFile.Load(Path.Combine(DataFixtures.ImageFolder, "model.onnx"));

    [Theory]
    [InlineData("24")]
    [InlineData(null)] // the model's declared size
    public void DecodedAndPreprocessedAsPyTorchDoes(string? size)
    {
        IModelData data = ModelDataResolver.Resolve(Model, DataFixtures.Shapes, DatasetSplit.Test, ImagePreprocessing.Parse(size, ImageNetMean, ImageNetStd, null));
        using var scope = NewDisposeScope();
        ModelBatch batch = data.Batch(DataFixtures.All(data.Count));
        Assert.Equal(DataFixtures.Expected("labels").ToInt64s(), batch.Labels!.data<long>().ToArray());
        AssertMatches(DataFixtures.Floats(batch.Inputs["image"]), DataFixtures.Expected("test").ToSingles(), [0.229f, 0.224f, 0.225f], JpegMaxLevels);
    }

    [Fact]
    public void GrayIsConvertedBeforeResizingAsTorchvisionsGrayscaleThenResize()
    {
        var b = new OnnxGraphBuilder("gray");
        b.Input("image", "N", 1, 24, 24);
        b.Node("Flatten", ["image"], "flat");
        b.Output("flat", "N", 576);
        ImageModelData data = ModelDataResolver.BindImageFolder(
            b.ToModel("test"), ImageFolder.Scan(DataFixtures.Shapes, DatasetSplit.Test), ImagePreprocessing.Parse(null, "0.5", "0.5", null));
        Assert.Equal(ChannelOrder.Gray, data.Transform.Channels);
        using var scope = NewDisposeScope();
        AssertMatches(DataFixtures.Floats(data.Batch(DataFixtures.All(data.Count)).Inputs["image"]), DataFixtures.Expected("gray").ToSingles(), [0.5f], JpegGrayMaxLevels);
    }

    [Fact]
    public void OnnxRuntimeOnOurTensorsPredictsWhatPyTorchPredicted()
    {
        ModelProto model = Model;
        IModelData data = ModelDataResolver.Resolve(model, DataFixtures.Shapes, DatasetSplit.Test, ImagePreprocessing.Parse("24", ImageNetMean, ImageNetStd, null));
        using var scope = NewDisposeScope();
        ModelBatch batch = data.Batch(DataFixtures.All(data.Count));
        float[] pixels = DataFixtures.Floats(batch.Inputs["image"]);
        using var session = new InferenceSession(File.ReadAllBytes(Path.Combine(DataFixtures.ImageFolder, "model.onnx")));
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(pixels, [data.Count, 3, 24, 24]);
        using var run = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(run, ["image"], [input], ["logits"]);
        float[] logits = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        long[] predictions = Enumerable.Range(0, data.Count)
            .Select(n => (long)Array.IndexOf(logits, logits.Skip(n * 4).Take(4).Max(), n * 4) - n * 4).ToArray();
        Assert.Equal(DataFixtures.Expected("predictions").ToInt64s(), predictions);
        long[] labels = batch.Labels!.data<long>().ToArray();
        Assert.Equal(DataFixtures.TestAccuracy, predictions.Where((p, n) => p == labels[n]).Count() / (double)data.Count, 6);
    }

    [Fact]
    public void ClassesAndSizeComeWithTheData()
    {
        var data = (ImageModelData)ModelDataResolver.Resolve(Model, DataFixtures.Shapes, DatasetSplit.Train);
        Assert.Equal(["Square", "circle", "cross", "triangle"], data.Classes!);
        Assert.Equal(new long[] { 3, 24, 24 }, data.SampleShape);
        Assert.Equal(ImageTensorLayout.Nchw, data.Layout);
        Assert.Equal(96, data.Count);
    }

    // Exact (to float rounding) for lossless files, resized or not; JPEG within the decoders' difference, in levels.
    static void AssertMatches(float[] ours, float[] pytorch, float[] std, double jpegMaxLevels)
    {
        Assert.Equal(pytorch.Length, ours.Length);
        string[] files = DataFixtures.TestFiles;
        int perImage = ours.Length / files.Length, perChannel = perImage / std.Length;
        for (int i = 0; i < files.Length; i++)
        {
            double worst = 0, worstLevels = 0, totalLevels = 0;
            for (int v = i * perImage; v < (i + 1) * perImage; v++)
            {
                double difference = Math.Abs(ours[v] - pytorch[v]), levels = difference * std[(v - i * perImage) / perChannel] * 255;
                worst = Math.Max(worst, difference);
                worstLevels = Math.Max(worstLevels, levels);
                totalLevels += levels;
            }
            if (files[i].EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
            {
                Assert.True(worstLevels <= jpegMaxLevels + 0.01, $"{files[i]}: largest difference {worstLevels:F2} levels");
                Assert.True(totalLevels / perImage <= JpegMeanLevels, $"{files[i]}: mean difference {totalLevels / perImage:F2} levels");
            }
            else
            {
                Assert.True(worst <= 1e-5, $"{files[i]}: largest difference {worst}");
            }
        }
    }
}
