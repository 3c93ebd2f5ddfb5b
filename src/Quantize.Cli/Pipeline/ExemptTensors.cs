using Quantize.Cli.Reports;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The learned tensors <c>--keep</c> names: left out of quantization, they stay in the container's skeleton with their
/// data (docs/format.md §11 allows any unquantized tensor there), so the restored model has them bit for bit. They
/// cost 32 bits per parameter in eq. (1).
/// </summary>
public sealed record ExemptTensors(IReadOnlyList<ExemptTensor> Tensors)
{
    public static ExemptTensors None { get; } = new([]);

    public long ParameterCount => Tensors.Sum(t => t.Parameters);

    /// <summary>Splits <paramref name="parameters"/> by the patterns; a pattern that matches nothing, or one that takes everything, is the user's mistake.</summary>
    public static (IReadOnlyList<ParameterTensor> Quantized, ExemptTensors Exempt) Split(IReadOnlyList<ParameterTensor> parameters, TensorPatterns keep)
    {
        if (keep.IsEmpty) return (parameters, None);
        string[] names = parameters.Select(p => p.Name).ToArray();
        if (keep.Unmatched(names).FirstOrDefault() is { } unmatched)
        {
            string some = string.Join(", ", names.Take(5)) + (names.Length > 5 ? $", ... ({names.Length} in all)" : "");
            throw new UserInputException($"--keep '{unmatched}' matches no learned tensor of the model (they are named like {some}; `quantize inspect MODEL` lists them)");
        }
        var quantized = parameters.Where(p => !keep.Matches(p.Name)).ToList();
        if (quantized.Count == 0) throw new UserInputException("--keep names every learned tensor of the model, so there is nothing to quantize");
        var exempt = parameters.Where(p => keep.Matches(p.Name)).Select(p => new ExemptTensor(p.Name, p.ShapeText, p.ElementCount)).ToList();
        return (quantized, new ExemptTensors(exempt));
    }
}
