using Quantize.Data.Idx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Data;

public class ImageTensorsTests
{
    public ImageTensorsTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void ScalesPixelsToUnitRangeLikeToTensor()
    {
        LabeledImages images = TestData.Test.Images;
        (Tensor pixels, Tensor labels) = TestData.Test.Batch([0, 3]);
        using (pixels)
        using (labels)
        {
            Assert.Equal(new long[] { 2, 1, 28, 28 }, pixels.shape);
            float[] values = pixels.data<float>().ToArray();
            for (int p = 0; p < 784; p++)
            {
                Assert.Equal(images.Pixels[p] / 255f, values[p]);
                Assert.Equal(images.Pixels[3 * 784 + p] / 255f, values[784 + p]);
            }
            Assert.Equal(new long[] { images.Labels[0], images.Labels[3] }, labels.data<long>().ToArray());
        }
    }

    [Fact]
    public void SequentialBatchesCoverEveryImageOnceInOrder()
    {
        var seen = new List<long>();
        foreach ((Tensor pixels, Tensor labels) in TestData.Test.Sequential(3000))
        {
            seen.AddRange(labels.data<long>().ToArray());
            pixels.Dispose();
            labels.Dispose();
        }
        Assert.Equal(TestData.Test.Images.Labels.Select(l => (long)l), seen);
    }
}
