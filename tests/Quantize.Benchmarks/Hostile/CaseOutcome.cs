namespace Quantize.Benchmarks.Hostile;

public enum CaseOutcome
{
    VerifiedDecode,
    OtherValidDecode,
    CleanError,
    Crash,
    Hang,
}

public sealed record CaseResult(CaseOutcome Outcome, string? Detail, long AllocatedBytes = 0);
