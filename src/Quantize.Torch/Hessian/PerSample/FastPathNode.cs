using Quantize.Format.Onnx.Proto;

namespace Quantize.Torch.Hessian.PerSample;

/// <summary>
/// A Conv or Gemm node whose per-sample parameter gradients follow from its input activation and the
/// gradient at its output. Weight or Bias is null when that parameter takes the per-sample loop instead
/// (shared with another node, or a shape the closed form does not cover).
/// </summary>
sealed record FastPathNode(NodeProto Node, string? Weight, string? Bias);
