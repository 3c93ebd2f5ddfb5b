namespace Quantize.Cli.Inspect;

/// <summary>One codebook of a container: its k shared values, code, and the bits its stream and table take.</summary>
public sealed record CodebookEntry(int Index, int Values, string Coding, long StreamBits, long TableBits, long Symbols)
{
    /// <summary>Bits its shared values take as stored: 32 each as float32, or the step and the level deltas of a grid.</summary>
    public long ValueBits { get; init; }

    /// <summary>The step whose integer levels the shared values are (docs/format.md, section 6.2); null where they are float32s.</summary>
    public float? GridStep { get; init; }
}
