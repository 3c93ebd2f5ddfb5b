using Quantize.Format.Onnx;
using Quantize.Torch.Onnx;

namespace Quantize.Torch.Hessian;

/// <summary>
/// Estimates the diagonal of the Hessian of the average loss over the first samples of the data, one
/// value per parameter, as tensors named and shaped like the model's float initializers, in graph order.
/// </summary>
public interface IHessianEstimator
{
    /// <summary>The name users pick it by (see <see cref="HessianEstimators.Create"/>).</summary>
    string Name { get; }

    /// <param name="progress">Receives the fraction done, from 0 to 1.</param>
    IReadOnlyList<ParameterTensor> Estimate(OnnxGraphModule model, HessianData data, HessianOptions options, IProgress<double>? progress = null);
}
