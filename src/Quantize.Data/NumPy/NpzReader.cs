using System.IO.Compression;

namespace Quantize.Data.NumPy;

/// <summary>
/// Reads NumPy's .npz archives: a zip of .npy files, stored (<c>np.savez</c>) or deflated (<c>np.savez_compressed</c>),
/// each array keyed by its entry name without ".npy" (positional arrays are arr_0, arr_1, ...).
/// </summary>
public static class NpzReader
{
    /// <summary>Every array of the archive, in the archive's order.</summary>
    public static IReadOnlyList<NpyArray> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"NumPy archive not found: {path}", path);
        using FileStream file = File.OpenRead(path);
        ZipArchive zip;
        IReadOnlyCollection<ZipArchiveEntry> entries;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read);
            // The central directory is read on first use of Entries, so a damaged one fails here, not in the loop (found by fuzzing).
            entries = zip.Entries;
        }
        catch (InvalidDataException e)
        {
            throw new NpyFormatException($"{path} is not an .npz archive (not a readable zip: {OneLine(e.Message)})", e);
        }
        using (zip)
        {
            var arrays = new List<NpyArray>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (ZipArchiveEntry entry in entries)
            {
                if (entry.FullName.EndsWith('/')) continue; // a folder entry holds nothing
                string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                if (!names.Add(name)) throw new NpyFormatException($"{path}: array '{name}' appears twice in the archive");
                try
                {
                    using Stream stream = entry.Open();
                    arrays.Add(NpyReader.Read(stream, name, path, entry.Length));
                }
                catch (InvalidDataException e)
                {
                    throw new NpyFormatException($"{path}: array '{name}' is damaged in the archive ({OneLine(e.Message)})", e);
                }
            }
            return arrays;
        }
    }

    static string OneLine(string message) => message.ReplaceLineEndings(" ").TrimEnd('.', ' ');
}
