using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Quantize.Cli.Gates;

namespace Quantize.Cli.Options;

/// <summary>
/// The fidelity gates <c>--min-cosine X</c> and <c>--min-agreement X</c>, for a command beside the ratio and accuracy gates of <see cref="GateOptionGroup"/>:
/// exit 5 unless the overall minimum per-sample cosine to the original model's outputs, and the overall top-1
/// agreement (a fraction of samples, 0..1), reach X. <paramref name="subject"/> says what a gate checks ("the result").
/// </summary>
public sealed class FidelityGateOptions(string subject)
{
    readonly Option<double?> minCosine = new("--min-cosine")
    {
        Description = $"CI gate: exit 5 unless {subject} keeps every test sample's output at a cosine similarity of at least X (-1..1) to the original model's; needs evaluation",
        HelpName = "X",
    };
    readonly Option<double?> minAgreement = new("--min-agreement")
    {
        Description = $"CI gate: exit 5 unless {subject} gives the original model's top-1 class on at least a fraction X (0..1, 0.99 = 99%) of test samples; needs evaluation",
        HelpName = "X",
    };

    public IEnumerable<Option> Options => [minCosine, minAgreement];

    /// <param name="noEval">The command's --no-eval, if it has one: fidelity cannot be checked without evaluation.</param>
    public void AddTo(Command command, Option<bool>? noEval)
    {
        ArgumentNullException.ThrowIfNull(command);
        minCosine.Validators.Add(r => CheckRange(r, -1, 1, "a cosine similarity"));
        minAgreement.Validators.Add(r => CheckRange(r, 0, 1, "a fraction of samples (0.99 = 99%)"));
        command.Options.Add(minCosine);
        command.Options.Add(minAgreement);
        if (noEval == null) return;
        command.Validators.Add(r =>
        {
            if (r.GetResult(noEval) is not { Implicit: false }) return;
            foreach (Option<double?> gate in new[] { minCosine, minAgreement })
                if (r.GetResult(gate) is { Implicit: false })
                    r.AddError($"{gate.Name} needs the evaluation that --no-eval skips; drop one of them");
        });
    }

    /// <summary>The thresholds with the fidelity gates read from the command line added.</summary>
    public GateThresholds Read(ParseResult result, GateThresholds gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        return gates with { MinCosine = result.GetValue(minCosine), MinAgreement = result.GetValue(minAgreement) };
    }

    // Reads the token itself, as CommonOptions.InRange does: a value that failed to convert is the parser's to report.
    static void CheckRange(OptionResult result, double min, double max, string what)
    {
        if (result.Tokens.Count != 1 || !double.TryParse(result.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return;
        if (!(value >= min && value <= max))
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{result.Option.Name} is {what} from {min} to {max} (got {value})"));
    }
}
