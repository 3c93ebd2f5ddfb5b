namespace Quantize.Format.SafeTensors;

/// <summary>An index and its shards must agree: the weight map names every tensor of the shards, each in its own shard, and nothing else.</summary>
static class IndexRules
{
    public static void Check(SafeTensorsIndex index, IEnumerable<(string FileName, SafeTensorsHeader Header)> shards, string description)
    {
        int tensors = 0;
        foreach ((string file, SafeTensorsHeader header) in shards)
            foreach (SafeTensorsEntry entry in header.Entries)
            {
                tensors++;
                if (!index.WeightMap.TryGetValue(entry.Name, out string? named))
                    throw new SafeTensorsFormatException($"{description}: tensor '{entry.Name}' of {file} is not in the index's weight_map");
                if (named != file)
                    throw new SafeTensorsFormatException($"{description}: the weight_map puts tensor '{entry.Name}' in {named}, but it is in {file}");
            }
        if (tensors != index.WeightMap.Count)
        {
            string missing = index.WeightMap.Keys.First(name => !shards.Any(s => s.Header.Entries.Any(e => e.Name == name)));
            throw new SafeTensorsFormatException($"{description}: the weight_map names tensor '{missing}', which its shard does not hold");
        }
    }
}
