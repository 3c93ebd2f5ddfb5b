namespace Quantize.Cli.Compare;

/// <summary>A file given to <c>compare</c> that is not a <c>compress --json</c> report: an input error (exit 3) like any unreadable file.</summary>
public sealed class ReportFileException(string message) : IOException(message);
