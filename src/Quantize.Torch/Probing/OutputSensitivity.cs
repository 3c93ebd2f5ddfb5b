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
    /// <param name="probabilities">Outputs that are probabilities (<see cref="ProbabilityOutputs"/>): where one holds a
    /// single value per sample, its error is measured on logits.</param>
    public static Dictionary<string, double> Measure(OnnxGraphModule module, IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyList<(string Name, long[] Dims)> tensors, Func<string, float[]> perturbed, Action<int>? progress = null,
        IReadOnlySet<string>? probabilities = null)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        using var _ = no_grad();
        using var reference = new ReferenceOutputs(module.Run(inputs), LogitOutputs(module, probabilities));
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
        IReadOnlyList<(string Name, long[] Dims)> tensors, Func<string, float[]> perturbed, IReadOnlySet<string>? probabilities = null)
    {
        using var _ = no_grad();
        using var reference = new ReferenceOutputs(module.Run(inputs), LogitOutputs(module, probabilities));
        using var scope = NewDisposeScope();
        return WithSubstituted(module, tensors.Where(t => Measurable(module, t.Name)).ToList(), perturbed,
            () => reference.WorstError(module.Run(inputs)));
    }

    static bool[] LogitOutputs(OnnxGraphModule module, IReadOnlySet<string>? probabilities) =>
        module.OutputNames.Select(name => probabilities?.Contains(name) == true).ToArray();

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

    /// <summary>
    /// The unperturbed outputs, and the energy of each floating one. A probability output of one value per sample (a voice
    /// detector's [N, 1]) is compared as logits log(p / (1 − p)), its energy Σ max(z², 1): near 0 or 1 a probability's
    /// relative error is hypersensitive (0.02 → 0.021 is 5%) where its logit moves by what matters to a threshold, and
    /// a logit near 0 (p near ½) counts as 1 so that it does not become hypersensitive in turn. Wider probability outputs
    /// (a classifier's softmax, a detector's map) are compared as they are: their shape carries the information.
    /// </summary>
    sealed class ReferenceOutputs : IDisposable
    {
        readonly Tensor[] outputs;
        readonly int[] measured;
        readonly bool[] asLogits;
        readonly double[] energies;

        public ReferenceOutputs(Tensor[] outputs, bool[] probabilities)
        {
            this.outputs = outputs;
            measured = Enumerable.Range(0, outputs.Length).Where(i => outputs[i].is_floating_point()).ToArray();
            asLogits = measured.Select(i => probabilities[i] && OneValuePerSample(outputs[i])).ToArray();
            using (NewDisposeScope())
                energies = measured.Select((i, m) => asLogits[m]
                    ? Logits(outputs[i]).pow(2).clamp_min(1).sum().item<double>()
                    : outputs[i].to(ScalarType.Float64).pow(2).sum().item<double>()).ToArray();
        }

        static bool OneValuePerSample(Tensor output) => output.dim() >= 1 && output.numel() == output.shape[0];

        // Probabilities clamped a little inside (0, 1) so that a saturated one has a finite logit.
        static Tensor Logits(Tensor probabilities)
        {
            Tensor p = probabilities.to(ScalarType.Float64).clamp(1e-7, 1 - 1e-7);
            return p.log() - (1 - p).log();
        }

        /// <summary>The relative squared error of the output that moved most.</summary>
        public double WorstError(Tensor[] perturbed)
        {
            double worst = 0;
            for (int m = 0; m < measured.Length; m++)
            {
                int i = measured[m];
                if (!(energies[m] > 0) || !double.IsFinite(energies[m])) continue;
                Tensor difference = asLogits[m] ? Logits(perturbed[i]) - Logits(outputs[i])
                    : perturbed[i].to(ScalarType.Float64) - outputs[i].to(ScalarType.Float64);
                double noise = difference.pow(2).sum().item<double>();
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
