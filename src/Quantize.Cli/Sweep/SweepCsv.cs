using System.Globalization;
using System.Text;

namespace Quantize.Cli.Sweep;

/// <summary>
/// <c>sweep.csv</c>: one line per setting, RFC 4180 quoting, numbers in invariant culture with every digit
/// (so they read back equal to sweep.json's), empty fields where a value is not measured.
/// </summary>
public static class SweepCsv
{
    public static readonly string[] Columns =
    [
        "method", "coding", "bits", "clusters", "entropy_bits", "average_codeword_bits", "distortion", "compression_ratio",
        "original_bits", "weight_bits", "index_bits", "table_bits", "total_bits", "container_bytes",
        "accuracy_original", "accuracy_quantized", "accuracy_fine_tuned", "status", "error",
    ];

    public static string Format(IEnumerable<SweepRow> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', Columns)).Append('\n');
        foreach (SweepRow r in rows)
        {
            object?[] fields =
            [
                r.Method, r.Coding, r.Bits, r.Clusters, r.EntropyBits, r.AverageCodewordBits, r.Distortion, r.CompressionRatio,
                r.Sizes?.OriginalBits, r.Sizes?.WeightBits, r.Sizes?.IndexBits, r.Sizes?.TableBits, r.Sizes?.TotalBits, r.ContainerBytes,
                r.Accuracy.Original, r.Accuracy.Quantized, r.Accuracy.FineTuned, r.Status, r.Error,
            ];
            text.Append(string.Join(',', fields.Select(Field))).Append('\n');
        }
        return text.ToString();
    }

    static string Field(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => Quote(s),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
