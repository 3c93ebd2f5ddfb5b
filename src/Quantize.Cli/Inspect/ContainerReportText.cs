using System.Globalization;
using static Quantize.Cli.Inspect.OnnxSummaryText;

namespace Quantize.Cli.Inspect;

/// <summary>Writes a <see cref="ContainerReport"/>: header, skeleton, tensors, codebooks and eq. (1)'s terms.</summary>
static class ContainerReportText
{
    public static void Write(TextWriter w, ContainerReport r)
    {
        w.WriteLine($"{r.File}: .nqz container, format version {r.FormatVersion}, {Integer(r.FileBytes)} bytes");
        w.WriteLine($"producer:     {r.Producer}");
        if (r.Settings is ContainerSettings s)
            w.WriteLine($"settings:     method {s.Method}, {(s.RequestedClusters == 0 ? "clusters set by a rate or step" : $"{s.RequestedClusters} clusters requested")}, source {s.SourceModel}");
        w.WriteLine();
        if (r.SafeTensors is { } safeTensors)
        {
            w.WriteLine("safetensors model (decompress writes these files back):");
            SafeTensorsInventoryText.Write(w, safeTensors);
        }
        else
        {
            w.WriteLine("model skeleton:");
            OnnxSummaryText.Write(w, r.Model);
        }
        w.WriteLine();
        w.WriteLine("quantized tensors:");
        bool measured = r.Tensors.Any(t => t.Error != null);
        string[] columns = ["name", "shape", "parameters", "codebook", "clusters", "coding", "bits/param", "sparsity", "gap bits", "index bits", "gap table",
            "scales", "bits/scale"];
        int[] right = [2, 3, 4, 6, 7, 8, 9, 10, 11, 12];
        var tensors = new TextTable(measured ? [.. columns, "rel. L2", "SQNR dB"] : columns).RightAlign(measured ? [.. right, 13, 14] : right);
        foreach (TensorEntry t in r.Tensors)
        {
            string[] cells = [t.Name, Shape(t.Shape), Integer(t.Parameters), t.Codebook.ToString(CultureInfo.InvariantCulture),
                t.Clusters.ToString(CultureInfo.InvariantCulture), t.Coding, t.BitsPerParameter.ToString("F3", CultureInfo.InvariantCulture), Percent(t.Sparsity),
                t.GapBits?.ToString(CultureInfo.InvariantCulture) ?? "-", Integer(t.IndexBits), Integer(t.IndexTableBits),
                t.Scales == 0 ? "-" : Integer(t.Scales), t.Scales == 0 ? "-" : PerScale(t.ScaleBits, t.Scales)];
            tensors.Add(measured && t.Error is { } e
                ? [.. cells, e.RelativeL2.ToString("F4", CultureInfo.InvariantCulture), e.SqnrDb.ToString("F1", CultureInfo.InvariantCulture)]
                : cells);
        }
        tensors.Write(w);
        if (r.Exempt.Count > 0)
            w.WriteLine($"kept exact in the model (compress --keep): {string.Join(", ", r.Exempt.Select(t => $"{t.Name} ({t.Shape})"))}");
        w.WriteLine();
        w.WriteLine("codebooks:");
        var codebooks = new TextTable("codebook", "values", "stored as", "value bits", "coding", "stream bits", "table bits", "symbols")
            .RightAlign(0, 1, 3, 5, 6, 7);
        foreach (CodebookEntry c in r.Codebooks)
            codebooks.Add(c.Index.ToString(CultureInfo.InvariantCulture), c.Values.ToString(CultureInfo.InvariantCulture),
                c.GridStep is { } step ? "levels of " + step.ToString("R", CultureInfo.InvariantCulture) : "float32", Integer(c.ValueBits), c.Coding,
                Integer(c.StreamBits), Integer(c.TableBits), Integer(c.Symbols));
        codebooks.Write(w);
        w.WriteLine();
        WriteStorage(w, r.Storage);
    }

    // Bits per stored scale, the packed form's header shared among them: 32.0 in the float form.
    static string PerScale(long bits, long scales) => ((double)bits / scales).ToString("F1", CultureInfo.InvariantCulture);

    static void WriteStorage(TextWriter w, StorageTerms s)
    {
        w.WriteLine("storage, eq. (1):");
        var table = new TextTable("term", "bits").RightAlign(1);
        table.Add("original (32 x parameters)", Integer(s.OriginalBits));
        table.Add("weights (coded indices)", Integer(s.WeightBits));
        table.Add("codeword tables", Integer(s.CodewordTableBits));
        table.Add("shared values (as stored)", Integer(s.SharedValueBits));
        table.Add("table total", Integer(s.TableBits));
        table.Add("positions (index differences)", Integer(s.IndexBits));
        table.Add("gap code tables", Integer(s.IndexTableBits));
        if (s.ScaleBits > 0) table.Add($"scales ({Integer(s.Scales)} x {PerScale(s.ScaleBits, s.Scales)} bits)", Integer(s.ScaleBits));
        if (s.ExemptBits > 0) table.Add("kept exact (32 x parameters)", Integer(s.ExemptBits));
        table.Add("total", Integer(s.TotalBits));
        table.Write(w);
        w.WriteLine($"compression ratio: {s.CompressionRatio.ToString("F2", CultureInfo.InvariantCulture)} ({Integer(s.Parameters)} parameters)");
    }
}
