namespace Quantize.Cli.Sweep;

/// <summary>
/// Everything a sweep writes to <c>sweep.json</c> (snake_case) and the other files are made from. Rows are in
/// canonical order: method (kmeans, hkmeans, uniform, ecsq), then bits, then coding (fixed, huffman, ans).
/// </summary>
public sealed record SweepReport(
    string Producer,
    string Command,
    SweepSettings Settings,
    string? Shard,
    IReadOnlyList<string>? MergedFrom,
    int Total,
    int Failed,
    double? OriginalAccuracy,
    IReadOnlyList<SweepRow> Rows);
