using System.Globalization;
using Quantize.Cli.Names;
using Quantize.Cli.Pipeline;
using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;

namespace Quantize.Cli.Sweep;

/// <summary>
/// Parses the lists a sweep runs over (<c>--methods</c>, <c>--bits</c>, <c>--coding</c>) into canonical
/// order, without duplicates, so a sweep's rows come out the same whatever order the lists were given in.
/// </summary>
public static class SweepGrid
{
    public const int MinBits = 1;
    public const int MaxBits = 16;

    /// <summary>The canonical method order: the paper's Figure 1 legend order.</summary>
    public static readonly QuantizationMethod[] MethodOrder =
        [QuantizationMethod.KMeans, QuantizationMethod.HessianKMeans, QuantizationMethod.Uniform, QuantizationMethod.Ecsq];

    /// <summary>The canonical coding order: fixed-length first, as in the paper's figures; codings this build lacks are skipped.</summary>
    public static IReadOnlyList<SymbolCoding> CodingOrder { get; } =
        new[] { "fixed", "huffman", "ans" }.Where(CodingNames.All.Contains).Select(CodingNames.Parse).ToArray();

    /// <summary><c>2..6</c>, <c>2,4,6</c> or a mix such as <c>1..3,8</c>; sorted ascending.</summary>
    /// <exception cref="UserInputException">A part is not a number or range, or lies outside 1..16.</exception>
    public static IReadOnlyList<int> Bits(string text)
    {
        var widths = new SortedSet<int>();
        foreach (string part in Parts(text, "--bits"))
        {
            int dots = part.IndexOf("..", StringComparison.Ordinal);
            if (dots < 0)
            {
                widths.Add(BitWidth(part, text));
                continue;
            }
            int from = BitWidth(part[..dots], text), to = BitWidth(part[(dots + 2)..], text);
            if (from > to) throw new UserInputException($"--bits: the range {part} runs backwards (write {to}..{from})");
            for (int b = from; b <= to; b++) widths.Add(b);
        }
        return widths.ToArray();
    }

    /// <exception cref="UserInputException">An unknown method name.</exception>
    public static IReadOnlyList<QuantizationMethod> Methods(string text)
    {
        var chosen = new HashSet<QuantizationMethod>();
        foreach (string part in Parts(text, "--methods"))
        {
            QuantizationMethod? method = MethodOrder.Cast<QuantizationMethod?>().FirstOrDefault(m => QuantizerNames.Of(m!.Value) == part.ToLowerInvariant());
            if (method == null)
                throw new UserInputException($"--methods: unknown method '{part}' (expected a comma list of {string.Join(", ", MethodOrder.Select(QuantizerNames.Of))})");
            chosen.Add(method.Value);
        }
        return MethodOrder.Where(chosen.Contains).ToArray();
    }

    /// <exception cref="UserInputException">An unknown coding name.</exception>
    public static IReadOnlyList<SymbolCoding> Codings(string text)
    {
        var chosen = new HashSet<SymbolCoding>();
        foreach (string part in Parts(text, "--coding"))
        {
            SymbolCoding? coding = CodingOrder.Cast<SymbolCoding?>().FirstOrDefault(c => CodingNames.Of(c!.Value) == part.ToLowerInvariant());
            if (coding == null)
                throw new UserInputException($"--coding: unknown coding '{part}' (expected a comma list of {string.Join(", ", CodingOrder.Select(CodingNames.Of))})");
            chosen.Add(coding.Value);
        }
        return CodingOrder.Where(chosen.Contains).ToArray();
    }

    /// <summary>Canonical position of a method or coding by name, for ordering rows read back from files.</summary>
    public static int MethodRank(string name) => Array.FindIndex(MethodOrder, m => QuantizerNames.Of(m) == name);

    public static int CodingRank(string name) => CodingOrder.Select(CodingNames.Of).ToList().IndexOf(name);

    /// <summary>How a bit-width list is written back: ranges collapsed (2..6,8).</summary>
    public static string FormatBits(IReadOnlyList<int> bits)
    {
        var parts = new List<string>();
        for (int i = 0; i < bits.Count;)
        {
            int j = i;
            while (j + 1 < bits.Count && bits[j + 1] == bits[j] + 1) j++;
            parts.Add(j - i >= 2 ? $"{bits[i]}..{bits[j]}" : string.Join(',', bits.Skip(i).Take(j - i + 1)));
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    static IEnumerable<string> Parts(string text, string option)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Any(p => p.Length == 0)) throw new UserInputException($"{option}: '{text}' has an empty entry (write a comma list such as {Example(option)})");
        return parts;
    }

    static int BitWidth(string text, string whole)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int bits))
            throw new UserInputException($"--bits: '{whole}' is not a list of bit widths or ranges (e.g. 2..6 or 2,4,6)");
        if (bits is < MinBits or > MaxBits)
            throw new UserInputException($"--bits: {bits} is out of range (bit widths are {MinBits} to {MaxBits})");
        return bits;
    }

    static string Example(string option) => option switch
    {
        "--bits" => "2,4,6",
        "--methods" => "kmeans,uniform",
        _ => "fixed,huffman",
    };
}
