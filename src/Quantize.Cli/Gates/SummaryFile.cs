using System.Text;
using Quantize.Format.IO;

namespace Quantize.Cli.Gates;

/// <summary>The <c>--summary FILE</c> of a CI run: checked before the slow work, replaced atomically at the end.</summary>
public static class SummaryFile
{
    /// <summary>A summary that could not be written should fail before a long run, not after it.</summary>
    public static void CheckFolder(string? path)
    {
        if (path == null) return;
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"folder of --summary does not exist: {folder}");
    }

    public static void Write(string path, string markdown) => AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(markdown));
}
