using Quantize.Core.Clustering;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>Per-layer mode's bit widths by layer kind (Deep Compression: 8 for convolution, 5 for fully connected); null = the template's.</summary>
public sealed record LayerBits(int? Convolution, int? FullyConnected)
{
    public QuantizerOptions OptionsFor(QuantizerOptions template, LayerKind kind)
    {
        int? bits = kind switch
        {
            LayerKind.Convolution => Convolution,
            LayerKind.FullyConnected => FullyConnected,
            _ => null,
        };
        return bits is { } b ? template with { Clusters = 1 << b } : template;
    }
}
