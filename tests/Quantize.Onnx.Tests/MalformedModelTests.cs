using Quantize.Format.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Onnx.Tests;

public class MalformedModelTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void TruncatedSampleModel_IsRefusedWithAClearError(double keep)
    {
        using var folder = new TemporaryFolder();
        byte[] bytes = File.ReadAllBytes(Quantize.Tests.Shared.RepoPaths.SampleModel);
        string path = folder.File("truncated.onnx");
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);

        var error = Assert.Throws<OnnxFormatException>(() => ModelParameters.Extract(OnnxModelFile.Load(path)));

        Assert.Contains("truncated.onnx", error.Message);
    }
}
