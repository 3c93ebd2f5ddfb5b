using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quantize.Format.SafeTensors;

/// <summary>
/// The index of a sharded safetensors model (<c>model.safetensors.index.json</c>, as Hugging Face writes it): a
/// <c>weight_map</c> from each tensor name to the shard file that holds it, and an informative <c>metadata</c>. Shards
/// are named by plain file names in the index's folder.
/// </summary>
public sealed record SafeTensorsIndex(IReadOnlyDictionary<string, string> WeightMap)
{
    public const string Suffix = ".index.json";

    /// <summary>The shard files in the order the weight map first names them.</summary>
    public IReadOnlyList<string> ShardNames => WeightMap.Values.Distinct(StringComparer.Ordinal).ToList();

    public static SafeTensorsIndex Parse(ReadOnlySpan<byte> json, string description)
    {
        SafeTensorsFormatException Bad(string problem) => new($"{description} is not a valid safetensors index: {problem}");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            JsonObject root = JsonNode.Parse(json)?.AsObject() ?? throw Bad("not a JSON object");
            JsonObject weights = root["weight_map"]?.AsObject() ?? throw Bad("no weight_map");
            foreach ((string name, JsonNode? file) in weights.ToList())
            {
                string shard = file!.GetValue<string>();
                if (!IsPlainFileName(shard, ".safetensors"))
                    throw Bad($"tensor '{name}' is in '{shard}', which is not a .safetensors file name in the index's folder");
                map[name] = shard;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or NullReferenceException or FormatException)
        {
            throw Bad(e.Message);
        }
        if (map.Count == 0) throw Bad("its weight_map is empty");
        return new SafeTensorsIndex(map);
    }

    /// <summary>
    /// Whether <paramref name="name"/> is a file name with no folder part that ends in <paramref name="extension"/>: what a
    /// shard or index may be called, so that writing it back never leaves the folder it is written to.
    /// </summary>
    public static bool IsPlainFileName(string name, string extension) =>
        name.Length > extension.Length && name.EndsWith(extension, StringComparison.Ordinal) && name.Length <= 255
        && name.IndexOfAny(['/', '\\', ':']) < 0 && !name.Any(char.IsControl) && name != "." && name != ".." && !name.StartsWith('.');
}
