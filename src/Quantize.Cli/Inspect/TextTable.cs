namespace Quantize.Cli.Inspect;

/// <summary>
/// A plain aligned table for terminal output: text columns left-aligned, numeric columns right-aligned so
/// digits line up. Kept free of terminal codes so the output can be piped and diffed.
/// </summary>
sealed class TextTable(params string[] headers)
{
    readonly List<string[]> rows = [];
    readonly bool[] numeric = new bool[headers.Length];

    /// <summary>Marks the columns whose cells are right-aligned.</summary>
    public TextTable RightAlign(params int[] columns)
    {
        foreach (int c in columns) numeric[c] = true;
        return this;
    }

    public void Add(params string[] cells) => rows.Add(cells);

    public void Write(TextWriter writer, string indent = "  ")
    {
        int[] widths = headers.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        WriteRow(writer, indent, headers, widths);
        foreach (string[] row in rows) WriteRow(writer, indent, row, widths);
    }

    void WriteRow(TextWriter writer, string indent, string[] cells, int[] widths)
    {
        IEnumerable<string> padded = cells.Select((cell, c) => numeric[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
        writer.WriteLine(indent + string.Join("  ", padded).TrimEnd());
    }
}
