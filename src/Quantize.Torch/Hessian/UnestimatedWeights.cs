using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;

namespace Quantize.Torch.Hessian;

/// <summary>
/// Weights the executor runs as constants, not parameters (those in Constant nodes and in subgraphs, see
/// docs/onnx.md), get no estimate: nothing differentiates with respect to them. So that every weight the
/// compressor quantizes has a Hessian weight, each of their elements gets the mean of all estimated
/// diagonal entries: average importance, neither favoured nor neglected by Hessian-weighted quantization.
/// </summary>
public static class UnestimatedWeights
{
    /// <summary>The estimate followed by the model's other learned weights (identity, shape) filled with the mean.</summary>
    public static IReadOnlyList<ParameterTensor> Complete(ModelProto model, IReadOnlyList<ParameterTensor> estimate)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(estimate);
        var estimated = new HashSet<string>(estimate.Select(t => t.Name), StringComparer.Ordinal);
        List<TensorSite> missing = ModelTensors.Find(model).Where(s => s.Learned && !estimated.Contains(s.Identity)).ToList();
        if (missing.Count == 0) return estimate;
        long count = estimate.Sum(t => t.Values.LongLength);
        if (count == 0)
            throw new IncompatibleModelException(
                $"no weight of the model is an initializer of its main graph (the first is '{missing[0].Identity}'), so none can be differentiated for a Hessian; give importance weights from a file or none");
        float mean = (float)(estimate.Sum(t => t.Values.Sum(v => (double)v)) / count);
        var complete = new List<ParameterTensor>(estimate);
        foreach (TensorSite site in missing)
        {
            long[] dims = site.Tensor.Dims.ToArray();
            complete.Add(new ParameterTensor(site.Identity, dims, Enumerable.Repeat(mean, checked((int)TensorData.ElementCount(dims))).ToArray()));
        }
        return complete;
    }
}
