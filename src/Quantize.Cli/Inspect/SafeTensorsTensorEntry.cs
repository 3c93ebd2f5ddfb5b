namespace Quantize.Cli.Inspect;

/// <summary>One tensor of a safetensors model: its file, dtype and shape, and whether compress quantizes it (weight) or keeps it exact (kept).</summary>
public sealed record SafeTensorsTensorEntry(string Name, string Dtype, long[] Shape, long Parameters, string Kind, string File);
