namespace Quantize.Cli.Tests.Large;

/// <summary>
/// A test that needs several GB of disk and memory and minutes: it runs only when QUANTIZE_LARGE_TESTS=1, and says so
/// when skipped.
/// </summary>
sealed class LargeModelFactAttribute : FactAttribute
{
    public const string Variable = "QUANTIZE_LARGE_TESTS";

    public LargeModelFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"needs ~7 GB of disk, ~6 GB of memory and minutes; run with {Variable}=1 " +
                   "(e.g. QUANTIZE_LARGE_TESTS=1 dotnet test tests/Quantize.Cli.Tests --filter LargeModelTests)";
    }
}
