namespace Quantize.Cli.Pipeline;

/// <summary>
/// What every step that runs a model shares, whichever command asked: the model file (data may be found beside it),
/// the data, the --device value and where progress of long work goes (stderr, never stdout). ModelPath is null
/// where there is no model yet (train).
/// </summary>
public sealed record RunContext(string? ModelPath, DataRequest Data, string Device, TextWriter Progress);
