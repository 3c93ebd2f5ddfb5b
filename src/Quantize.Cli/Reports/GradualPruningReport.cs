using Quantize.Torch.Pruning;

namespace Quantize.Cli.Reports;

/// <summary>How gradual pruning ran: its epochs, the steps between mask updates, and each update's step and kept fraction.</summary>
public sealed record GradualPruningReport(string Schedule, int PruneEpochs, int MaskEvery, IReadOnlyList<MaskUpdate> Updates);
