namespace Quantize.Cli;

/// <summary>Process exit codes; docs/cli.md lists them for scripts and CI.</summary>
public enum ExitCode
{
    Success = 0,
    /// <summary>An unexpected failure inside quantize (a bug): please report it.</summary>
    InternalError = 1,
    /// <summary>The command line is wrong: unknown option, missing or impossible value.</summary>
    UsageError = 2,
    /// <summary>An input file is missing, unreadable or invalid, or an output cannot be written.</summary>
    InputError = 3,
    /// <summary>TorchSharp's native library (libtorch) could not be loaded on this machine.</summary>
    TorchUnavailable = 4,
    /// <summary>
    /// A CI gate (--min-ratio, --max-accuracy-drop) was not met; everything else succeeded and every output,
    /// report and summary was still written.
    /// </summary>
    GateFailed = 5,
}
