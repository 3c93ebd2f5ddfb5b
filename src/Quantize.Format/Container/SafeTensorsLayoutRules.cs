using Quantize.Format.Container.Proto;
using Quantize.Format.SafeTensors;

namespace Quantize.Format.Container;

/// <summary>
/// Structural rules of a container's safetensors layout (docs/format.md, section 15, rules L1 to L4), checked with the
/// rest of the body before anything is decoded: file names that cannot leave the folder written to, headers that parse
/// strictly, tensor names unique over all shards, and an index that agrees with its shards.
/// </summary>
static class SafeTensorsLayoutRules
{
    public static void Validate(SafeTensorsLayout layout, Action<string> fail)
    {
        if (layout.Shards.Count == 0) fail("its safetensors layout has no shard");
        var files = new HashSet<string>(StringComparer.OrdinalIgnoreCase); // one file even where the file system ignores case
        var tensors = new HashSet<string>(StringComparer.Ordinal);
        var headers = new List<(string, SafeTensorsHeader)>();
        foreach (SafeTensorsShard shard in layout.Shards)
        {
            if (!SafeTensorsIndex.IsPlainFileName(shard.Name, SafeTensorsModel.Extension))
                fail($"safetensors shard '{shard.Name}' is not a plain file name ending in {SafeTensorsModel.Extension}");
            if (!files.Add(shard.Name)) fail($"safetensors shard '{shard.Name}' appears twice");
            if (shard.Header.Length > SafeTensorsHeader.MaxHeaderBytes) fail($"safetensors shard '{shard.Name}' has a header of {shard.Header.Length} bytes");
            SafeTensorsHeader header = Parsed(shard, fail);
            foreach (SafeTensorsEntry entry in header.Entries)
                if (!tensors.Add(entry.Name)) fail($"safetensors tensor '{entry.Name}' appears in two shards");
            headers.Add((shard.Name, header));
        }
        if (layout.IndexName.Length == 0)
        {
            if (!layout.Index.IsEmpty) fail("its safetensors layout has an index without a file name");
            return;
        }
        if (!SafeTensorsIndex.IsPlainFileName(layout.IndexName, ".json")) fail($"safetensors index '{layout.IndexName}' is not a plain file name ending in .json");
        try
        {
            IndexRules.Check(SafeTensorsIndex.Parse(layout.Index.Span, layout.IndexName), headers, layout.IndexName);
        }
        catch (SafeTensorsFormatException e)
        {
            fail(e.Message);
        }
    }

    /// <summary>The header of a shard that <see cref="Validate"/> accepted.</summary>
    public static SafeTensorsHeader Parsed(SafeTensorsShard shard, Action<string>? fail = null)
    {
        try
        {
            return SafeTensorsHeader.Parse(shard.Header.Span, null, $"safetensors shard '{shard.Name}'");
        }
        catch (SafeTensorsFormatException e) when (fail != null)
        {
            fail(e.Message);
            throw; // fail throws; this is never reached
        }
    }
}
