using System.CommandLine;
using Quantize.Cli.Gates;
using Quantize.Cli.Names;
using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Cli.Search;
using Quantize.Core.Clustering;
using Quantize.Core.Coding;
using Quantize.Format.Container.Proto;
using Quantize.Format.Container;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize compress</c>: quantizes all parameters at once, codes them into a .nqz container and reports.</summary>
public sealed class CompressCommand(TextWriter stdout, TextWriter stderr)
{
    readonly Argument<string> model = CommonOptions.Model(
        "Model to compress: ONNX, a checkpoint of a built-in architecture, or a safetensors model (a .safetensors file, an index json or a " +
        "folder of shards), compressed weights only (docs/safetensors.md)");
    readonly Option<bool> weightsOnly = CommonOptions.WeightsOnly();
    readonly Option<string> output = CommonOptions.Output("Where to write the container (.nqz)");
    readonly QuantizerOptionGroup quantizer = new();
    readonly Option<string> coding = new Option<string>("--coding")
    {
        Description = "Code for the cluster indices: huffman (canonical, within a bit of the entropy; the default with a named quantizer), " +
                      "ans (static rANS: at the entropy, also below 1 bit; the default with compress's own quantizer), fixed (ceil(log2 k) bits each) " +
                      "or context (adaptive binary range coding with models per layer; pruned positions become context-coded significance flags)",
        DefaultValueFactory = _ => CodingNames.Of(SymbolCoding.Huffman),
    }.AcceptOnlyFromAmong([.. CodingNames.All]);
    readonly Option<bool> perLayer = new("--per-layer")
    {
        Description = "One codebook per layer (Deep Compression) instead of one for all layers at once (the paper)",
    };
    readonly Option<int?> convBits = new Option<int?>("--conv-bits") { Description = "With --per-layer: clusters of convolution layers as bits (k = 2^B)", HelpName = "B" }.InRange(1, QuantizerOptionGroup.MaxBits);
    readonly Option<int?> fcBits = new Option<int?>("--fc-bits") { Description = "With --per-layer: clusters of fully connected layers as bits (k = 2^B)", HelpName = "B" }.InRange(1, QuantizerOptionGroup.MaxBits);
    readonly Option<string> positions = new Option<string>("--positions")
    {
        Description = "How pruned weights are stored. A weight is pruned when it is exactly 0 in a tensor of rank >= 2 with at least 10% zeros (biases and " +
                      "other weights are coded whole; an unpruned model stores no positions). index-diff (default): positions of " +
                      "the kept weights as Huffman-coded index differences (Deep Compression), or with --coding context as context-coded " +
                      "significance flags, only kept weights coded; zero-cluster: " +
                      "pruned weights coded as one more codebook value, exactly 0. The report gives the size of both",
        DefaultValueFactory = _ => PositionNames.IndexDiff,
    }.AcceptOnlyFromAmong([.. PositionNames.All]);
    readonly Option<int> convIndexBits = new Option<int>("--conv-index-bits")
    {
        Description = "Bits of a position gap in convolution (and other) layers; longer gaps take filler entries",
        DefaultValueFactory = _ => PruningRule.DefaultConvGapBits,
        HelpName = "B",
    }.InRange(1, RelativeIndexing.MaxGapBits);
    readonly Option<int> fcIndexBits = new Option<int>("--fc-index-bits")
    {
        Description = "Bits of a position gap in fully connected layers",
        DefaultValueFactory = _ => PruningRule.DefaultFcGapBits,
        HelpName = "B",
    }.InRange(1, RelativeIndexing.MaxGapBits);
    readonly ScaleOptionGroup scale = new();
    readonly Option<string[]> keep = new("--keep")
    {
        Description = "Keep the learned tensors whose name matches PATTERN exact (float32, in the container's model, 32 bits each in eq. (1)) " +
                      "instead of quantizing them; * matches any run of characters, ? one. Repeat it for several patterns, e.g. " +
                      "--keep 'embeddings.*' --keep '*.bias'. Names as `quantize inspect MODEL` lists them",
        HelpName = "PATTERN",
    };
    readonly Option<bool> noProbe = new("--no-probe")
    {
        Description = "With --step over scaled weights (the default quantizer): do not run the model on synthetic inputs to find the tensors its " +
                      "outputs depend on; their share of the grid is then set by their size alone",
    };
    readonly Option<bool> oneTable = new("--one-table")
    {
        Description = "With --step (the default quantizer): code the indices of all tensors with one Huffman/ANS table. Without it, tensors " +
                      "whose share of the grid spreads them over far more cells than others get codebooks of their own, grouped by spread, " +
                      "when the bits saved outweigh the tables added; the values restored are the same. --bits, --clusters and --rate always use one table",
    };
    readonly ImportanceOptionGroup importance = new();
    readonly Option<string?> preset = new Option<string?>("--preset")
    {
        Description = "deep-compression: the Deep Compression baseline - layer-by-layer k-means from a linear start, 8 bits for " +
                      "convolution and 5 for fully connected layers, Huffman codes, positions as 8/5-bit index differences " +
                      "(replaces --method, --bits, --per-layer and their kin; add --fine-tune-epochs for its centroid fine-tuning)",
        HelpName = "NAME",
    }.AcceptOnlyFromAmong(DeepCompressionPreset.Name);
    readonly FineTuningOptionGroup fineTuning = new();
    readonly DeviceOption device = new();
    readonly DataOptionGroup data = new();
    readonly Option<bool> noEval = new("--no-eval") { Description = "Skip measuring accuracy (no dataset needed)" };
    readonly Option<bool> json = CommonOptions.Json();
    readonly GateOptionGroup gates = new("the result", withFidelity: true);
    readonly SearchOptionGroup search = new();

    public Command Create()
    {
        var command = new Command("compress",
            "Quantize the parameters of all layers together (or --per-layer), code the cluster indices, write a .nqz container, " +
            "and report the compression ratio (eq. 1, every term itemised, positions of pruned weights included), entropy, distortion and test accuracy before and after.\n" +
            "Examples:\n" +
            "  quantize compress model.onnx -o model.nqz     (no quantizer options: uniform cells of step " +
            SafeDefaults.Step.ToString(System.Globalization.CultureInfo.InvariantCulture) + " over per-channel normalised weights, ANS-coded, safe on real models)\n" +
            "  quantize compress samples/lenet5-fashion.onnx -o lenet5.nqz --method uniform --bits 5\n" +
            "  quantize compress samples/lenet5-fashion.onnx -o lenet5.nqz --method ecsq --rate 2.5 --hessian h.safetensors\n" +
            "  quantize compress samples/lenet5-fashion.onnx -o lenet5.nqz --method hkmeans --bits 4 --solver dp --coding fixed\n" +
            "  quantize compress pruned.onnx -o pruned.nqz --per-layer --conv-bits 8 --fc-bits 5 --positions index-diff\n" +
            "  quantize compress pruned.onnx -o dc.nqz --preset deep-compression --fine-tune-epochs 2\n" +
            "  quantize compress model.safetensors -o model.nqz     (weights only: decompress writes safetensors back)");
        command.AddRange(model, output);
        quantizer.AddTo(command);
        command.AddRange(coding, perLayer, convBits, fcBits, positions, convIndexBits, fcIndexBits);
        scale.AddTo(command);
        command.AddRange(keep, noProbe, oneTable, weightsOnly);
        importance.AddTo(command);
        command.AddRange(preset);
        fineTuning.AddTo(command);
        device.AddTo(command);
        data.AddTo(command);
        command.AddRange(noEval, json);
        gates.AddTo(command, noEval);
        search.AddTo(command, quantizer, noEval, perLayer, preset);
        command.Validators.Add(r =>
        {
            bool layerBits = r.GetResult(convBits) is { Implicit: false } || r.GetResult(fcBits) is { Implicit: false };
            if (layerBits && r.GetResult(perLayer) is not { Implicit: false } && r.GetResult(preset) is not { Implicit: false })
                r.AddError("--conv-bits and --fc-bits need --per-layer");
            if (r.GetResult(preset) is { Implicit: false } && quantizer.Given(r).Concat(layerBits ? ["--conv-bits/--fc-bits"] : [])
                    .Concat(r.GetResult(perLayer) is { Implicit: false } ? ["--per-layer"] : []).FirstOrDefault() is { } clash)
                r.AddError($"--preset sets the quantizer itself; drop {clash}");
        });
        command.SetAction(result => search.Given(result)
            ? RunSearch(SearchRequestOf(result), result.GetValue(json), gates.Read(result), gates.SummaryPath(result))
            : Run(WithPreset(result.GetValue(preset), WithSafeDefaults(result, Request(result))), result.GetValue(json), gates.Read(result),
                gates.SummaryPath(result)));
        return command;
    }

    CompressRequest Request(ParseResult result) => new()
    {
        ModelPath = result.GetValue(model)!,
        OutputPath = result.GetValue(output)!,
        Quantizer = quantizer.Read(result),
        Coding = CodingNames.Parse(result.GetValue(coding)!),
        PerLayer = result.GetValue(perLayer),
        ConvBits = result.GetValue(convBits),
        FcBits = result.GetValue(fcBits),
        Positions = PositionNames.Parse(result.GetValue(positions)!),
        ConvIndexBits = result.GetValue(convIndexBits),
        FcIndexBits = result.GetValue(fcIndexBits),
        Scale = scale.Read(result),
        Keep = new TensorPatterns(result.GetValue(keep) ?? []),
        Probe = !result.GetValue(noProbe),
        OneTable = result.GetValue(oneTable),
        Importance = importance.Read(result),
        Data = data.Read(result),
        Evaluate = !result.GetValue(noEval),
        WeightsOnly = result.GetValue(weightsOnly),
        EvaluationRequired = data.Given(result) || importance.Read(result).RunsModel || fineTuning.Read(result).Enabled || gates.NeedsEvaluation(result),
        FineTuning = fineTuning.Read(result),
        Device = device.Read(result),
        ProgressWriter = stderr,
    };

    /// <summary>
    /// The search: compress's request (with the safe defaults, also under --method auto, whose placeholder method they
    /// replace) plus the validation carve, and the quality gates as the budget; the ratio gate stays a gate on the file.
    /// </summary>
    SearchRequest SearchRequestOf(ParseResult result)
    {
        GateThresholds gates = this.gates.Read(result);
        if (gates is { MaxAccuracyDrop: null, MinCosine: null, MinAgreement: null })
            throw new UserInputException("--search needs a budget: --max-accuracy-drop Y, --min-cosine X or --min-agreement X (judged on the validation split)");
        bool auto = quantizer.IsAuto(result);
        CompressRequest request = auto ? WithSafeDefaults(result, Request(result), methodOrSizeGiven: false) : WithSafeDefaults(result, Request(result));
        int seed = request.Quantizer.Seed;
        return new SearchRequest
        {
            Compress = request with { Data = request.Data with { Validation = new ValidationCarve(search.Validation(result), seed, search.ValidationFrom(result)) }, EvaluationRequired = true },
            Budget = GateThresholds.None with { MaxAccuracyDrop = gates.MaxAccuracyDrop, MinCosine = gates.MinCosine, MinAgreement = gates.MinAgreement },
            Auto = auto,
            MaxEvaluations = search.MaxEvaluations(result),
            Grid = search.Grid(result),
            Range = search.Range(result),
        };
    }

    CompressRequest WithSafeDefaults(ParseResult result, CompressRequest request, bool? methodOrSizeGiven = null)
    {
        (QuantizerOptions options, Core.Scaling.ScaleMode mode, SymbolCoding code) = SafeDefaults.Apply(request.Quantizer, request.Scale, request.Coding,
            methodOrSizeGiven ?? quantizer.MethodOrSizeGiven(result.CommandResult), scale.Given(result.CommandResult),
            codingGiven: result.GetResult(coding) is { Implicit: false }, keepsCount: request.PerLayer || result.GetValue(preset) != null);
        return request with { Quantizer = options, Scale = mode, Coding = code };
    }

    static CompressRequest WithPreset(string? name, CompressRequest request) => name == null ? request : DeepCompressionPreset.Apply(request);

    /// <summary>
    /// compress --search: the smallest file whose validation quality meets the budget. Exit 5 with one line when no setting
    /// does (nothing is written; the report says the best quality reached and at what size). The budget is judged on
    /// validation; on the file written only --min-ratio is a gate, and its test quality is reported beside the budget.
    /// </summary>
    public int RunSearch(SearchRequest request, bool asJson, GateThresholds thresholds, string? summaryPath = null)
    {
        SummaryFile.CheckFolder(summaryPath);
        SearchOutcome outcome = SearchPipeline.Run(request);
        if (outcome.Failure is { } failure)
        {
            if (asJson) JsonOutput.Write(stdout, failure);
            else SearchText.Write(stdout, failure.Search, failure.SearchResult);
            if (summaryPath != null) SummaryFile.Write(summaryPath, SearchSummary.Format(failure.Model, failure.Search, failure.SearchResult));
            stderr.WriteLine($"quantize: {SearchText.FailureLine(failure.SearchResult)}");
            return (int)ExitCode.GateFailed;
        }
        CompressionReport report = outcome.Report!;
        if (asJson) JsonOutput.Write(stdout, report);
        else
        {
            CompressionReportText.Write(stdout, report);
            SearchText.Write(stdout, report.Search!, report.SearchResult!);
        }
        GateVerdict verdict = GateCheck.Evaluate(new GateThresholds(thresholds.MinRatio, null), report.CompressionRatio, null);
        if (summaryPath != null)
            SummaryFile.Write(summaryPath, SearchSummary.Format(report.Model, report.Search!, report.SearchResult!) + CompressSummary.Format(report, verdict));
        if (!asJson && verdict is { Passed: true, Summary: { } passed }) stdout.WriteLine(passed);
        return verdict.Finish(stderr);
    }

    public int Run(CompressRequest request, bool asJson, GateThresholds? thresholds = null, string? summaryPath = null)
    {
        SummaryFile.CheckFolder(summaryPath);
        CompressionReport report = CompressionPipeline.Run(request);
        if (asJson) JsonOutput.Write(stdout, report);
        else CompressionReportText.Write(stdout, report);
        // The container and report are out before the gates are judged: a failed gate still leaves them to inspect.
        GateVerdict verdict = GateCheck.Evaluate(thresholds ?? GateThresholds.None, report.CompressionRatio,
            report.Accuracy.Original - (report.Accuracy.FineTuned ?? report.Accuracy.Quantized), report.Fidelity?.Measures);
        if (summaryPath != null) SummaryFile.Write(summaryPath, CompressSummary.Format(report, verdict));
        if (!asJson && verdict is { Passed: true, Summary: { } passed }) stdout.WriteLine(passed);
        return verdict.Finish(stderr);
    }
}
