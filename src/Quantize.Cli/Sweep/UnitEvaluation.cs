using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Cli.Sweep;

/// <summary>
/// Scores a unit's quantized model once and writes one row per coding. Every coding is lossless, so all of
/// a unit's containers decode to the same values; that is checked, not assumed, and a container that
/// decoded differently would be scored on its own.
/// </summary>
static class UnitEvaluation
{
    public static IEnumerable<SweepRow> Rows(SweepRequest request, SweepInputs inputs, UnitOutcome outcome)
    {
        if (outcome.Error is { } error)
            return request.Codings.Select(coding => SweepRow.FailedRow(outcome.Unit, CodingNames.Of(coding), error)).ToList();

        var rows = new List<SweepRow>();
        ModelProto? scored = null;
        double? accuracy = null;
        foreach (CodedContainer container in outcome.Containers)
        {
            try
            {
                if (container.Restored is { } restored && inputs.Test is { } test && (scored == null || !SameParameters(scored, restored)))
                {
                    accuracy = ModelEvaluation.TestAccuracy(restored, test).Percent;
                    scored = restored;
                }
                var report = new AccuracyReport(inputs.OriginalAccuracy, accuracy, null, inputs.Test?.Count, inputs.DataDirectory);
                rows.Add(SweepRowBuilder.Build(request, outcome, container, report, inputs.Hessian));
            }
            catch (Exception e)
            {
                rows.Add(SweepRow.FailedRow(outcome.Unit, CodingNames.Of(container.Coding), FailureText.Of(e, outcome.Unit.Label, request.ErrorWriter)));
            }
        }
        return rows;
    }

    static bool SameParameters(ModelProto a, ModelProto b)
    {
        IReadOnlyList<ParameterTensor> left = ModelParameters.Extract(a), right = ModelParameters.Extract(b);
        return left.Count == right.Count && left.Zip(right).All(pair => pair.First.Name == pair.Second.Name && pair.First.Values.AsSpan().SequenceEqual(pair.Second.Values));
    }
}
