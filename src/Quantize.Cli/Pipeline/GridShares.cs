using System.Runtime.InteropServices;
using Quantize.Cli.Reports;
using Quantize.Cli.Terminal;
using Quantize.Core.Clustering.Uniform;
using Quantize.Core.Scaling;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;
using Quantize.Torch;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using Quantize.Torch.Probing;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Each tensor's share of a fixed-step grid over scaled weights: its scales are multiplied by the share, so a share of
/// 1/4 quantizes it four times as finely. Small tensors get a finer share (<see cref="SmallTensorRefinement"/>); with
/// the probe, so do the tensors the outputs depend on: each is quantized alone at its share, the model run on a few
/// samples of the user's training data when --data gave some that fit, else on synthetic inputs
/// (<see cref="ProbeInputs"/>), and the shares chosen so the summed output error stays within <see cref="ProbeTarget"/>
/// at the fewest bits (<see cref="SensitivityAllocation"/>); a run with all of them quantized at once then checks the
/// sum, and reallocates for less where it does not hold (<see cref="ProbeAllocation"/>). A model the probe cannot run keeps
/// the size-based shares, and the report says why.
/// </summary>
public static class GridShares
{
    /// <summary>Relative squared output error to spend on the probe's inputs: about 0.998 output cosine there.</summary>
    public const double ProbeTarget = 0.004;

    /// <summary>Training samples the probe runs on when the user gave data.</summary>
    public const int ProbeSamples = 8;

    /// <summary>Above this many parameters a forward pass per tensor is too slow to be a default.</summary>
    public const long MaxProbedParameters = 50_000_000;

    /// <summary>Whether the model's learned parameters are few enough to probe, counted from the file before extraction.</summary>
    public static bool WithinProbeSize(ModelProto model) =>
        ModelTensors.Find(model).Where(site => site.Learned).Sum(site => TensorData.ElementCount(site.Tensor.Dims)) <= MaxProbedParameters;

    /// <param name="samples">Inputs of the user's own data to probe on (a few training samples), or null for synthetic ones.</param>
    /// <param name="dataNotUsed">Why the user's --data gave no samples, where it was given: said in the report and on standard error.</param>
    public static (IReadOnlyDictionary<string, double> Shares, ProbeReport? Probe) Of(ModelProto model, IReadOnlyList<ParameterTensor> parameters,
        ScaleMode scale, double step, bool probe, TextWriter progressWriter, ModelBatch? samples = null, string? dataNotUsed = null)
    {
        long total = parameters.Sum(p => p.ElementCount);
        SmallTensorRefinement refinement = SmallTensorRefinement.ForModel(total);
        var shares = parameters.ToDictionary(p => p.Name, p => refinement.FactorFor(p.ElementCount), StringComparer.Ordinal);
        if (!probe) return (shares, null);
        if (total > MaxProbedParameters)
            return (shares, ProbeReport.Skipped($"{total} parameters; the probe runs the model once per tensor up to {MaxProbedParameters}"));
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return Probe(model, parameters, scale, step, new Dictionary<string, double>(shares, StringComparer.Ordinal), progressWriter, samples, dataNotUsed);
            }
            // A native allocation that failed while other processes held the memory says nothing about the model: the
            // probe's tensors are released and it runs once more before the file settles for size-based shares. So does
            // any other libtorch error: under heavy load the OCR detector's probe twice failed with libtorch's bare
            // "Expected false to be true" and ran cleanly on the same build alone (December 2026, cause not found).
            catch (Exception e) when (attempt < MaxProbeAttempts && (IsAllocationFailure(e) || e is ExternalException))
            {
                progressWriter.WriteLine($"probe: {FirstLine(e)}; releasing memory and trying once more");
                ReleasedMemory.Collect();
            }
            // The probe is an optimisation of the default, never a reason to fail: an op the executor lacks, a shape its
            // made-up inputs get wrong (any exception an op throws on them) leaves the size-based shares. The report says
            // why, and so does standard error, where a --json run's user still sees it: the file gets fewer bits where
            // the outputs need them, so its fidelity deserves a check.
            catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
            {
                progressWriter.WriteLine($"warning: the probe could not run the model ({FirstLine(e)}); every tensor gets a grid {1 / BlindShare:G} times " +
                                         "finer than its size-based share, as a margin for what could not be measured; check the restored model's " +
                                         "outputs (quantize compress --data, or run it beside the original)");
                foreach (string name in shares.Keys.ToArray()) shares[name] *= BlindShare;
                return (shares, ProbeReport.Skipped(FirstLine(e)) with { BlindShare = BlindShare });
            }
        }
    }

    /// <summary>
    /// The share every tensor gets when the probe was asked for and could not run the model: a model our executor cannot
    /// run is one we know least about, so its file keeps a margin (about 1 bit a weight, 6 dB) rather than the size-based
    /// shares, which left 4 of the 10 real models of docs/results.md §9i under 0.99 output cosine (the OCR detector at 0.79).
    /// </summary>
    public const double BlindShare = 0.5;

    /// <summary>Runs of the probe when the first fails to allocate memory.</summary>
    public const int MaxProbeAttempts = 2;

    static string FirstLine(Exception e) => e.Message.Split('\n')[0];

    // libtorch's allocator reports "can't allocate memory" (CPU) or "out of memory" (CUDA) through an ExternalException.
    static bool IsAllocationFailure(Exception e) =>
        e.Message.Contains("allocate", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase);

    static (IReadOnlyDictionary<string, double>, ProbeReport) Probe(ModelProto model, IReadOnlyList<ParameterTensor> parameters, ScaleMode scale,
        double step, Dictionary<string, double> shares, TextWriter progressWriter, ModelBatch? samples, string? dataNotUsed)
    {
        TorchRuntime.EnsureLoaded();
        Dictionary<string, int?> axes = ChannelAxes.Of(model);
        var byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        using var module = new OnnxGraphModule(model);
        module.eval();
        using var scope = NewDisposeScope();
        // A graph exported at a fixed batch takes exactly that many samples; the synthetic inputs follow its declared sizes.
        if (samples != null && module.FixedBatch is long fixedBatch && fixedBatch != samples.Count)
            (dataNotUsed, samples) = ($"the model takes a fixed batch of {fixedBatch} and --data gave {samples.Count} samples", null);
        if (dataNotUsed != null)
            progressWriter.WriteLine($"warning: the probe runs on synthetic inputs, not on --data ({dataNotUsed})");
        IReadOnlyDictionary<string, Tensor> inputs = samples?.Inputs ?? ProbeInputs.For(model);
        var tensors = parameters.Select(p => (p.Name, p.Dims)).ToList();
        HashSet<string> probabilities = ProbabilityOutputs.Of(model.Graph);
        Dictionary<string, double> errors = null!;
        ProgressDisplay.Run(progressWriter, "probing which tensors the outputs depend on", progress =>
            errors = OutputSensitivity.Measure(module, inputs, tensors, name => Quantized(byName[name], scale, step, shares[name], axes),
                done => progress.Report((double)done / tensors.Count, $"{done}/{tensors.Count} tensors"), probabilities));

        var measured = parameters.Select(p => p.Name).Where(errors.ContainsKey).ToArray();
        var position = measured.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var probed = measured.Select(n => (n, byName[n].Dims)).ToList();
        var allocation = new ProbeAllocation(measured.Select(n => (byName[n].ElementCount, errors[n])).ToList(),
            factors => OutputSensitivity.MeasureJoint(module, inputs, probed,
                name => Quantized(byName[name], scale, step, shares[name] * factors[position[name]], axes), probabilities));
        (double[] final, double allocatedFor, double jointError) = allocation.Settle(ProbeTarget);
        double trial = measured.Sum(n => errors[n]), predicted = 0;
        int refined = 0, coarsened = 0;
        for (int i = 0; i < measured.Length; i++)
        {
            shares[measured[i]] *= final[i];
            predicted += errors[measured[i]] * final[i] * final[i];
            if (final[i] < 1) refined++; else if (final[i] > 1) coarsened++;
        }
        string on = samples != null ? $"{samples.Count} training samples"
            : dataNotUsed == null ? "synthetic inputs" : $"synthetic inputs (--data not used: {dataNotUsed})";
        return (shares, new ProbeReport(null, measured.Length, refined, trial, predicted)
            { Coarsened = coarsened, Inputs = on, JointError = jointError, AllocationTarget = allocatedFor });
    }

    /// <summary>
    /// The tensor's values on the grid it would get: normalised by its scales times its share as the container stores them
    /// (rounded, <see cref="ScaleNormalization.Stored"/>), rounded to the step, multiplied back.
    /// </summary>
    static float[] Quantized(ParameterTensor tensor, ScaleMode scale, double step, double share, IReadOnlyDictionary<string, int?> axes)
    {
        TensorScales scales = ScaleNormalization.Stored(scale, tensor.Values, tensor.Dims, axes.GetValueOrDefault(tensor.Name), share);
        var values = (float[])tensor.Values.Clone();
        ScaleNormalization.Normalize(values, [], tensor.Dims, scales);
        for (int i = 0; i < values.Length; i++) values[i] = (float)(FixedStepQuantizer.Cell(values[i], step) * step);
        ScaleNormalization.Denormalize(values, tensor.Dims, scales);
        return values;
    }
}
