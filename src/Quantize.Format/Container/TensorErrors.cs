using Quantize.Core.Accounting;
using Quantize.Format.Onnx;

namespace Quantize.Format.Container;

/// <summary>
/// Per-tensor relative L2 error and SQNR of a container's restored values against the original model's, for the
/// compress report (JSON and text) and a warning on tensors whose SQNR falls below a threshold. A container alone
/// cannot give them (it holds no original values), so <c>inspect</c> of a container shows them only beside the model.
/// </summary>
public static class TensorErrors
{
    /// <summary>One entry per restored tensor, in the container's order; an original tensor with no restored twin is skipped.</summary>
    public static IReadOnlyList<(string Name, ReconstructionError Error)> Of(IReadOnlyList<ParameterTensor> original, IReadOnlyList<ParameterTensor> restored)
    {
        var byName = original.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var errors = new List<(string, ReconstructionError)>(restored.Count);
        foreach (ParameterTensor tensor in restored)
        {
            if (!byName.TryGetValue(tensor.Name, out ParameterTensor? source)) continue;
            errors.Add((tensor.Name, ReconstructionError.Of(source.Values, tensor.Values)));
        }
        return errors;
    }
}
