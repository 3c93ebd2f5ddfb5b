namespace Quantize.Cli.Sweep;

/// <summary>A sweep output that cannot be merged (not a report, or from another sweep); an input error like any unreadable file.</summary>
public sealed class SweepFileException(string message) : IOException(message);
