namespace Quantize.Format.Onnx;

/// <summary>What kind of layer a parameter belongs to, for per-layer-type settings (Deep Compression's conv/fc bit widths).</summary>
public enum LayerKind
{
    Convolution,
    FullyConnected,
    Other,
}
