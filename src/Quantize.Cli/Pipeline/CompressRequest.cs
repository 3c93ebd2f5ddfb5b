namespace Quantize.Cli.Pipeline;

/// <summary>Everything <see cref="CompressionPipeline"/> needs, already validated by the command.</summary>
public sealed record CompressRequest(
    string ModelPath,
    string OutputPath,
    string Method,
    int Clusters,
    string Coding,
    string? DataDirectory,
    bool Evaluate);
