using static Quantize.Cli.Inspect.OnnxSummaryText;

namespace Quantize.Cli.Inspect;

/// <summary>Writes a <see cref="SafeTensorsInventory"/>: its files, metadata and one row per tensor in file order.</summary>
static class SafeTensorsInventoryText
{
    public static void Write(TextWriter w, SafeTensorsInventory inventory)
    {
        w.WriteLine($"files:        {string.Join(", ", inventory.Files)}");
        w.WriteLine($"metadata:     {(inventory.Metadata.Count == 0 ? "none" : string.Join(", ", inventory.Metadata.Select(p => $"{p.Key}={p.Value}")))}");
        int weights = inventory.Tensors.Count(t => t.Kind == SafeTensorsInventory.Weight);
        w.WriteLine($"tensors:      {inventory.Tensors.Count}: {weights} weights ({Integer(inventory.WeightParameters)} parameters), " +
                    $"{inventory.Tensors.Count - weights} kept exact ({Integer(inventory.KeptParameters)} elements)");
        bool sharded = inventory.Files.Count > 1;
        var table = new TextTable(sharded ? ["name", "dtype", "shape", "parameters", "kind", "file"] : ["name", "dtype", "shape", "parameters", "kind"])
            .RightAlign(3);
        foreach (SafeTensorsTensorEntry t in inventory.Tensors)
            table.Add(sharded ? [t.Name, t.Dtype, Shape(t.Shape), Integer(t.Parameters), t.Kind, t.File] : [t.Name, t.Dtype, Shape(t.Shape), Integer(t.Parameters), t.Kind]);
        table.Write(w);
    }
}
