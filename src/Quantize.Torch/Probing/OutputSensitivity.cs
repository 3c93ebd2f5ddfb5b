using Quantize.Torch.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Torch.Probing;

/// <summary>
/// How much each tensor alone moves a model's outputs: the tensor's values replaced by perturbed ones (its quantization
/// at a trial step), everything else exact, the graph run on the probe inputs, and the relative squared error
/// ‖y − y₀‖² / ‖y₀‖² of the worst floating output taken. For small errors 1 − cosine ≈ half of it, and errors of
/// different tensors roughly add, which is what lets a step be chosen per tensor; <see cref="MeasureJoint"/> checks the
/// sum by moving them all at once. (The worst single sample was tried instead of the batch: it made the probe spend
/// 10–20% more bits on ten real models for no model kept above 0.99 that the batch's error did not keep.)
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
        using var reference = new ReferenceOutputs(module.Run(inputs));
        int done = 0;
        foreach ((string name, long[] dims) in tensors)
        {
            if (Measurable(module, name))
            {
                using var scope = NewDisposeScope();
                result[name] = WithSubstituted(module, [(name, dims)], perturbed, () => reference.WorstError(module.Run(inputs)));
            }
            progress?.Invoke(++done);
        }
        return result;
    }

    /// <summary>The worst output error with every measurable tensor of <paramref name="tensors"/> perturbed at once.</summary>
    public static double MeasureJoint(OnnxGraphModule module, IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyList<(string Name, long[] Dims)> tensors, Func<string, float[]> perturbed)
    {
        using var _ = no_grad();
        using var reference = new ReferenceOutputs(module.Run(inputs));
        using var scope = NewDisposeScope();
        return WithSubstituted(module, tensors.Where(t => Measurable(module, t.Name)).ToList(), perturbed,
            () => reference.WorstError(module.Run(inputs)));
    }

    static bool Measurable(OnnxGraphModule module, string name) =>
        module.Initializers.ContainsKey(name) || module.ConstantOutputs.Contains(name);

    // Runs `measure` with the tensors' values replaced, and puts every one back whatever happens.
    static double WithSubstituted(OnnxGraphModule module, IReadOnlyList<(string Name, long[] Dims)> tensors,
        Func<string, float[]> perturbed, Func<double> measure)
    {
        var originals = new List<(Tensor Live, Tensor Original)>();
        var substituted = new List<string>();
        try
        {
            foreach ((string name, long[] dims) in tensors)
            {
                Tensor changed = tensor(perturbed(name)).reshape(dims);
                if (module.Initializers.TryGetValue(name, out var live))
                {
                    originals.Add((live, live.detach().clone()));
                    live.copy_(changed);
                }
                else
                {
                    module.ConstantSubstitutes[name] = changed;
                    substituted.Add(name);
                }
            }
            return measure();
        }
        finally
        {
            foreach ((Tensor live, Tensor original) in originals) live.copy_(original);
            foreach (string name in substituted) module.ConstantSubstitutes.Remove(name);
        }
    }

    /// <summary>The unperturbed outputs, and the energy of each floating one.</summary>
    sealed class ReferenceOutputs : IDisposable
    {
        readonly Tensor[] outputs;
        readonly int[] measured;
        readonly double[] energies;

        public ReferenceOutputs(Tensor[] outputs)
        {
            this.outputs = outputs;
            measured = Enumerable.Range(0, outputs.Length).Where(i => outputs[i].is_floating_point()).ToArray();
            using (NewDisposeScope()) energies = measured.Select(i => outputs[i].to(ScalarType.Float64).pow(2).sum().item<double>()).ToArray();
        }

        /// <summary>The relative squared error of the output that moved most.</summary>
        public double WorstError(Tensor[] perturbed)
        {
            double worst = 0;
            for (int m = 0; m < measured.Length; m++)
            {
                int i = measured[m];
                if (!(energies[m] > 0) || !double.IsFinite(energies[m])) continue;
                double noise = (perturbed[i].to(ScalarType.Float64) - outputs[i].to(ScalarType.Float64)).pow(2).sum().item<double>();
                worst = Math.Max(worst, double.IsFinite(noise) ? noise / energies[m] : double.PositiveInfinity);
            }
            return worst;
        }

        public void Dispose()
        {
            foreach (Tensor t in outputs) t.Dispose();
        }
    }
}
