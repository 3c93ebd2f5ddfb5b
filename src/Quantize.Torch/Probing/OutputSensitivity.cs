using Quantize.Torch.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Torch.Probing;

/// <summary>
/// How much each tensor alone moves a model's outputs: the tensor's values replaced by perturbed ones (its quantization
/// at a trial step), everything else exact, the graph run on the probe inputs, and the relative squared error
/// ‖y − y₀‖² / ‖y₀‖² of the worst floating output taken. For small errors 1 − cosine ≈ half of it, and errors of
/// different tensors roughly add, which is what lets a step be chosen per tensor (docs/results.md §9e).
/// </summary>
public static class OutputSensitivity
{
    /// <param name="perturbed">For a tensor's name, its perturbed values (row-major, same count).</param>
    /// <param name="tensors">The tensors to measure, with their shapes: main-graph initializers and main-graph Constant-node
    /// weights (by the node's output name); others (a subgraph's) are skipped and absent from the result.</param>
    /// <param name="progress">Called after each tensor with the number done.</param>
    public static Dictionary<string, double> Measure(OnnxGraphModule module, IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyList<(string Name, long[] Dims)> tensors, Func<string, float[]> perturbed, Action<int>? progress = null)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        using var _ = no_grad();
        Tensor[] reference = module.Run(inputs);
        try
        {
            int[] measured = Enumerable.Range(0, reference.Length).Where(i => reference[i].is_floating_point()).ToArray();
            double[] energies;
            using (NewDisposeScope()) energies = measured.Select(i => reference[i].to(ScalarType.Float64).pow(2).sum().item<double>()).ToArray();
            int done = 0;
            var constants = module.ConstantOutputs;
            foreach ((string name, long[] dims) in tensors)
            {
                bool parameter = module.Initializers.TryGetValue(name, out var live);
                if (parameter || constants.Contains(name))
                {
                    using var scope = NewDisposeScope();
                    Tensor changed = tensor(perturbed(name)).reshape(dims);
                    Tensor? original = parameter ? live!.detach().clone() : null;
                    if (parameter) live!.copy_(changed);
                    else module.ConstantSubstitutes[name] = changed;
                    try
                    {
                        result[name] = WorstError(module.Run(inputs), reference, measured, energies);
                    }
                    finally
                    {
                        if (parameter) live!.copy_(original!);
                        else module.ConstantSubstitutes.Remove(name);
                    }
                }
                progress?.Invoke(++done);
            }
            return result;
        }
        finally
        {
            foreach (Tensor t in reference) t.Dispose();
        }
    }

    // The relative squared error of the output that moved most.
    static double WorstError(Tensor[] outputs, Tensor[] reference, int[] measured, double[] energies)
    {
        double worst = 0;
        for (int m = 0; m < measured.Length; m++)
        {
            int i = measured[m];
            if (!(energies[m] > 0) || !double.IsFinite(energies[m])) continue;
            double noise = (outputs[i].to(ScalarType.Float64) - reference[i].to(ScalarType.Float64)).pow(2).sum().item<double>();
            worst = Math.Max(worst, double.IsFinite(noise) ? noise / energies[m] : double.PositiveInfinity);
        }
        return worst;
    }
}
