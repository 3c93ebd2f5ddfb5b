using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Activations and broadcasting arithmetic.</summary>
static class ElementwiseOps
{
    public static Tensor Relu(OnnxNode node) => nn.functional.relu(node.Input(0));

    public static Tensor Add(OnnxNode node) => node.Input(0).add(node.Input(1));

    public static Tensor Identity(OnnxNode node) => node.Input(0).alias();
}
