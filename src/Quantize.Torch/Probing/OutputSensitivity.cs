using Quantize.Torch.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Torch.Probing;

/// <summary>
/// How much each tensor alone moves a model's outputs: the tensor's values replaced by perturbed ones (its quantization
/// at a trial step), everything else exact, the graph run on the probe inputs, and the relative squared error
/// ‖y − y₀‖² / ‖y₀‖² of the worst output taken — worst over the floating outputs and, where an output's first axis is
/// short (a batch, or a recurrent state's h and c), over its slices along that axis, since a user checks the cosine of
/// each sample, and one sample can move where the batch's sum hides it. For small errors 1 − cosine ≈ half of it, and
/// errors of different tensors roughly add, which is what lets a step be chosen per tensor; <see cref="MeasureJoint"/>
/// checks the sum by moving them all at once.
/// </summary>
public static class OutputSensitivity
{
    /// <summary>The longest first axis measured slice by slice.</summary>
    public const long MaxSlices = 16;

    /// <summary>A slice this much quieter than its output's loudest is not measured alone: its relative error is noise.</summary>
    const double QuietSlice = 1e-3;

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

    /// <summary>The unperturbed outputs, and the energy of each measured part of them.</summary>
    sealed class ReferenceOutputs : IDisposable
    {
        readonly Tensor[] outputs;
        readonly int[] measured;
        readonly Tensor[] energies; // per output: the energy of each slice along the first axis (one value where unsliced)

        public ReferenceOutputs(Tensor[] outputs)
        {
            this.outputs = outputs;
            measured = Enumerable.Range(0, outputs.Length).Where(i => outputs[i].is_floating_point()).ToArray();
            energies = measured.Select(i => SliceEnergies(outputs[i].to(ScalarType.Float64))).ToArray();
        }

        static bool Sliced(Tensor output) => output.dim() >= 2 && output.shape[0] > 1 && output.shape[0] <= MaxSlices;

        static Tensor SliceEnergies(Tensor output) =>
            Sliced(output) ? output.pow(2).reshape(output.shape[0], -1).sum(1) : output.pow(2).sum().reshape(1);

        /// <summary>The largest relative squared error over the measured outputs and their slices.</summary>
        public double WorstError(Tensor[] perturbed)
        {
            double worst = 0;
            for (int m = 0; m < measured.Length; m++)
            {
                int i = measured[m];
                Tensor difference = perturbed[i].to(ScalarType.Float64) - outputs[i].to(ScalarType.Float64);
                double[] noise = SliceEnergies(difference).data<double>().ToArray();
                double[] energy = energies[m].data<double>().ToArray();
                double loudest = energy.Where(double.IsFinite).DefaultIfEmpty(0).Max();
                for (int s = 0; s < energy.Length; s++)
                {
                    if (!(energy[s] > 0) || !double.IsFinite(energy[s]) || energy[s] < QuietSlice * loudest) continue;
                    worst = Math.Max(worst, double.IsFinite(noise[s]) ? noise[s] / energy[s] : double.PositiveInfinity);
                }
            }
            return worst;
        }

        public void Dispose()
        {
            foreach (Tensor t in outputs) t.Dispose();
            foreach (Tensor t in energies) t.Dispose();
        }
    }
}
