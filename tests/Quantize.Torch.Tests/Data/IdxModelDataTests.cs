using Quantize.Data.Images;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Data;

/// <summary>IDX data bound to a model give, by default, exactly the pixels today's <see cref="ImageTensors"/> feeds.</summary>
public class IdxModelDataTests
{
    public IdxModelDataTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string> Models => ["lenet", "mlp", "without-channel", "channels-last"];

    static ModelProto Model(string name) => name switch
    {
        "lenet" => ForeignModels.Lenet(),
        "mlp" => ForeignModels.Mlp(),
        "without-channel" => ForeignModels.LenetWithoutChannel(),
        _ => ForeignModels.LenetChannelsLast(),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void BitIdenticalToImageTensorsInTheLayoutTheInputDeclares(string name)
    {
        ModelProto model = Model(name);
        ImageModelData data = ModelDataResolver.BindIdx(model, TestData.Test.Images, RepoPaths.FashionMnist);
        int[] positions = [5, 0, 9_999, 42];
        using var scope = NewDisposeScope();
        ModelBatch ours = data.Batch(positions);
        (Tensor pixels, Tensor labels) = TestData.Test.Batch(positions);
        DeclaredValue input = DeclaredValue.Of(ModelInputs.FedInputs(model.Graph).Single(i => i.Name == data.InputName));
        Tensor today = ImageLayouts.Of(input).Apply(pixels);

        Tensor fed = ours.Inputs[data.InputName];
        Assert.Equal(today.shape, fed.shape);
        Assert.Equal(DataFixtures.Floats(today), DataFixtures.Floats(fed));
        Assert.Equal(labels.data<long>().ToArray(), ours.Labels!.data<long>().ToArray());
        Assert.Equal(10_000, data.Count);
        Assert.True(data.HasLabels);
    }

    [Fact]
    public void AModelForOtherImagesDoesNotFitUnlessAskedToConvert()
    {
        ModelProto cifar = ForeignModels.Cifar();
        var e = Assert.Throws<ModelDataException>(() => ModelDataResolver.BindIdx(cifar, TestData.Test.Images, "fm"));
        Assert.Equal("model input 'x' takes [N,3,32,32] float; the IDX images in fm are 1x28x28 (pass --image-size to resize them)", e.Message);
        var channels = Assert.Throws<ModelDataException>(() => ModelDataResolver.BindIdx(cifar, TestData.Test.Images, "fm", ImagePreprocessing.Parse("32", null, null, null)));
        Assert.Equal("model input 'x' takes [N,3,32,32] float; the IDX images in fm are 1x28x28 (pass --channels rgb to feed them as RGB)", channels.Message);

        ImageModelData data = ModelDataResolver.BindIdx(cifar, TestData.Test.Images, "fm", ImagePreprocessing.Parse("32", null, null, "rgb"));
        using var scope = NewDisposeScope();
        Tensor fed = data.Batch([0]).Inputs["x"];
        Assert.Equal(new long[] { 1, 3, 32, 32 }, fed.shape);
        // Gray replicated into R, G and B.
        Assert.Equal(DataFixtures.Floats(fed[0, 0]), DataFixtures.Floats(fed[0, 2]));
    }

    [Fact]
    public void TokenModelsAreNotFedImages()
    {
        var e = Assert.Throws<ModelDataException>(() => ModelDataResolver.BindIdx(ForeignModels.Tokens(), TestData.Test.Images, "fm"));
        Assert.Equal("model input 'input_ids' takes [N,16] int64; the IDX images in fm are 1x28x28, fed as floats (token ids and other integer inputs come from .npz)", e.Message);
    }
}
