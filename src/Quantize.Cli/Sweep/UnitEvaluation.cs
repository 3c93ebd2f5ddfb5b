using Quantize.Cli.Names;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;

namespace Quantize.Cli.Sweep;

/// <summary>
/// Scores a unit's quantized model once and writes one row per coding. With --fine-tune-epochs the unit is
/// fine-tuned once too, its rows describe the fine-tuned containers (as compress's report does), and both
/// accuracies are filled in. Every coding is lossless, so all of a unit's containers decode to the same
/// values; that is checked, not assumed (see <see cref="ScoredOnce"/>).
/// </summary>
static class UnitEvaluation
{
    public static IEnumerable<SweepRow> Rows(SweepRequest request, SweepInputs inputs, UnitOutcome outcome)
    {
        if (outcome.Error is { } error) return FailedRows(request, outcome.Unit, error);

        UnitOutcome? tuned = null;
        if (request.FineTuning.Enabled)
        {
            try
            {
                tuned = UnitFineTuning.Run(outcome, request, inputs);
            }
            catch (Exception e)
            {
                return FailedRows(request, outcome.Unit, FailureText.Of(e, outcome.Unit.Label + " fine-tuning", request.ErrorWriter));
            }
        }

        var rows = new List<SweepRow>();
        var quantized = new ScoredOnce(inputs.Test, inputs.Device);
        var fineTuned = new ScoredOnce(inputs.Test, inputs.Device);
        for (int i = 0; i < outcome.Containers.Count; i++)
        {
            CodedContainer container = outcome.Containers[i];
            try
            {
                double? before = quantized.Accuracy(container.Restored);
                double? after = tuned == null ? null : fineTuned.Accuracy(tuned.Containers[i].Restored);
                var report = new AccuracyReport(inputs.OriginalAccuracy, before, after, inputs.Test?.Count, inputs.DataDirectory);
                rows.Add(tuned == null
                    ? SweepRowBuilder.Build(request, outcome, container, report, inputs.Hessian)
                    : SweepRowBuilder.Build(request, tuned, tuned.Containers[i], report, inputs.Hessian));
            }
            catch (Exception e)
            {
                rows.Add(SweepRow.FailedRow(outcome.Unit, CodingNames.Of(container.Coding), FailureText.Of(e, outcome.Unit.Label, request.ErrorWriter)));
            }
        }
        return rows;
    }

    static List<SweepRow> FailedRows(SweepRequest request, SweepUnit unit, string error) =>
        request.Codings.Select(coding => SweepRow.FailedRow(unit, CodingNames.Of(coding), error)).ToList();
}
