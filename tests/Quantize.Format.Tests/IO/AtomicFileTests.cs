using Quantize.Format.IO;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.IO;

public class AtomicFileTests
{
    const string WriterFailure = "the writer failed halfway";

    static void WriteHalfThenFail(Stream stream)
    {
        stream.Write(new byte[1000]);
        stream.Flush();
        throw new InvalidOperationException(WriterFailure);
    }

    /// <summary>The writer's own exception must come out unchanged, not be wrapped or replaced.</summary>
    static void AssertWriterFailed(Action write) =>
        Assert.Equal(WriterFailure, Assert.Throws<InvalidOperationException>(write).Message);

    [Fact]
    public void Write_CreatesTheFileWithExactlyTheWrittenBytes()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("out.bin");

        AtomicFile.Write(path, stream => stream.Write([1, 2, 3]));

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["out.bin"], folder.FileNames());
    }

    [Fact]
    public void Write_ReplacesAnExistingFileWhole()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("out.bin");
        File.WriteAllBytes(path, new byte[5000]);

        AtomicFile.WriteAllBytes(path, [9, 8]);

        Assert.Equal(new byte[] { 9, 8 }, File.ReadAllBytes(path));
        Assert.Equal(["out.bin"], folder.FileNames());
    }

    [Fact]
    public void Write_FailingMidway_LeavesNeitherTargetNorTemporaryFile()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("out.bin");

        AssertWriterFailed(() => AtomicFile.Write(path, WriteHalfThenFail));

        Assert.Empty(folder.FileNames());
        Assert.Empty(Directory.GetDirectories(folder.Path));
    }

    [Fact]
    public void Write_FailingMidway_KeepsTheOldContentOfAnExistingTarget()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("out.bin");
        File.WriteAllText(path, "old content");

        AssertWriterFailed(() => AtomicFile.Write(path, WriteHalfThenFail));

        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal(["out.bin"], folder.FileNames());
    }

    [Fact]
    public void WritePair_WritesBothFiles_TheFirstCompleteBeforeTheSecondStarts()
    {
        using var folder = new TemporaryFolder();
        long firstLengthSeenBySecond = -1;

        AtomicFile.WritePair(folder.File("m.onnx.data"), stream => stream.Write(new byte[3000]),
            folder.File("m.onnx"), stream =>
            {
                // The first is complete under its temporary name, and not yet in place.
                string temporary = Directory.GetFiles(folder.Path, ".m.onnx.data.*.tmp").Single();
                firstLengthSeenBySecond = new FileInfo(temporary).Length;
                Assert.False(File.Exists(folder.File("m.onnx.data")));
                stream.Write([1, 2]);
            });

        Assert.Equal(3000, firstLengthSeenBySecond);
        Assert.Equal(["m.onnx", "m.onnx.data"], folder.FileNames());
        Assert.Equal(new byte[] { 1, 2 }, File.ReadAllBytes(folder.File("m.onnx")));
    }

    [Fact]
    public void WritePair_SecondFailing_LeavesBothOldFilesAndNoTemporaryOne()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("m.onnx"), "old model");
        File.WriteAllText(folder.File("m.onnx.data"), "old data");

        AssertWriterFailed(() => AtomicFile.WritePair(folder.File("m.onnx.data"), stream => stream.Write(new byte[3000]),
            folder.File("m.onnx"), WriteHalfThenFail));

        Assert.Equal(["m.onnx", "m.onnx.data"], folder.FileNames());
        Assert.Equal("old model", File.ReadAllText(folder.File("m.onnx")));
        Assert.Equal("old data", File.ReadAllText(folder.File("m.onnx.data")));
    }

    [Fact]
    public void Write_IntoAMissingFolder_ThrowsDirectoryNotFound()
    {
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "missing", "out.bin");

        Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.Write(path, stream => stream.WriteByte(1)));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "missing")));
    }

    [Fact]
    public void EnsureNotInput_RejectsTheSamePathWrittenDifferently()
    {
        using var folder = new TemporaryFolder();
        string absolute = folder.File("model.onnx");
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, absolute);
        string roundabout = Path.Combine(folder.Path, "sub", "..", ".", "model.onnx");
        Assert.NotEqual(absolute, relative);

        Assert.Throws<IOException>(() => AtomicFile.EnsureNotInput(relative, absolute));
        Assert.Throws<IOException>(() => AtomicFile.EnsureNotInput(absolute, "other.onnx", relative));
        var error = Assert.Throws<IOException>(() => AtomicFile.EnsureNotInput(roundabout, absolute));
        Assert.Contains(roundabout, error.Message);
    }

    [Fact]
    public void EnsureNotInput_AllowsADifferentFile()
    {
        using var folder = new TemporaryFolder();

        AtomicFile.EnsureNotInput(folder.File("model.nqz"), folder.File("model.onnx"), folder.File("data"));
        AtomicFile.EnsureNotInput(folder.File("model.nqz"));
    }

    [Fact]
    public void Write_DeletesTemporariesOfDeadWriters_AndKeepsThoseOfLiveOnesAndOtherFiles()
    {
        using var folder = new TemporaryFolder();
        string guid = new string('a', 32);
        // A writer killed outright leaves its temporary; no process has a PID of int.MaxValue, and PID 1 always runs.
        string dead = folder.File($".out.bin.{int.MaxValue}.{guid}.tmp"), live = folder.File($".out.bin.1.{guid}.tmp");
        string otherTarget = folder.File($".other.bin.{int.MaxValue}.{guid}.tmp"), notOurs = folder.File(".out.bin.notes.tmp");
        foreach (string path in new[] { dead, live, otherTarget, notOurs }) File.WriteAllText(path, "partial");

        AtomicFile.WriteAllBytes(folder.File("out.bin"), [7]);

        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(otherTarget)); // cleaned when its own target is written
        Assert.True(File.Exists(notOurs));
        Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(folder.File("out.bin")));
    }
}
