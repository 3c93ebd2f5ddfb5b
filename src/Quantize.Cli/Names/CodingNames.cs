using Quantize.Format.Container.Proto;

namespace Quantize.Cli.Names;

/// <summary>The command-line names of the index codes, both ways.</summary>
public static class CodingNames
{
    public static readonly string[] All = ["huffman", "fixed", "ans", "context"];

    public static SymbolCoding Parse(string name) => name switch
    {
        "huffman" => SymbolCoding.Huffman,
        "fixed" => SymbolCoding.Fixed,
        "ans" => SymbolCoding.Ans,
        "context" => SymbolCoding.Context,
        _ => throw new UserInputException($"unknown coding '{name}' (expected {string.Join(", ", All)})"),
    };

    public static string Of(SymbolCoding coding) => coding switch
    {
        SymbolCoding.Fixed => "fixed",
        SymbolCoding.Ans => "ans",
        SymbolCoding.Context => "context",
        _ => "huffman",
    };
}
