using System.CommandLine;
using Quantize.Cli.Gates;

namespace Quantize.Cli.Options;

/// <summary>
/// The CI options <c>compress</c>, <c>sweep</c> and <c>sweep merge</c> share: two gates that fail the run with
/// exit code 5, and a Markdown summary for the job page. <paramref name="subject"/> says what a gate checks
/// ("the result", "at least one setting").
/// </summary>
/// <param name="withFidelity">Also the fidelity gates (--min-cosine, --min-agreement): for commands whose reports measure fidelity.</param>
public sealed class GateOptionGroup(string subject, bool withFidelity = false)
{
    readonly FidelityGateOptions? fidelity = withFidelity ? new FidelityGateOptions(subject) : null;
    readonly Option<double?> minRatio = new Option<double?>("--min-ratio")
    {
        Description = $"CI gate: exit 5 unless {subject} reaches a compression ratio (eq. 1) of at least X",
        HelpName = "X",
    }.InRange(0, 1e9);
    readonly Option<double?> maxAccuracyDrop = new Option<double?>("--max-accuracy-drop")
    {
        Description = $"CI gate: exit 5 unless {subject} loses at most Y points of top-1 accuracy (original − quantized); needs evaluation",
        HelpName = "Y",
    }.InRange(-100, 100);
    readonly Option<string?> summary = new("--summary")
    {
        Description = "Also write a Markdown summary for a CI job page (e.g. --summary \"$GITHUB_STEP_SUMMARY\"); replaces FILE",
        HelpName = "FILE",
    };

    /// <param name="noEval">The command's --no-eval, if it has one: the accuracy gate cannot be checked without evaluation.</param>
    public void AddTo(Command command, Option<bool>? noEval)
    {
        command.AddRange(minRatio, maxAccuracyDrop);
        fidelity?.AddTo(command, noEval);
        command.AddRange(summary);
        if (noEval == null) return;
        command.Validators.Add(r =>
        {
            if (r.GetResult(maxAccuracyDrop) is { Implicit: false } && r.GetResult(noEval) is { Implicit: false })
                r.AddError("--max-accuracy-drop needs the accuracy that --no-eval skips; drop one of them");
        });
    }

    public GateThresholds Read(ParseResult result)
    {
        var gates = new GateThresholds(result.GetValue(minRatio), result.GetValue(maxAccuracyDrop));
        return fidelity == null ? gates : fidelity.Read(result, gates);
    }

    /// <summary>Whether a gate that needs the model measured (accuracy or fidelity) was given.</summary>
    public bool NeedsEvaluation(ParseResult result) => Read(result) is { MaxAccuracyDrop: not null } or { NeedsFidelity: true };

    public string? SummaryPath(ParseResult result) => result.GetValue(summary);
}
