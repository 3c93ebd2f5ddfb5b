using Quantize.Format.Onnx;

namespace Quantize.Torch.Pruning;

/// <summary>What masked retraining leaves besides the weights: each epoch's mean loss, and Adam's second moments (null with SGD).</summary>
public sealed record RetrainingResult(IReadOnlyList<double> EpochLosses, IReadOnlyList<ParameterTensor>? Moments);
