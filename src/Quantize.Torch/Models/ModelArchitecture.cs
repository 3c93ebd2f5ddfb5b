using Quantize.Format.Onnx.Proto;
using static TorchSharp.torch;

namespace Quantize.Torch.Models;

/// <summary>A built-in network: how to build it for an input shape, and how to write a built one as ONNX.</summary>
public sealed record ModelArchitecture(
    string Name,
    Func<InputShape, nn.Module<Tensor, Tensor>> Create,
    Func<nn.Module<Tensor, Tensor>, InputShape, string, ModelProto> Export);
