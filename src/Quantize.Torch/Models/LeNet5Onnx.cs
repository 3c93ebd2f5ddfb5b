using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Models;

/// <summary>
/// Writes a trained <see cref="LeNet5"/> as ONNX the way PyTorch exports it (Conv, MaxPool, Flatten,
/// Gemm with transB = 1), with parameters named after the module fields ("conv1.weight", ...).
/// </summary>
public static class LeNet5Onnx
{
    public const string InputName = "input";
    public const string OutputName = "logits";

    public static ModelProto Export(LeNet5 model, string producerVersion)
    {
        var builder = new OnnxGraphBuilder("lenet5");
        builder.Input(InputName, "batch", 1, 28, 28);
        foreach ((string name, Tensor parameter) in model.named_parameters())
        {
            using Tensor cpu = parameter.detach().cpu().contiguous();
            builder.Initializer(name, cpu.shape, cpu.data<float>().ToArray());
        }
        builder.Node("Conv", [InputName, "conv1.weight", "conv1.bias"], "conv1_out", OnnxGraphBuilder.Ints("kernel_shape", 5, 5));
        builder.Node("MaxPool", ["conv1_out"], "pool1_out", OnnxGraphBuilder.Ints("kernel_shape", 2, 2), OnnxGraphBuilder.Ints("strides", 2, 2));
        builder.Node("Conv", ["pool1_out", "conv2.weight", "conv2.bias"], "conv2_out", OnnxGraphBuilder.Ints("kernel_shape", 5, 5));
        builder.Node("MaxPool", ["conv2_out"], "pool2_out", OnnxGraphBuilder.Ints("kernel_shape", 2, 2), OnnxGraphBuilder.Ints("strides", 2, 2));
        builder.Node("Flatten", ["pool2_out"], "flat", OnnxGraphBuilder.Int("axis", 1));
        builder.Node("Gemm", ["flat", "fc1.weight", "fc1.bias"], "fc1_out", OnnxGraphBuilder.Int("transB", 1));
        builder.Node("Relu", ["fc1_out"], "relu_out");
        builder.Node("Gemm", ["relu_out", "fc2.weight", "fc2.bias"], OutputName, OnnxGraphBuilder.Int("transB", 1));
        builder.Output(OutputName, "batch", 10);
        return builder.ToModel(producerVersion);
    }
}
