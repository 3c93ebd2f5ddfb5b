using Quantize.Data.Idx;
using Quantize.Tests.Shared;
using Quantize.Torch.Data;

namespace Quantize.Torch.Tests.Data;

public class ModelDataResolverTests
{
    public ModelDataResolverTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void DetectsEachForm()
    {
        Assert.Equal(DataForm.Idx, ModelDataResolver.Detect(RepoPaths.FashionMnist));
        Assert.Equal(DataForm.ImageFolder, ModelDataResolver.Detect(DataFixtures.Shapes));
        using var temp = new TempFolder();
        Assert.Null(ModelDataResolver.Detect(temp.Path));
        File.Copy(DataFixtures.Npy("tokens_stored.npz"), System.IO.Path.Combine(temp.Path, "train.npz"));
        Assert.Equal(DataForm.Npz, ModelDataResolver.Detect(temp.Path));
    }

    [Fact]
    public void WithoutAFolderFashionMnistIsFoundAsToday()
    {
        IModelData data = ModelDataResolver.Resolve(ForeignModels.Lenet(), null, DatasetSplit.Test, modelPath: RepoPaths.SampleModel);
        Assert.IsType<ImageModelData>(data);
        Assert.True(data.Count > 0);
    }

    [Fact]
    public void AFolderOfNoFormFailsInOneLine()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<ModelDataException>(() => ModelDataResolver.Resolve(ForeignModels.Lenet(), temp.Path, DatasetSplit.Test));
        Assert.StartsWith($"{temp.Path} holds no data in a form we read: expected IDX files", e.Message);
        Assert.Throws<DirectoryNotFoundException>(() => ModelDataResolver.Resolve(ForeignModels.Lenet(), System.IO.Path.Combine(temp.Path, "missing"), DatasetSplit.Test));
    }

    [Fact]
    public void AnArchiveSplitMissingIsNamed()
    {
        using var temp = new TempFolder();
        File.Copy(DataFixtures.Npy("tokens_stored.npz"), System.IO.Path.Combine(temp.Path, "train.npz"));
        var e = Assert.Throws<ModelDataException>(() => ModelDataResolver.Resolve(ForeignModels.Tokens(), temp.Path, DatasetSplit.Test));
        Assert.Equal($"{temp.Path} has train.npz but no test.npz (the test split)", e.Message);
    }

    [Fact]
    public void ImageDataCannotFeedAModelThatReadsSeveralInputs()
    {
        var b = new Quantize.Torch.Onnx.OnnxGraphBuilder("two");
        b.Input("a", "N", 3, 24, 24);
        b.Input("b", "N", 3, 24, 24);
        b.Node("Add", ["a", "b"], "s");
        b.Node("Flatten", ["s"], "scores");
        b.Output("scores", "N", 1728);
        var e = Assert.Throws<ModelDataException>(() => ModelDataResolver.Resolve(b.ToModel("test"), DataFixtures.Shapes, DatasetSplit.Test));
        Assert.Equal("model output 'scores' reads 2 inputs ('a', 'b'); IDX files and image folders feed a single image input (give train.npz and test.npz with one array per input)", e.Message);
    }

    [Fact]
    public void ChannelCountsThatImagesCannotGiveAreRefused()
    {
        var e = Assert.Throws<ModelDataException>(() => ModelDataResolver.Resolve(Flat("image", "N", 4, 24, 24), DataFixtures.Shapes, DatasetSplit.Test));
        Assert.Equal($"model input 'image' takes [N,4,24,24] float; image folder {System.IO.Path.Combine(DataFixtures.Shapes, "test")}; images have 1 (gray) or 3 (RGB/BGR) channels", e.Message);
        var rgb = Assert.Throws<ModelDataException>(() =>
            ModelDataResolver.Resolve(Flat("image", "N", 1, 24, 24), DataFixtures.Shapes, DatasetSplit.Test, Quantize.Data.Images.ImagePreprocessing.Parse(null, null, null, "rgb")));
        Assert.Equal("model input 'image' takes [N,1,24,24] float; --channels rgb gives 3 channels, the input takes 1 (use --channels gray)", rgb.Message);
    }

    [Fact]
    public void ImagesOfSeveralSizesNeedASizeWhenTheModelFixesNone()
    {
        IModelData data = ModelDataResolver.Resolve(Flat("image", "N", 3, "H", "W"), DataFixtures.Shapes, DatasetSplit.Test);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var e = Assert.Throws<ModelDataException>(() => data.Batch(DataFixtures.All(data.Count)));
        Assert.Contains("but the first image is 24x24, and the model's input does not fix a size (pass --image-size H,W)", e.Message);
    }

    // An input of the given shape flattened to the output: enough for binding, which reads declarations only.
    static Quantize.Format.Onnx.Proto.ModelProto Flat(string input, params object[] dims)
    {
        var b = new Quantize.Torch.Onnx.OnnxGraphBuilder("flat");
        b.Input(input, dims);
        b.Node("Flatten", [input], "scores");
        b.Output("scores", "N", 10);
        return b.ToModel("test");
    }

    sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("quantize-data-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
