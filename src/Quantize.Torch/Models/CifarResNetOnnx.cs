using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;

namespace Quantize.Torch.Models;

/// <summary>
/// Writes a <see cref="CifarResNet"/> as ONNX with the architecture's own nodes: Conv (no bias),
/// BatchNormalization in inference form (scale, bias, running mean and variance as initializers; not
/// folded into the convs, so every layer keeps its weights), Relu, Add for the shortcuts,
/// GlobalAveragePool, Flatten and Gemm. Node outputs are named after the module path ("layer2.0.bn1").
/// </summary>
public static class CifarResNetOnnx
{
    public const string InputName = "input";
    public const string OutputName = "logits";

    // TorchSharp's BatchNorm2d default; ONNX's default is the same, written out so readers need not know.
    const float BatchNormEpsilon = 1e-5f;

    public static ModelProto Export(CifarResNet model, InputShape input, string producerVersion)
    {
        var builder = new OnnxGraphBuilder($"resnet{model.Depth}");
        builder.Input(InputName, "batch", input.Channels, input.Height, input.Width);
        ModuleState.AddInitializers(builder, model);

        string x = ConvBatchNorm(builder, InputName, "conv1", "bn1", stride: 1, kernel: 3);
        builder.Node("Relu", [x], "relu");
        x = "relu";
        long channels = CifarResNet.StageChannels[0];
        for (int stage = 0; stage < CifarResNet.StageChannels.Length; stage++)
        {
            long outChannels = CifarResNet.StageChannels[stage];
            for (int block = 0; block < model.BlocksPerStage; block++)
            {
                long stride = block == 0 ? CifarResNet.StageStride(stage) : 1;
                x = BasicBlock(builder, x, $"layer{stage + 1}.{block}", ResNetBasicBlock.HasProjection(channels, outChannels, stride), stride);
                channels = outChannels;
            }
        }
        builder.Node("GlobalAveragePool", [x], "avgpool");
        builder.Node("Flatten", ["avgpool"], "flat", OnnxGraphBuilder.Int("axis", 1));
        builder.Node("Gemm", ["flat", "fc.weight", "fc.bias"], OutputName, OnnxGraphBuilder.Int("transB", 1));
        builder.Output(OutputName, "batch", model.named_parameters().First(p => p.name == "fc.bias").parameter.shape[0]);
        return builder.ToModel(producerVersion);
    }

    static string BasicBlock(OnnxGraphBuilder builder, string input, string prefix, bool projection, long stride)
    {
        string x = ConvBatchNorm(builder, input, $"{prefix}.conv1", $"{prefix}.bn1", stride, kernel: 3);
        builder.Node("Relu", [x], $"{prefix}.relu1");
        x = ConvBatchNorm(builder, $"{prefix}.relu1", $"{prefix}.conv2", $"{prefix}.bn2", stride: 1, kernel: 3);
        string shortcut = projection
            ? ConvBatchNorm(builder, input, $"{prefix}.downsample.0", $"{prefix}.downsample.1", stride, kernel: 1)
            : input;
        builder.Node("Add", [x, shortcut], $"{prefix}.add");
        builder.Node("Relu", [$"{prefix}.add"], $"{prefix}.relu2");
        return $"{prefix}.relu2";
    }

    // "Same" padding for odd kernels: 1 for 3×3, 0 for the 1×1 projection.
    static string ConvBatchNorm(OnnxGraphBuilder builder, string input, string conv, string bn, long stride, long kernel)
    {
        long pad = kernel / 2;
        builder.Node("Conv", [input, $"{conv}.weight"], conv,
            OnnxGraphBuilder.Ints("kernel_shape", kernel, kernel), OnnxGraphBuilder.Ints("strides", stride, stride),
            OnnxGraphBuilder.Ints("pads", pad, pad, pad, pad));
        builder.Node("BatchNormalization", [conv, $"{bn}.weight", $"{bn}.bias", $"{bn}.running_mean", $"{bn}.running_var"], bn,
            new AttributeProto { Name = "epsilon", Type = AttributeProto.Types.AttributeType.Float, F = BatchNormEpsilon });
        return bn;
    }
}
