using Quantize.Tests.Shared;

namespace Quantize.Runtime.Tests;

/// <summary>A container made from a safetensors model restores to the safetensors file <c>quantize decompress</c> writes.</summary>
public class NqzModelSafeTensorsTests
{
    static readonly string Golden = Path.Combine(RepoPaths.Root, "tests", "Quantize.Format.Tests", "Golden");

    [Fact]
    public void WriteSafeTensors_WritesTheGoldenRestoredFile()
    {
        NqzModel model = NqzModel.Open(Path.Combine(Golden, "valid-v1-safetensors.nqz"));
        using var destination = new MemoryStream();

        model.WriteSafeTensors(destination);

        Assert.True(model.IsSafeTensors);
        Assert.Single(model.SafeTensorsFiles);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Golden, "valid-v1-safetensors-restored.safetensors")), destination.ToArray());
        using var byName = new MemoryStream();
        model.WriteSafeTensors(model.SafeTensorsFiles[0], byName);
        Assert.Equal(destination.ToArray(), byName.ToArray());
    }

    [Fact]
    public void AnOnnxContainer_IsNotSafeTensors_AndRefusesToWriteThem()
    {
        NqzModel model = NqzModel.Open(SampleContainer.Bytes);

        Assert.False(model.IsSafeTensors);
        Assert.Empty(model.SafeTensorsFiles);
        var error = Assert.Throws<InvalidContainerException>(() => model.WriteSafeTensors(Stream.Null));
        Assert.Contains("ONNX model", error.Message);
    }
}
