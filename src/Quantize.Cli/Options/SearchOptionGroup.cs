using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Quantize.Cli.Options;

/// <summary>
/// compress --search and its settings: how many validation samples to carve from the training data, how many evaluations
/// to spend, and the exhaustive grid and knob range a search is checked against. The budget is the quality gates'
/// (--max-accuracy-drop, --min-cosine, --min-agreement), judged on validation.
/// </summary>
public sealed class SearchOptionGroup
{
    public const int DefaultMaxEvaluations = 12;

    readonly Option<bool> search = new("--search")
    {
        Description = "Find the smallest file whose quality on a validation split carved from the training data meets the budget " +
                      "(--max-accuracy-drop, --min-cosine and/or --min-agreement), by searching the quantizer's one global knob: the step (the " +
                      "default quantizer, or --step), the rate (uniform, ecsq) or the clusters (kmeans, hkmeans), starting from the setting given; " +
                      "--method auto searches each and keeps the smallest. The test set is only measured, on the file chosen. Exit 5 when no setting meets the budget (nothing is written)",
    };
    readonly Option<int?> validation = new Option<int?>("--validation")
    {
        Description = "With --search: validation samples carved at random (seeded by --seed) from the training data, which keeps the rest " +
                      "for Hessians and fine-tuning; default a fifth of the training split, at most 10000",
        HelpName = "N",
    }.InRange(1, int.MaxValue);
    readonly Option<int> validationFrom = new Option<int>("--validation-from")
    {
        Description = "With --search: carve the validation split only from training samples N onward, e.g. the ones a model trained with " +
                      "'quantize train --limit N' never saw (a model scoring 100% on its validation split has likely seen it)",
        HelpName = "N",
    }.InRange(0, int.MaxValue);
    readonly Option<int> maxEvaluations = new Option<int>("--max-evaluations")
    {
        Description = "With --search: model evaluations the search may spend per method (bracket, bisection on the coded size, neighbours)",
        DefaultValueFactory = _ => DefaultMaxEvaluations,
        HelpName = "N",
    }.InRange(2, 1000);
    readonly Option<int?> grid = new Option<int?>("--search-grid")
    {
        Description = "With --search: instead of searching, evaluate N settings evenly spaced (log scale) over the knob's range and keep the " +
                      "smallest that meets the budget: the exhaustive reference a search is checked against",
        HelpName = "N",
    }.InRange(1, 1000);
    readonly Option<string?> range = new("--search-range")
    {
        Description = "With --search: the knob's range instead of the default (step/8 to 16·step around the step, rate 0.5 to 8 bits, 2 to 256 clusters)",
        HelpName = "LOW,HIGH",
    };

    public void AddTo(Command command, QuantizerOptionGroup quantizer, Option<bool> noEval, Option<bool> perLayer, Option<string?> preset)
    {
        command.AddRange(search, validation, validationFrom, maxEvaluations, grid, range);
        command.Validators.Add(r =>
        {
            bool searching = r.GetResult(search) is { Implicit: false };
            if (!searching)
            {
                if (r.GetResult(quantizer.Method) is { Implicit: false, Tokens: [{ Value: QuantizerOptionGroup.Auto }] })
                    r.AddError("--method auto needs --search: it searches each quantizer and keeps the smallest file");
                foreach (Option option in new Option[] { validation, validationFrom, maxEvaluations, grid, range })
                    if (r.GetResult(option) is { Implicit: false }) r.AddError($"{option.Name} needs --search");
                return;
            }
            foreach (Option option in new Option[] { perLayer, noEval })
                if (r.GetResult(option) is { Implicit: false })
                    r.AddError($"--search varies one global knob over all layers and measures every setting; drop {option.Name}");
            if (r.GetResult(preset) is { Implicit: false }) r.AddError("--search varies one global knob; --preset fixes the quantizer, drop one of them");
            if (r.GetResult(range) is { Implicit: false, Tokens: [var token] })
            {
                try
                {
                    ParseRange(token.Value);
                }
                catch (UserInputException e)
                {
                    r.AddError(e.Message);
                }
            }
        });
    }

    public bool Given(ParseResult result) => result.GetValue(search);

    public int? Validation(ParseResult result) => result.GetValue(validation);

    public int ValidationFrom(ParseResult result) => result.GetValue(validationFrom);

    public int MaxEvaluations(ParseResult result) => result.GetValue(maxEvaluations);

    public int? Grid(ParseResult result) => result.GetValue(grid);

    public (double Low, double High)? Range(ParseResult result) => result.GetValue(range) is { } text ? ParseRange(text) : null;

    /// <summary>"LOW,HIGH": two positive numbers.</summary>
    public static (double Low, double High) ParseRange(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double low)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double high)
            && low > 0 && high > 0 && double.IsFinite(low) && double.IsFinite(high) && low != high)
            return (Math.Min(low, high), Math.Max(low, high));
        throw new UserInputException($"--search-range takes two different positive numbers LOW,HIGH (got '{text}')");
    }
}
