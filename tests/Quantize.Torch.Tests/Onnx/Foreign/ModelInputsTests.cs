using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Onnx.Foreign;

/// <summary>Models that cannot take the Fashion-MNIST images, or give no class scores, are refused in one clear line.</summary>
public class ModelInputsTests
{
    [Fact]
    public void CifarInput_IsRefusedNamingBothShapes()
    {
        var e = Assert.Throws<IncompatibleModelException>(() => ModelInputs.Check(ForeignModels.Cifar(), TestData.Test.Images));

        Assert.Equal("model input 'x' takes [N,3,32,32] float; the dataset's images are 1x28x28 "
                     + "(eval/hessian/prune/fine-tuning need a model that takes these images)", e.Message);
    }

    [Fact]
    public void TokenIds_AreRefused()
    {
        var e = Assert.Throws<IncompatibleModelException>(() => ModelInputs.Check(ForeignModels.Tokens(), TestData.Test.Images));

        Assert.StartsWith("model input 'input_ids' takes [N,16] int64;", e.Message);
    }

    [Fact]
    public void ImageShapedModels_Pass()
    {
        foreach (ModelProto model in new[] { ForeignModels.Lenet(), ForeignModels.Mlp(), ForeignModels.LenetChannelsLast(), ForeignModels.LenetWithoutChannel() })
            ModelInputs.Check(model, TestData.Test.Images);
    }

    [Fact]
    public void FewerClassesThanLabels_AreRefusedFromTheDeclaredOutput()
    {
        var e = Assert.Throws<IncompatibleModelException>(() => ModelInputs.Check(ForeignModels.Mlp(classes: 4), TestData.Test.Images));

        Assert.Equal("model output 'logits' gives [N,4] float; eval/hessian/prune/fine-tuning need class scores [N,C] float with C >= 10, "
                     + "the dataset's label count", e.Message);
    }

    [Fact]
    public void FewerClassesThanLabels_WithoutADeclaredShape_AreRefusedOnTheFirstBatch()
    {
        ModelProto model = ForeignModels.Mlp(classes: 4);
        model.Graph.Output[0].Type.TensorType.Shape = null;

        var e = Assert.Throws<IncompatibleModelException>(() => Accuracy.TopOne(model, TestData.Test, CPU));

        Assert.StartsWith("model output 'logits' gave [1000,4] float32;", e.Message);
    }

    [Fact]
    public void SecondInputTheScoresRead_IsRefused()
    {
        ModelProto model = ForeignModels.Mlp();
        model.Graph.Input.Add(model.Graph.Input[0].Clone());
        model.Graph.Input[1].Name = "attention_mask";
        model.Graph.Node.Insert(0, OnnxBuilder.Node("Mul", "apply_mask", ["input", "attention_mask"], ["masked"]));
        model.Graph.Node[1].Input[0] = "masked";

        var e = Assert.Throws<IncompatibleModelException>(() => ModelInputs.Check(model, TestData.Test.Images));

        Assert.StartsWith("model output 'logits' reads 2 inputs ('input', 'attention_mask');", e.Message);
    }

    [Fact]
    public void SecondInputTheScoresDoNotRead_IsNeverFed()
    {
        ModelProto model = ForeignModels.Mlp();
        model.Graph.Input.Insert(0, model.Graph.Input[0].Clone());
        model.Graph.Input[0].Name = "unused";

        ModelInputs.Check(model, TestData.Test.Images);

        Assert.Equal(Accuracy.TopOne(ForeignModels.Mlp(), TestData.Test, CPU), Accuracy.TopOne(model, TestData.Test, CPU));
    }
}
