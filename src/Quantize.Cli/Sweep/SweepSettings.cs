namespace Quantize.Cli.Sweep;

/// <summary>
/// What a sweep ran over and with which options: everything that must agree between shards before their
/// rows can be merged. <see cref="Model"/> and <see cref="Data"/> are paths as given and may differ between
/// machines; the model's hash must not. <see cref="FineTuning"/> is null without --fine-tune-epochs;
/// <see cref="Device"/> is where tensor work ran (cpu or cuda; results may differ between the two).
/// </summary>
public sealed record SweepSettings(
    string Model,
    string ModelSha256,
    long Parameters,
    IReadOnlyList<string> Methods,
    IReadOnlyList<int> Bits,
    IReadOnlyList<string> Codings,
    string Hessian,
    int? HessianSamples,
    string? Solver,
    string? Init,
    string? Center,
    int Seed,
    bool Evaluate,
    string? Data,
    long? TestSamples,
    SweepFineTuning? FineTuning = null,
    string? Device = null);
