namespace Quantize.Cli.Gates;

/// <summary>
/// The outcome of the CI gates: whether they passed, the one stderr line when they did not, and a sentence
/// for the Markdown summary either way (null when no gate was asked for).
/// </summary>
public sealed record GateVerdict(bool Passed, string? FailureLine, string? Summary)
{
    public static GateVerdict NotGated { get; } = new(true, null, null);

    /// <summary>Prints the failure line, if any, and gives the exit code: <see cref="ExitCode.GateFailed"/> or success.</summary>
    public int Finish(TextWriter stderr)
    {
        if (Passed) return (int)ExitCode.Success;
        stderr.WriteLine($"quantize: {FailureLine}");
        return (int)ExitCode.GateFailed;
    }
}
