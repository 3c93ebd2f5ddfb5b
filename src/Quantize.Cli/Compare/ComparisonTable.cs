namespace Quantize.Cli.Compare;

/// <summary>
/// Turns compress reports into comparable rows: accuracy change against each report's input model, ratio as
/// a multiple of a baseline row, and optionally one row per input model as given (32-bit values of its
/// unpruned parameters plus their positions), which is how the paper's Table 1 lists "original" and "pruned".
/// </summary>
public static class ComparisonTable
{
    const int FloatBits = 32;

    public static IReadOnlyList<ComparisonRow> Build(IReadOnlyList<ComparedReport> reports, string? baselineLabel, bool withInputs)
    {
        double? baselineRatio = null;
        if (baselineLabel != null)
        {
            ComparedReport baseline = reports.FirstOrDefault(r => r.Label == baselineLabel)
                ?? throw new UserInputException($"--baseline '{baselineLabel}' names no report (labels: {string.Join(", ", reports.Select(r => r.Label))})");
            baselineRatio = baseline.Report.CompressionRatio;
        }

        var rows = new List<ComparisonRow>();
        if (withInputs) rows.AddRange(InputRows(reports, baselineRatio));
        foreach (ComparedReport compared in reports)
        {
            var r = compared.Report;
            double? final = compared.FinalAccuracy;
            rows.Add(new ComparisonRow(compared.Label, r.Method, r.Clusters, r.Parameters, compared.KeptParameters,
                r.Accuracy.Quantized, r.Accuracy.FineTuned, final - r.Accuracy.Original, r.CompressionRatio,
                r.CompressionRatio / baselineRatio, r.Sizes.WeightBits, r.Sizes.IndexBits + r.Sizes.IndexTableBits,
                r.Sizes.TableBits, r.Sizes.TotalBits, r.Sizes.ContainerBytes)
            {
                OtherSeedAccuracies = [.. compared.OtherSeeds.Select(o => o.Accuracy.FineTuned ?? o.Accuracy.Quantized ?? double.NaN)],
            });
        }
        return rows;
    }

    /// <summary>
    /// Each distinct input model once, stored as 32-bit floats for its unpruned parameters plus the position
    /// bits of the report that coded its positions most cheaply as index differences (none for a dense model).
    /// </summary>
    static IEnumerable<ComparisonRow> InputRows(IReadOnlyList<ComparedReport> reports, double? baselineRatio)
    {
        foreach (IGrouping<string, ComparedReport> model in reports.GroupBy(r => r.Report.Model, StringComparer.Ordinal))
        {
            ComparedReport first = model.First();
            long positions = model.Select(r => r.Report.Sizes.IndexBits + r.Report.Sizes.IndexTableBits).Where(b => b > 0).DefaultIfEmpty(0).Min();
            long kept = first.KeptParameters;
            long total = kept * FloatBits + positions;
            double ratio = (double)first.Report.Parameters * FloatBits / total;
            yield return new ComparisonRow($"{Path.GetFileName(first.Report.Model)} (as given)", "none", null, first.Report.Parameters, kept,
                first.Report.Accuracy.Original, null, 0, ratio, ratio / baselineRatio, kept * FloatBits, positions, 0, total, null);
        }
    }
}
