using Quantize.Cli.Names;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Terminal;
using Quantize.Core.Clustering;

namespace Quantize.Cli.Sweep;

/// <summary>
/// Runs a sweep: loads what all settings share once, quantizes each unit (method × bits) once on worker
/// threads, and scores and reports each unit in canonical order while the next ones quantize. A setting
/// that fails is recorded with its reason and the sweep goes on.
/// </summary>
public static class SweepRunner
{
    public static SweepReport Run(SweepRequest request)
    {
        CheckOptions(request);
        SweepInputs inputs = SweepInputs.Load(request);
        IReadOnlyList<SweepUnit> units = SweepPlan.Units(request);
        int workers = request.Jobs ?? DefaultWorkers(request.Evaluate || request.FineTuning.Enabled);

        var rows = new List<SweepRow>();
        // Each unit is quantized, fine-tuned when asked (the slow part), coded and scored before it counts as done.
        string work = request.FineTuning.Enabled ? "quantized and fine-tuned" : "quantizations";
        ProgressDisplay.Run(request.ProgressWriter, "sweep", progress =>
        {
            progress.Report(0, $"0/{units.Count} {work}");
            int done = 0;
            foreach (UnitOutcome outcome in OrderedParallel.Map(units, workers, workers + 1, unit => UnitQuantization.Run(unit, request, inputs)))
            {
                rows.AddRange(UnitEvaluation.Rows(request, inputs, outcome));
                done++;
                progress.Report((double)done / units.Count, $"{done}/{units.Count} {work} ({outcome.Unit.Label})");
            }
        });

        var settings = new SweepSettings(
            Model: request.ModelPath,
            ModelSha256: inputs.ModelSha256,
            Parameters: inputs.KeptCount,
            Methods: request.Methods.Select(QuantizerNames.Of).ToArray(),
            Bits: request.Bits.ToArray(),
            Codings: request.Codings.Select(CodingNames.Of).ToArray(),
            Hessian: request.Importance.Source.Description,
            HessianSamples: request.Importance.RunsModel ? request.Importance.Samples : null,
            Solver: request.Clustering.Solver is { } solver ? QuantizerNames.Of(solver) : null,
            Init: request.Clustering.Initialization is { } init ? QuantizerNames.Of(init) : null,
            Center: request.Clustering.Center is { } center ? QuantizerNames.Of(center) : null,
            Seed: request.Clustering.Seed,
            Evaluate: request.Evaluate,
            Data: inputs.DataDirectory,
            TestSamples: inputs.Test?.Count,
            FineTuning: FineTuningSettings(request.FineTuning, inputs),
            Device: inputs.Device.type.ToString().ToLowerInvariant());
        return SweepReports.Create(request.CommandLine, settings, request.Shard?.ToString(), null, inputs.OriginalAccuracy, rows);
    }

    static SweepFineTuning? FineTuningSettings(FineTuningRequest tuning, SweepInputs inputs) =>
        tuning.Enabled && inputs.Train is { } train
            ? new SweepFineTuning(tuning.Epochs, AggregateNames.Of(tuning.Aggregate), tuning.LearningRate, tuning.Limit, tuning.Seed,
                tuning.Limit > 0 ? Math.Min(tuning.Limit, train.Count) : train.Count)
            : null;

    /// <summary>
    /// Quantization is pure C# on one core per unit; evaluation and fine-tuning run on libtorch, which already
    /// uses every core. While libtorch works, leave one core to it; otherwise, use them all.
    /// </summary>
    static int DefaultWorkers(bool torch) => Math.Max(1, Environment.ProcessorCount - (torch ? 1 : 0));

    /// <summary>Conflicting options (e.g. --init with --solver dp) fail before any slow work, as compress does.</summary>
    static void CheckOptions(SweepRequest request)
    {
        foreach (QuantizationMethod method in request.Methods)
            RateMatching.Placeholder(request.OptionsFor(new SweepUnit(method, request.Bits[0]))).Validate();
    }
}
