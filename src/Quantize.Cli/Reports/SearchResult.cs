namespace Quantize.Cli.Reports;

/// <summary>
/// What compress --search found, beside its probes (<see cref="SearchProbe"/>): the budget, how the validation split was
/// carved (and the binomial standard error, in points, of the original model's accuracy on it: budgets below about twice
/// it are partly chance, <see cref="Search.ValidationNoise"/>), how many evaluations the search took, the setting chosen (null when none met the budget; then
/// <see cref="Best"/> is the best quality reached and at what size), and how the chosen file fares on the test set,
/// which the choice never looked at.
/// </summary>
public sealed record SearchResult(
    string Budget,
    string Strategy,
    IReadOnlyList<string> Methods,
    int Evaluations,
    int MaxEvaluations,
    int ValidationSamples,
    int ValidationSeed,
    double? ValidationOriginalAccuracy,
    double? ValidationStandardErrorPoints,
    bool Met,
    SearchProbe? Chosen,
    SearchProbe? Best,
    SearchTestCheck? Test);

/// <summary>
/// The chosen file on the test set: its accuracy drop, whether it keeps the budget there too, and the test set's own noise
/// (the binomial standard error of the quantized accuracy, √(p(1−p)/n), in points), so a miss can be told from noise.
/// </summary>
public sealed record SearchTestCheck(long? Samples, double? Drop, double? CosineMin, double? Agreement, bool? MeetsBudget,
    double? StandardErrorPoints, double? MissedBy);

/// <summary>compress --search's report when no setting met the budget: no file was written.</summary>
public sealed record SearchFailureReport(string Model, string Output, IReadOnlyList<SearchProbe> Search, SearchResult SearchResult);
