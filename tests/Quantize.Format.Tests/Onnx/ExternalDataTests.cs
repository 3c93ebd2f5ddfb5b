using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using static Quantize.Tests.Shared.OnnxBuilder;

namespace Quantize.Format.Tests.Onnx;

public class ExternalDataTests
{
    /// <summary>The mixed model saved with two weights in one external file (the second at an offset).</summary>
    static string SaveWithExternalWeights(TemporaryFolder folder, string dataFile = "weights.bin")
    {
        ModelProto model = MixedWeightsModel.Build();
        Externalize(SampleInitializer(model, "w4"), folder.Path, dataFile);
        Externalize(SampleInitializer(model, MixedWeightsModel.ExternalWeight), folder.Path, dataFile);
        string path = folder.File("model.onnx");
        OnnxModelFile.Save(model, path);
        return path;
    }

    static TensorProto SampleInitializer(ModelProto model, string name) => model.Graph.Initializer.Single(t => t.Name == name);

    [Fact]
    public void Load_ReadsExternalTensorsInline_SoTheModelEqualsTheSelfContainedOne()
    {
        using var folder = new TemporaryFolder();

        ModelProto loaded = OnnxModelFile.Load(SaveWithExternalWeights(folder));

        Assert.Equal(MixedWeightsModel.Build(), loaded);
    }

    [Fact]
    public void Skeleton_OfAnExternalModel_RefersToNoFile()
    {
        using var folder = new TemporaryFolder();
        ModelProto loaded = OnnxModelFile.Load(SaveWithExternalWeights(folder));

        ModelProto skeleton = ModelParameters.WithoutData(loaded, MixedWeightsModel.Learned);

        TensorProto tensor = SampleInitializer(skeleton, MixedWeightsModel.ExternalWeight);
        Assert.Empty(tensor.ExternalData);
        Assert.False(tensor.HasDataLocation);
        Assert.False(tensor.HasRawData);
    }

    [Theory]
    [InlineData("../outside.bin")]
    [InlineData("/etc/hostname")]
    [InlineData("sub/../../outside.bin")]
    public void Load_LocationOutsideTheModelFolder_IsRefused(string location)
    {
        using var folder = new TemporaryFolder();
        string path = SaveWithExternalWeights(folder);
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        SampleInitializer(model, "w4").ExternalData[0].Value = location;
        OnnxModelFile.Save(model, path);

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Load(path));

        Assert.Contains("outside the model's folder", error.Message);
    }

    [Fact]
    public void Load_LocationInASubfolder_IsRead()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("data"));

        Assert.Equal(MixedWeightsModel.Build(), OnnxModelFile.Load(SaveWithExternalWeights(folder, "data/w.bin")));
    }

    [Fact]
    public void Load_MissingDataFile_NamesTheFile()
    {
        using var folder = new TemporaryFolder();
        string path = SaveWithExternalWeights(folder);
        File.Delete(folder.File("weights.bin"));

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Load(path));

        Assert.Contains("weights.bin", error.Message);
    }

    [Fact]
    public void Load_TruncatedDataFile_IsRefused()
    {
        using var folder = new TemporaryFolder();
        string path = SaveWithExternalWeights(folder);
        byte[] data = File.ReadAllBytes(folder.File("weights.bin"));
        File.WriteAllBytes(folder.File("weights.bin"), data[..^1]);

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Load(path));

        Assert.Contains(MixedWeightsModel.ExternalWeight, error.Message);
    }

    [Theory]
    [InlineData("offset", "-4")]
    [InlineData("length", "ten")]
    public void Load_BadByteCount_IsRefused(string key, string value)
    {
        using var folder = new TemporaryFolder();
        string path = SaveWithExternalWeights(folder);
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        SampleInitializer(model, "w4").ExternalData.Single(e => e.Key == key).Value = value;
        OnnxModelFile.Save(model, path);

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Load(path));

        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void Load_ExternalWithoutLocation_IsRefused()
    {
        using var folder = new TemporaryFolder();
        string path = SaveWithExternalWeights(folder);
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        SampleInitializer(model, "w4").ExternalData.Remove(SampleInitializer(model, "w4").ExternalData.Single(e => e.Key == "location"));
        OnnxModelFile.Save(model, path);

        Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Load(path));
    }
}
