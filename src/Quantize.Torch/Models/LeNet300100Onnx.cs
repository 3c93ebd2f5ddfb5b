using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;

namespace Quantize.Torch.Models;

/// <summary>Writes a <see cref="LeNet300100"/> as ONNX: Flatten, then Gemm (transB = 1) and Relu per layer, as PyTorch exports it.</summary>
public static class LeNet300100Onnx
{
    public const string InputName = "input";
    public const string OutputName = "logits";

    public static ModelProto Export(LeNet300100 model, InputShape input, string producerVersion)
    {
        var builder = new OnnxGraphBuilder("lenet-300-100");
        builder.Input(InputName, "batch", input.Channels, input.Height, input.Width);
        ModuleState.AddInitializers(builder, model);
        builder.Node("Flatten", [InputName], "flat", OnnxGraphBuilder.Int("axis", 1));
        builder.Node("Gemm", ["flat", "fc1.weight", "fc1.bias"], "fc1_out", OnnxGraphBuilder.Int("transB", 1));
        builder.Node("Relu", ["fc1_out"], "relu1_out");
        builder.Node("Gemm", ["relu1_out", "fc2.weight", "fc2.bias"], "fc2_out", OnnxGraphBuilder.Int("transB", 1));
        builder.Node("Relu", ["fc2_out"], "relu2_out");
        builder.Node("Gemm", ["relu2_out", "fc3.weight", "fc3.bias"], OutputName, OnnxGraphBuilder.Int("transB", 1));
        builder.Output(OutputName, "batch", model.named_parameters().First(p => p.name == "fc3.bias").parameter.shape[0]);
        return builder.ToModel(producerVersion);
    }
}
