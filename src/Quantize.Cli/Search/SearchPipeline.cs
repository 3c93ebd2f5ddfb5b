using Quantize.Cli.Gates;
using Quantize.Cli.Names;
using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Core.Clustering;
using Quantize.Format.IO;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch;

namespace Quantize.Cli.Search;

/// <summary>
/// compress --search: the smallest container whose validation quality meets the budget, over the one global knob of the
/// quantizer (<see cref="SearchKnob"/>), or of each quantizer with --method auto, keeping the smallest. Everything the
/// probes share is made once (<see cref="SearchSession"/>); the chosen setting is then compressed by compress's own
/// pipeline with the same grid shares and data, so the file and its report are exactly compress's, measured on the test
/// set the search never looked at.
/// </summary>
public static class SearchPipeline
{
    public static SearchOutcome Run(SearchRequest request)
    {
        CompressRequest compress = request.Compress;
        AtomicFile.EnsureNotInput(compress.OutputPath, compress.ModelPath);
        IReadOnlyList<QuantizerOptions> templates = Templates(request);
        foreach (QuantizerOptions template in templates) RateMatching.Placeholder(template).Validate(); // conflicts fail before slow work
        ModelProto model = ModelSource.LoadNetwork(compress.ModelPath);
        var data = new DataSplits(compress.Context, model);
        if (request.Budget.MaxAccuracyDrop != null && !data.Validation.HasLabels)
            throw new UserInputException("--max-accuracy-drop needs labels, which the training data lacks; give --min-cosine or --min-agreement instead");
        var session = new SearchSession(request, model, data, TorchDevices.Resolve(compress.Device));
        if (ValidationNoise.Warning(request.Budget, session.OriginalAccuracy, session.Validation.Count) is { } noise)
            compress.ProgressWriter.WriteLine(noise);

        var probes = new List<SearchProbe>();
        (QuantizerOptions Template, SearchKnob Knob, SearchProbe Probe)? chosen = null;
        foreach (QuantizerOptions template in templates)
        {
            SearchKnob knob = SearchKnob.For(template, request.Range);
            SearchProbe Evaluate(double value) => session.Evaluate(template, knob, value);
            (IReadOnlyList<SearchProbe> tried, SearchProbe? best) = request.Grid is { } points
                ? KnobGrid.Run(knob, points, Evaluate)
                : Searched(new KnobSearch(knob, request.MaxEvaluations, Evaluate).Run());
            probes.AddRange(tried);
            if (best != null && (chosen == null || best.ContainerBytes < chosen.Value.Probe.ContainerBytes)) chosen = (template, knob, best);
        }
        probes = probes.Select(p => p with { Chosen = ReferenceEquals(p, chosen?.Probe) }).ToList();

        // The marked copy, so search_result.chosen says "chosen": true like its row in search: [...].
        SearchResult result = Result(request, templates, probes, probes.SingleOrDefault(p => p.Chosen), session);
        if (chosen is not { } found) return new SearchOutcome(null, new SearchFailureReport(compress.ModelPath, compress.OutputPath, probes, result));

        SettledShares? shares = session.SharesFor(found.Template);
        session.Release();
        ReleasedMemory.Collect();
        CompressRequest final = compress with { Quantizer = found.Knob.Apply(found.Template, found.Probe.Value), Shares = shares };
        CompressionReport report = CompressionPipeline.Run(final);
        if (report.Sizes.ContainerBytes != found.Probe.ContainerBytes)
            compress.ProgressWriter.WriteLine($"search: note: the file written has {report.Sizes.ContainerBytes} bytes, the probe had {found.Probe.ContainerBytes}");
        return new SearchOutcome(report with { Search = probes, SearchResult = result with { Test = TestCheck(report, request.Budget) } }, null);
    }

    static (IReadOnlyList<SearchProbe>, SearchProbe?) Searched(KnobSearch search) => (search.Probes, search.Chosen);

    /// <summary>
    /// The quantizers to search: the one asked for, or with --method auto compress's own (a fixed step over scaled weights,
    /// or uniform by rate without scales), kmeans, hkmeans where there are importance weights, and ecsq.
    /// </summary>
    public static IReadOnlyList<QuantizerOptions> Templates(SearchRequest request)
    {
        QuantizerOptions given = request.Compress.Quantizer;
        if (!request.Auto) return [given];
        var common = new QuantizerOptions { Seed = given.Seed };
        var templates = new List<QuantizerOptions>
        {
            request.Compress.Scale == Core.Scaling.ScaleMode.None
                ? common with { Method = QuantizationMethod.Uniform, Rate = SearchKnob.StartRate, Center = given.Center }
                : common with { Method = QuantizationMethod.Uniform, Step = SafeDefaults.Step, Center = given.Center ?? CenterMean.Grid },
            common with { Method = QuantizationMethod.KMeans, Clusters = SearchKnob.StartClusters, Solver = given.Solver, Initialization = given.Initialization },
        };
        if (request.Compress.Importance.Source.Kind != HessianSourceKind.None)
            templates.Add(common with { Method = QuantizationMethod.HessianKMeans, Clusters = SearchKnob.StartClusters, Solver = given.Solver, Initialization = given.Initialization });
        templates.Add(common with { Method = QuantizationMethod.Ecsq, Rate = SearchKnob.StartRate });
        return templates;
    }

    static SearchResult Result(SearchRequest request, IReadOnlyList<QuantizerOptions> templates, IReadOnlyList<SearchProbe> probes, SearchProbe? chosen,
        SearchSession session)
    {
        SearchProbe? best = chosen == null ? BestQuality(probes, request.Budget) : null;
        string strategy = request.Grid is { } points
            ? $"grid of {points} settings per method, evenly spaced on a log scale"
            : "bracket, then bisection on the coded size, then neighbours below the failing end";
        double? noise = session.OriginalAccuracy is { } original ? ValidationNoise.StandardErrorPoints(original, session.Validation.Count) : null;
        return new SearchResult(request.Budget.Describe(), strategy, templates.Select(t => QuantizerNames.Of(t.Method)).ToList(), probes.Count,
            request.Grid ?? request.MaxEvaluations, session.Validation.Count, request.Validation.Seed, session.OriginalAccuracy, noise, chosen != null,
            chosen, best, null);
    }

    /// <summary>With no setting in budget: the probe whose quality came closest (least drop, or highest cosine/agreement).</summary>
    static SearchProbe? BestQuality(IReadOnlyList<SearchProbe> probes, GateThresholds budget)
    {
        var made = probes.Where(p => p.ContainerBytes != null).ToList();
        if (made.Count == 0) return null;
        return budget.MaxAccuracyDrop != null ? made.OrderBy(p => p.ValidationDrop ?? double.MaxValue).ThenBy(p => p.ContainerBytes).First()
            : budget.MinCosine != null ? made.OrderByDescending(p => p.ValidationCosineMin ?? double.MinValue).ThenBy(p => p.ContainerBytes).First()
            : made.OrderByDescending(p => p.ValidationAgreement ?? double.MinValue).ThenBy(p => p.ContainerBytes).First();
    }

    /// <summary>The chosen file on test: the budget checked again there, and the test set's binomial standard error.</summary>
    static SearchTestCheck? TestCheck(CompressionReport report, GateThresholds budget)
    {
        AccuracyReport accuracy = report.Accuracy;
        double? quantized = accuracy.FineTuned ?? accuracy.Quantized;
        double? drop = accuracy.Original - quantized;
        var fidelity = report.Fidelity?.Measures;
        if (drop == null && fidelity == null) return null;
        bool meets = GateCheck.Failures(budget, report.CompressionRatio, drop, fidelity).Count == 0;
        double? error = quantized is { } q && accuracy.TestSamples is long n && n > 0 ? 100 * Math.Sqrt(q / 100 * (1 - q / 100) / n) : null;
        double? missed = budget.MaxAccuracyDrop is { } limit && drop is { } d && d > limit ? d - limit : null;
        return new SearchTestCheck(accuracy.TestSamples, drop, fidelity?.CosineMin, fidelity?.Agreement, meets, error, missed);
    }
}

/// <summary>A search's outcome: the report of the file written, or, when no setting met the budget, what was tried.</summary>
public sealed record SearchOutcome(CompressionReport? Report, SearchFailureReport? Failure);
