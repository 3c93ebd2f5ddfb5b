using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;
using Quantize.Format.Container;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// What a compression report says was asked for: the model, where the container went (null for a sweep's rows, which
/// write none), the quantizer, the index code, per-layer or all at once, and how pruned weights are stored.
/// </summary>
public sealed record CompressionSetting(string ModelPath, string? OutputPath, QuantizerOptions Quantizer, SymbolCoding Coding,
    bool PerLayer = false, PrunedStorage Positions = PrunedStorage.IndexDifferences);
