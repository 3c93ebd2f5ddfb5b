using Quantize.Cli.Reports;
using Quantize.Core.Accounting;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The quantization once its shared values are final (fine-tuned or not), without the values and weights it was
/// computed from: what the coding, evaluation and report stages need. <see cref="BeforeTuning"/> keeps the codebooks as
/// quantized, to report the accuracy before fine-tuning too. <see cref="Errors"/>: each tensor's error of its final values
/// (<see cref="TensorErrors"/>), measured before the values were let go.
/// </summary>
public sealed record SettledQuantization(IReadOnlyList<GroupQuantization> Groups, IReadOnlyList<GroupQuantization>? BeforeTuning,
    PrunedPositions Pruned, HessianReport Importance, FineTuningReport? Tuning, IReadOnlyList<ReconstructionError> Errors)
{
    /// <summary>Learned tensors kept exact by --keep, for the report.</summary>
    public ExemptTensors Exempt { get; init; } = ExemptTensors.None;

    /// <summary>What the sensitivity probe did, for the report; null when it did not run.</summary>
    public ProbeReport? Probe { get; init; }

    public static SettledQuantization Of(IReadOnlyList<GroupQuantization> quantized, TuningOutcome? tuning, PreparedValues prepared)
    {
        IReadOnlyList<GroupQuantization> final = tuning?.Groups ?? quantized;
        return new(final.Select(q => q.WithoutValues()).ToList(),
            tuning == null ? null : quantized.Select(q => q.WithoutValues()).ToList(),
            prepared.Pruned, prepared.Importance, tuning?.Report, TensorErrors.Of(final, prepared.Pruned));
    }
}
