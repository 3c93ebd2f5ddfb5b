using Quantize.Cli.Reports;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The quantization once its shared values are final (fine-tuned or not), without the values and weights it was
/// computed from: what the coding, evaluation and report stages need. <see cref="BeforeTuning"/> keeps the codebooks as
/// quantized, to report the accuracy before fine-tuning too.
/// </summary>
public sealed record SettledQuantization(IReadOnlyList<GroupQuantization> Groups, IReadOnlyList<GroupQuantization>? BeforeTuning,
    PrunedPositions Pruned, HessianReport Importance, FineTuningReport? Tuning)
{
    public static SettledQuantization Of(IReadOnlyList<GroupQuantization> quantized, TuningOutcome? tuning, PreparedValues prepared) => new(
        (tuning?.Groups ?? quantized).Select(q => q.WithoutValues()).ToList(),
        tuning == null ? null : quantized.Select(q => q.WithoutValues()).ToList(),
        prepared.Pruned, prepared.Importance, tuning?.Report);
}
