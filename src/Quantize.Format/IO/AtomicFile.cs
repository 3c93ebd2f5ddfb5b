namespace Quantize.Format.IO;

/// <summary>
/// Writes files so that readers never see a partial one: the bytes go to a temporary name beside the
/// target and are renamed over it only once complete. A failing or interrupted run leaves the old file.
/// A run killed outright (SIGKILL, power loss) cannot delete its temporary file; the next write of the same
/// target deletes every temporary of it whose writing process is gone (<see cref="StaleTemporaries"/>).
/// </summary>
public static class AtomicFile
{
    const string TemporarySuffix = ".tmp";

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

    // Clears the target's temporaries left by killed writers first, then names this writer's own.
    static string TemporaryBeside(string fullPath)
    {
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"output folder does not exist: {directory}");
        string name = Path.GetFileName(fullPath);
        foreach (string stale in StaleTemporaries(directory, name)) TryDelete(stale);
        return Path.Combine(directory, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporarySuffix}");
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

    /// <summary>
    /// Temporary files of <paramref name="name"/> in <paramref name="directory"/> (<c>.NAME.PID.GUID.tmp</c>) left by
    /// processes that no longer run: a writer still alive, here or in another process, keeps its file.
    /// </summary>
    public static IEnumerable<string> StaleTemporaries(string directory, string name)
    {
        string prefix = $".{name}.";
        foreach (string path in Directory.EnumerateFiles(directory, $".{name}.*{TemporarySuffix}"))
        {
            string middle = Path.GetFileName(path)[prefix.Length..^TemporarySuffix.Length]; // PID.GUID
            int dot = middle.IndexOf('.');
            if (dot <= 0 || middle.IndexOf('.', dot + 1) >= 0 || middle.Length - dot - 1 != 32) continue; // not one of ours
            if (int.TryParse(middle[..dot], out int pid) && !IsRunning(pid)) yield return path;
        }
    }

    static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Another writer cleaning up at the same moment; whoever deletes it, it goes.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to delete (another user's writer): it stays, as it would have without us.
        }
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
