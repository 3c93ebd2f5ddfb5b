namespace Quantize.Cli.Inspect;

/// <summary>One codebook of a container: its k shared values, code, and the bits its stream and table take.</summary>
public sealed record CodebookEntry(int Index, int Values, string Coding, long StreamBits, long TableBits, long Symbols);
