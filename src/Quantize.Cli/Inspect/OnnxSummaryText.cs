using System.Globalization;

namespace Quantize.Cli.Inspect;

/// <summary>Writes an <see cref="OnnxSummary"/> as a header and an aligned initializer table.</summary>
static class OnnxSummaryText
{
    public static void Write(TextWriter w, OnnxSummary model)
    {
        w.WriteLine($"IR version:   {model.IrVersion}");
        w.WriteLine($"producer:     {(model.Producer.Length == 0 ? "(none)" : model.Producer)}");
        w.WriteLine($"opsets:       {string.Join(", ", model.Opsets.Select(o => $"{o.Domain} {o.Version}"))}");
        w.WriteLine($"nodes:        {model.NodeCount} ({string.Join(", ", model.OpTypes.Select(o => $"{o.OpType}×{o.Count}"))})");
        InitializerTotals totals = model.Totals;
        w.WriteLine($"initializers: {totals.Initializers}, {Integer(totals.Parameters)} parameters " +
                    $"({Integer(totals.FloatParameters)} floating point), {Integer(totals.Bytes)} bytes");
        var table = new TextTable("name", "shape", "dtype", "elements", "sparsity", "data").RightAlign(3, 4);
        foreach (InitializerEntry i in model.Initializers)
            table.Add(i.Name, Shape(i.Shape), i.Dtype, Integer(i.Elements), i.Sparsity is double s ? Percent(s) : "-", i.External ? "external" : i.HasData ? "inline" : "none");
        table.Write(w);
    }

    public static string Shape(long[] dims) => dims.Length == 0 ? "scalar" : string.Join("x", dims);

    public static string Integer(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("F2", CultureInfo.InvariantCulture) + "%";
}
