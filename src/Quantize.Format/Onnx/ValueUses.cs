namespace Quantize.Format.Onnx;

/// <summary>How a value is consumed: how many node inputs read it, and how many of those configure their operator.</summary>
public readonly record struct ValueUses(int Count, int ConfigurationCount)
{
    /// <summary>Read at least once, and only ever as a configuration input.</summary>
    public bool OnlyConfiguration => Count > 0 && ConfigurationCount == Count;

    public ValueUses Add(bool configuration) => new(Count + 1, ConfigurationCount + (configuration ? 1 : 0));
}
