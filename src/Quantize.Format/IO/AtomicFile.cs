namespace Quantize.Format.IO;

/// <summary>
/// Writes files so that readers never see a partial one: the bytes go to a temporary name beside the
/// target and are renamed over it only once complete. A failing or interrupted run leaves the old file.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write) => WritePair(path, write, null, null);

    /// <summary>
    /// Writes two files that belong together, such as an ONNX model and its external data file: each goes to a temporary
    /// name, <paramref name="writeFirst"/> runs to the end before <paramref name="writeSecond"/> starts, and only when both
    /// are complete on disk are they renamed into place, the first before the second. A failure while writing leaves both
    /// old files; a reader that opens the second (the model) finds a complete first (its data) beside it. Only a crash in
    /// the instant between the two renames can leave a new first file beside an old second one.
    /// </summary>
    public static void WritePair(string firstPath, Action<Stream> writeFirst, string? secondPath, Action<Stream>? writeSecond)
    {
        string first = Path.GetFullPath(firstPath);
        string? second = secondPath == null ? null : Path.GetFullPath(secondPath);
        string firstTemporary = TemporaryBeside(first);
        string? secondTemporary = second == null ? null : TemporaryBeside(second);
        try
        {
            WriteComplete(firstTemporary, writeFirst);
            if (secondTemporary != null) WriteComplete(secondTemporary, writeSecond!);
            File.Move(firstTemporary, first, overwrite: true);
            if (secondTemporary != null) File.Move(secondTemporary, second!, overwrite: true);
        }
        finally
        {
            if (File.Exists(firstTemporary)) File.Delete(firstTemporary);
            if (secondTemporary != null && File.Exists(secondTemporary)) File.Delete(secondTemporary);
        }
    }

    static string TemporaryBeside(string fullPath)
    {
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"output folder does not exist: {directory}");
        return Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    static void WriteComplete(string temporary, Action<Stream> write)
    {
        using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        write(stream);
        stream.Flush(flushToDisk: true);
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
