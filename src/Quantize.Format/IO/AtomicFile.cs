namespace Quantize.Format.IO;

/// <summary>
/// Writes files so that readers never see a partial one: the bytes go to a temporary name beside the
/// target and are renamed over it only once complete. A failing or interrupted run leaves the old file.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"output folder does not exist: {directory}");
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Refuses an output path that names one of the inputs, so a run never destroys its source.</summary>
    public static void EnsureNotInput(string output, params string[] inputs)
    {
        string target = Path.GetFullPath(output);
        foreach (string input in inputs)
            if (string.Equals(target, Path.GetFullPath(input), StringComparison.Ordinal))
                throw new IOException($"output {output} would overwrite the input; choose another name");
    }
}
